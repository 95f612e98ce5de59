// The rules the doc test runs blocks by: which fences count, the skip marker, stack start lines, port moves.
import { describe, expect, it } from "vitest";
import { extractShellBlocks, prepareBlock } from "./blocks.js";

const md = [
  "# Title", //                                         1
  "```bash", //                                         2
  "echo one",
  "```",
  "```ts", //                                           5: not a shell block
  "const x = 1;",
  "```",
  "<!-- doc-test: skip (needs a GPU) -->", //           8
  "", //                                                9: prettier puts a blank line here
  "```sh", //                                          10
  "run-on-gpu",
  "```",
  "<!-- doc-test: skip () -->", //                     13: empty reason
  "```shell", //                                       14
  "echo three",
  "```",
  "<!-- doc-test: skip -->", //                        17: no reason at all
  "```bash", //                                        18
  "echo four",
  "```",
  "```", //                                            21: untagged fence (diagram)
  "npm start",
  "```",
].join("\n");

describe("extractShellBlocks", () => {
  const blocks = extractShellBlocks("x.md", md);

  it("takes bash, sh and shell fences with their line, nothing else", () => {
    expect(blocks.map((b) => [b.line, b.text])).toEqual([
      [2, "echo one"],
      [10, "run-on-gpu"],
      [14, "echo three"],
      [18, "echo four"],
    ]);
  });

  it("skips only on a well-formed marker with a reason, across blank lines", () => {
    expect([blocks[0]!.skip, blocks[0]!.markerError]).toEqual([undefined, undefined]);
    expect([blocks[1]!.skip, blocks[1]!.markerError]).toEqual(["needs a GPU", undefined]);
  });

  it("turns a marker without a reason into an error, not a skip", () => {
    for (const b of [blocks[2]!, blocks[3]!]) {
      expect(b.skip).toBeUndefined();
      expect(b.markerError).toContain("write <!-- doc-test: skip (reason) --> with a reason");
    }
  });
});

describe("prepareBlock", () => {
  it("replaces stack start lines and moves the default stack's ports to the test's base", () => {
    const text = [
      "./scripts/dev.sh start   # starts the stack",
      "SUANLI_STACK_BASE_PORT=9000 npm start",
      "npm start -- --help",
      "curl -s http://127.0.0.1:8710/health",
      "curl -s localhost:8545 http://127.0.0.1:8702/metrics",
      "curl -s http://127.0.0.1:3000/unrelated",
    ].join("\n");
    expect(prepareBlock(text, 20_000).split("\n")).toEqual([
      "true # started by the doc test: ./scripts/dev.sh start   # starts the stack",
      "true # started by the doc test: SUANLI_STACK_BASE_PORT=9000 npm start",
      "npm start -- --help",
      "curl -s http://127.0.0.1:20165/health",
      "curl -s localhost:20000 http://127.0.0.1:20157/metrics",
      "curl -s http://127.0.0.1:3000/unrelated",
    ]);
  });
});
