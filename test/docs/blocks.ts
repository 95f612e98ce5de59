/**
 * The shell blocks of the documentation and the rules the doc test runs them by (see test/docs/docs.test.ts):
 *
 * - A block is a fence opened by ```bash, ```sh or ```shell; other fences (diagrams, code, output) are not run.
 * - It is skipped only when the last non-blank line before its fence is `<!-- doc-test: skip (reason) -->` with a
 *   non-empty reason. Anything else starting with `<!-- doc-test` there is an error, not a skip.
 * - A line that starts the stack (`npm start` or `./scripts/dev.sh start`, with optional VAR=value prefixes and a
 *   trailing comment) is not run again: the test started the stack with `./scripts/dev.sh start` itself.
 * - Ports of the default stack (base 8545) written as 127.0.0.1:<port> or localhost:<port> are moved to the
 *   test's stack, which runs on a free base of its own; SUANLI_STACK_BASE_PORT is set to that base.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_BASE_PORT, PORT_SLOTS, type StackService } from "../../services/stack/ports.js";

export interface ShellBlock {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  text: string;
  /** Set when the block carries a well-formed skip marker. */
  skip?: string;
  /** Set when the block carries a doc-test marker that is not well formed. */
  markerError?: string;
}

const SHELL_FENCE = /^```(bash|sh|shell)\s*$/;
const SKIP_MARKER = /^<!-- doc-test: skip \((.*)\) -->$/;

export function extractShellBlocks(file: string, markdown: string): ShellBlock[] {
  const lines = markdown.split("\n");
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("```")) continue;
    const opening = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
    if (!SHELL_FENCE.test(lines[opening]!)) continue;
    const block: ShellBlock = { file, line: opening + 1, text: body.join("\n") };
    let before = opening - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const previous = before >= 0 ? lines[before]!.trim() : "";
    if (previous.startsWith("<!-- doc-test")) {
      const reason = SKIP_MARKER.exec(previous)?.[1]?.trim();
      if (reason) block.skip = reason;
      else
        block.markerError = `malformed marker ${previous}: write <!-- doc-test: skip (reason) --> with a reason`;
    }
    blocks.push(block);
  }
  return blocks;
}

/** README.md and every docs/*.md, in that order. */
export function documentationBlocks(root: string, docs: string[]): ShellBlock[] {
  return docs.flatMap((file) => extractShellBlocks(file, readFileSync(path.join(root, file), "utf8")));
}

const STACK_START = /^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:npm start|\.\/scripts\/dev\.sh start)\s*(?:#.*)?$/;

/** The block as the test runs it: stack start lines replaced, default stack ports moved to `base`. */
export function prepareBlock(text: string, base: number): string {
  const defaults = new Map<number, number>();
  for (const service of Object.keys(PORT_SLOTS) as StackService[]) {
    const { offset, count } = PORT_SLOTS[service];
    for (let i = 0; i < count; i++) defaults.set(DEFAULT_BASE_PORT + offset + i, base + offset + i);
  }
  return text
    .split("\n")
    .map((line) => (STACK_START.test(line.trim()) ? `true # started by the doc test: ${line.trim()}` : line))
    .join("\n")
    .replace(/\b(127\.0\.0\.1|localhost):(\d+)\b/g, (whole, host: string, port: string) => {
      const moved = defaults.get(Number(port));
      return moved === undefined ? whole : `${host}:${moved}`;
    });
}
