/**
 * The real `suanli` binary against local chains (hub, east, west JSON-RPC nodes, every contract deployed,
 * the bridge running) and the REST API: every command group with `--json` output and exit codes, then more
 * than a hundred generated bad invocations, each refused with a non-zero exit, exactly one `error:` line
 * naming the problem and no stack trace.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HDNodeWallet, parseUnits, Wallet } from "ethers";
import { DEV_PARAMS } from "../../deploy/params.js";
import { recordDeployment } from "../../deploy/suanli.js";
import { SignatureReceiptVerifier__factory } from "../../types/contracts/index.js";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { ACTORS, type ApiEnv, startApiEnv } from "../api/env.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { errorLines, hasStackTrace, pool, type Ran, suanli } from "./run.js";

const VOTING_PERIOD = 300n;
const TALLY_WINDOW = 60n;
const json = <T = Record<string, unknown>>(r: Ran): T => JSON.parse(r.stdout) as T;
const ok = (r: Ran) => {
  expect(errorLines(r), r.stderr).toEqual([]);
  expect(r.code).toBe(0);
  expect(hasStackTrace(r)).toBe(false);
  return r;
};
const key = (actor: keyof typeof ACTORS) => ({ SUANLI_PRIVATE_KEY: devAccount(ACTORS[actor]).privateKey });

describe("suanli CLI against local chains", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let base: NodeJS.ProcessEnv;
  let nodeId: string;
  let work: string;

  beforeAll(async () => {
    // A longer hub vote than the development one, so the cross-chain vote below (bridge relays, CLI processes)
    // fits its windows on a loaded machine.
    env = await startApiEnv({
      bridge: true,
      params: {
        ...DEV_PARAMS,
        governance: { ...DEV_PARAMS.governance, votingPeriod: VOTING_PERIOD, tallyWindow: TALLY_WINDOW },
      },
    });
    api = await startApi(
      env.apiConfig({
        hub: {
          ...env.apiConfig().hub,
          governor: await env.net.hub.governor.getAddress(),
          token: await env.net.hub.token.getAddress(),
          timelock: await env.net.hub.timelock.getAddress(),
        },
      }),
    );
    work = mkdtempSync(path.join(tmpdir(), "suanli-cli-"));
    const records = path.join(work, "deployments");
    const { hub, regions, bridges } = env.net;
    const bridgeOf = (n: string) => ({
      mailbox: bridges![n]!.mailbox,
      ism: bridges![n]!.ism,
      bridgeFromBlock: bridges![n]!.fromBlock,
    });
    const governance = env.net.governance!;
    await recordDeployment(records, "hub", {
      ...hub,
      ...bridgeOf("hub"),
      governanceDispatcher: bridges!.hub!.governanceDispatcher,
      ...governance.hub,
    });
    for (const [n, r] of Object.entries(regions))
      await recordDeployment(records, n, {
        ...r,
        ...bridgeOf(n),
        governanceExecutor: env.net.executors[n],
        gateway: governance.regions[n]!.gateway,
        suan: governance.regions[n]!.token,
        voteAggregator: governance.regions[n]!.aggregator,
      });
    base = {
      SUANLI_HUB_RPC_URL: env.chains.hub.url,
      SUANLI_EAST_RPC_URL: env.chains.east.url,
      SUANLI_WEST_RPC_URL: env.chains.west.url,
      SUANLI_DEPLOYMENTS_DIR: records,
      SUANLI_API_URL: api.url,
      SUANLI_RELAYER_URL: `http://127.0.0.1:${env.bridge!.relayer.port}`,
      SUANLI_KEYSTORE_DIR: path.join(work, "keystore"),
      SUANLI_KEYSTORE_PASSWORD: "correct horse battery staple",
      SUANLI_STACK_BASE_PORT: "1999", // no stack there: commands must not fall back to one
      SUANLI_PRIVATE_KEY: "",
    };
    // The provider needs SUAN to stake and the buyer test USD to escrow (test set-up, not the CLI's job).
    const voterHub = env.signer("voter", "hub");
    await (
      await env.net.hub.token
        .connect(voterHub)
        .transfer(devAccount(ACTORS.provider).address, parseUnits("2000", 18))
    ).wait();
    await env.fund(devAccount(ACTORS.buyer).address, 10_000_000_000n);
  }, 240_000);
  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    suanli(args, { ...base, ...extra }, { input });

  it("keys new | import | list", async () => {
    const created = json(ok(await run(["keys", "new", "provider", "--json"])));
    expect(created.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const imported = json(
      ok(await run(["keys", "import", "voter", "--json"], {}, `${devAccount(ACTORS.voter).privateKey}\n`)),
    );
    expect(imported.address).toBe(devAccount(ACTORS.voter).address);
    const list = json<{ keys: { name: string; address: string }[] }>(
      ok(await run(["keys", "list", "--json"])),
    );
    expect(list.keys.map((k) => k.name).sort()).toEqual(["provider", "voter"]);
    expect(list.keys.find((k) => k.name === "voter")!.address.toLowerCase()).toBe(
      devAccount(ACTORS.voter).address.toLowerCase(),
    );
  }, 120_000);

  it("provider register | list | status | update | pause | resume | stake | unbond | earnings", async () => {
    const reg = json(
      ok(
        await run(
          [
            "provider",
            "register",
            "--region",
            "east",
            "--cpu",
            "32",
            "--memory",
            "131072",
            "--gpu",
            "H100",
            "--gpus",
            "2",
            "--energy",
            "solar",
            "--carbon",
            "40",
            "--price",
            "20",
            "--endpoint",
            "https://node.east.example:8443",
            "--json",
          ],
          key("provider"),
        ),
      ),
    );
    nodeId = String(reg.nodeId);
    expect(BigInt(nodeId) >> 64n).toBe(31_338n);
    const list = json<{ nodeId: string; status: string; operator: string }[]>(
      ok(await run(["provider", "list", "--region", "east", "--json"])),
    );
    expect(list.map((n) => n.nodeId)).toContain(nodeId);
    // A node without GPUs reads "-" in the table, not "0x".
    const bareArgs =
      "provider register --region east --cpu 4 --memory 8192 --price 30 --endpoint https://bare.example:8443";
    const bare = String(json(ok(await run([...bareArgs.split(" "), "--json"], key("provider")))).nodeId);
    const rows = ok(await run(["provider", "list", "--region", "east"])).stdout.split("\n");
    const gpuOf = (id: string) => rows.find((l) => l.startsWith(`${id} `))?.split(/ {2,}/)[3];
    expect(gpuOf(bare)).toBe("-");
    expect(gpuOf(nodeId)).toBe("2x H100");
    ok(
      await run(
        ["provider", "update", nodeId, "--region", "east", "--price", "25", "--json"],
        key("provider"),
      ),
    );
    let status = json(ok(await run(["provider", "status", nodeId, "--region", "east", "--json"])));
    expect(status).toMatchObject({
      status: "active",
      pricePerSecond: "25",
      gpuModel: "H100",
      energy: "solar",
    });
    ok(await run(["provider", "pause", nodeId, "--region", "east", "--json"], key("provider")));
    expect(json(ok(await run(["provider", "status", nodeId, "--region", "east", "--json"]))).status).toBe(
      "paused",
    );
    ok(await run(["provider", "resume", nodeId, "--region", "east", "--json"], key("provider")));
    // Staking needs the hub to know the node: `stake` itself waits until the bridge carried the registration.
    ok(await run(["provider", "stake", nodeId, "--amount", "1000", "--json"], key("provider")));
    ok(await run(["provider", "unbond", nodeId, "--amount", "10", "--json"], key("provider")));
    status = json(ok(await run(["provider", "status", nodeId, "--region", "east", "--json"])));
    expect(status).toMatchObject({ bonded: "990.0", unbonding: "10.0" });
    const earnings = json(
      ok(await run(["provider", "earnings", devAccount(ACTORS.provider).address, "--json"])),
    );
    expect(earnings).toHaveProperty("credit");
  }, 240_000);

  it("buyer quote | submit | status | cancel | follow through the REST API", async () => {
    const quote = json<{ escrow: string }>(
      ok(await run(["buyer", "quote", "--resources", "1", "--duration", "60", "--json"])),
    );
    expect(BigInt(quote.escrow)).toBeGreaterThan(0n);
    const submitted = json<{ jobId: string; buyer: string }>(
      ok(await run(["buyer", "submit", "--resources", "1", "--duration", "60", "--json"], key("buyer"))),
    );
    expect(submitted.buyer).toBe(devAccount(ACTORS.buyer).address);
    await waitFor(
      async () => (await run(["buyer", "status", submitted.jobId, "--json"])).code === 0,
      60_000,
      "job indexed",
    );
    expect(json(ok(await run(["buyer", "status", submitted.jobId, "--json"]))).status).toBe("open");
    ok(await run(["buyer", "cancel", submitted.jobId, "--json"], key("buyer")));
    const followed = json<{ steps: { type: string }[] }>(
      ok(await run(["buyer", "follow", submitted.jobId, "--json"])),
    );
    expect(followed.steps.map((s) => s.type)).toEqual(["created", "cancelled"]);
    const result = await run(["buyer", "result", submitted.jobId, "--out", path.join(work, "r.bin")]);
    expect(result.code).toBe(1);
    expect(errorLines(result)).toHaveLength(1);
  }, 240_000);

  it("dao delegate | propose fee | proposals | show | vote | queue | execute, and the fee changes", async () => {
    const voter = key("voter");
    ok(await run(["dao", "delegate", "--json"], voter));
    const proposed = json<{ proposalId: string; calls: string[] }>(
      ok(
        await run(
          [
            "dao",
            "propose",
            "fee",
            "--bps",
            "300",
            "--description",
            "Raise the protocol fee to 3%",
            "--no-announce", // a hub-only vote: no region needs it
            "--json",
          ],
          voter,
        ),
      ),
    );
    expect(proposed.calls[0]).toMatch(/^JobMarket\.setPolicy\(.*"protocolFeeBps":"?300/);
    const list = json<{ proposalId: string; state: string }[]>(ok(await run(["dao", "proposals", "--json"])));
    // The local stack's voting delay is 1 s of chain time: a slow CLI start can see the vote already open.
    expect(["Pending", "Active"]).toContain(list.find((p) => p.proposalId === proposed.proposalId)?.state);
    const hub = env.chains.hub.provider;
    await hub.send("evm_increaseTime", [2]); // votes are timestamped (ERC-6372)
    await hub.send("evm_mine", []);
    // The provider holds SUAN but never delegated: no votes at the snapshot. The Governor would answer
    // GovernorAlreadyCastVote (fractional counting: no weight left); the CLI names the problem and sends nothing.
    const holder = devAccount(ACTORS.provider).address;
    const nonce = await hub.getTransactionCount(holder);
    const powerless = await run(["dao", "vote", proposed.proposalId, "for"], key("provider"));
    expect(powerless.code).toBe(1);
    expect(hasStackTrace(powerless)).toBe(false);
    expect(errorLines(powerless)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: NO_VOTING_POWER: ${holder} had no votes at proposal ${proposed.proposalId}'s snapshot ` +
            String.raw`\(\d{4}-\d\d-\d\dT[\d:.]+Z\): votes count only from a delegation \(suanli dao delegate`,
        ),
      ),
    ]);
    expect(await hub.getTransactionCount(holder)).toBe(nonce);
    expect(await env.net.hub.governor.hasVoted(proposed.proposalId, holder)).toBe(false);
    ok(await run(["dao", "vote", proposed.proposalId, "for", "--json"], voter));
    const shown = json<{ state: string; calls: string[]; votes: { for: string } }>(
      ok(await run(["dao", "show", proposed.proposalId, "--json"])),
    );
    expect(shown.state).toBe("Active");
    expect(BigInt(shown.votes.for)).toBeGreaterThan(0n);
    await hub.send("evm_increaseTime", [Number(VOTING_PERIOD) + 14]);
    await hub.send("evm_mine", []);
    ok(await run(["dao", "queue", proposed.proposalId, "--json"], voter));
    await hub.send("evm_increaseTime", [3_601]);
    await hub.send("hardhat_mine", ["0x1"]);
    const executed = json(ok(await run(["dao", "execute", proposed.proposalId, "--json"], voter)));
    expect(executed.state).toBe("Executed");
    expect((await env.net.hub.jobMarket.policy()).protocolFeeBps).toBe(300n);
  }, 240_000);

  it("dao propose region-coordinator: a call run on east through the dispatcher and the bridge, shown in words", async () => {
    const voter = key("voter");
    const coordinator = Wallet.createRandom().address;
    const proposed = json<{ proposalId: string; calls: string[] }>(
      ok(
        await run(
          [
            "dao",
            "propose",
            "region-coordinator",
            "--region",
            "east",
            "--address",
            coordinator,
            "--valid-for",
            "86400",
            "--description",
            "East: appoint a new coordinator",
            "--no-announce", // a hub-only vote: no region needs it
            "--json",
          ],
          voter,
        ),
      ),
    );
    const words = `on east (through its GovernanceExecutor, valid 86400 s after execution): east RegionalReporter.setCoordinator(coordinator_="${coordinator}")`;
    expect(proposed.calls).toEqual([words]);
    const hub = env.chains.hub.provider;
    await hub.send("hardhat_mine", ["0x2"]);
    ok(await run(["dao", "vote", proposed.proposalId, "for", "--json"], voter));
    await hub.send("evm_increaseTime", [Number(VOTING_PERIOD) + 14]);
    await hub.send("evm_mine", []);
    ok(await run(["dao", "queue", proposed.proposalId, "--json"], voter));
    await hub.send("evm_increaseTime", [3_601]);
    await hub.send("hardhat_mine", ["0x1"]);
    ok(await run(["dao", "execute", proposed.proposalId, "--json"], voter));
    const shown = ok(await run(["dao", "show", proposed.proposalId]));
    expect(shown.stdout).toContain(`1. ${words}`);
    const reporter = env.net.regions.east!.reporter;
    await waitFor(
      async () => (await reporter.coordinator()) === coordinator,
      120_000,
      "the coordinator change executed on east",
    );
  }, 240_000);

  it("dao on every chain (issue 18, must-show 1): holders on hub, east and west vote; the hub's tally is their summed snapshot weights; west's verifier changes", async () => {
    const voter = key("voter");
    const voterAddress = devAccount(ACTORS.voter).address;
    // East: bob for, erin abstains; west: carol for by a signed ballot bob submits (he pays the gas), dave against.
    const [bob, erin, carol, dave] = [13, 14, 15, 16].map(devAccount);
    const as = (w: Wallet | HDNodeWallet) => ({ SUANLI_PRIVATE_KEY: w.privateKey });
    const SUAN = (n: number) => parseUnits(String(n), 18);
    const holdings = [
      [bob!, "east", 2_000],
      [erin!, "east", 700],
      [carol!, "west", 3_000],
      [dave!, "west", 400],
    ] as const;
    // The voter's SUAN reaches the regions through the bridge (lock on the hub, relayer + validators, mint).
    // Only the last one waits for its delivery (the CLI polls west); the others are checked below.
    for (const [i, [who, region, amount]] of holdings.entries()) {
      const last = i === holdings.length - 1;
      const moved = json<{ delivered: boolean; balanceOnDestination: string }>(
        ok(
          await run(
            [
              "dao",
              "bridge-tokens",
              "--to",
              region,
              "--amount",
              String(amount),
              "--recipient",
              who.address,
              ...(last ? [] : ["--no-wait"]),
              "--json",
            ],
            voter,
          ),
        ),
      );
      expect(moved.delivered).toBe(last);
      if (last) expect(moved.balanceOnDestination).toBe(`${amount}.0`);
    }
    for (const [who, region, amount] of holdings)
      await waitFor(
        async () =>
          (await env.net.governance!.regions[region]!.token.balanceOf(who.address)) === SUAN(amount),
        60_000,
        `${amount} SUAN minted on ${region}`,
      );
    await Promise.all(
      holdings.map(async ([who, region, amount]) => {
        const d = json<{ votes: string }>(
          ok(await run(["dao", "delegate", "--chain", region, "--json"], as(who))),
        );
        expect(d.votes).toBe(`${amount}.0`);
      }),
    );
    // The three chains' clocks brought together (earlier tests moved the hub's): snapshots are timestamps.
    const providers = Object.values(env.chains).map((c) => c.provider);
    const syncClocks = async () => {
      const times = await Promise.all(providers.map(async (p) => (await p.getBlock("latest"))!.timestamp));
      const t = Math.max(...times) + 2;
      for (const p of providers) {
        await p.send("evm_setNextBlockTimestamp", [t]);
        await p.send("evm_mine", []);
      }
    };
    await syncClocks();

    const west = env.net.regions.west!;
    const verifier = await (
      await new SignatureReceiptVerifier__factory(env.chains.west.deployer).deploy()
    ).waitForDeployment();
    const proposed = json<{ proposalId: string; announcedTo: string[] }>(
      ok(
        await run(
          [
            "dao",
            "propose",
            "region-verifier",
            "--region",
            "west",
            "--address",
            await verifier.getAddress(),
            "--description",
            "West: a new receipt verifier, voted on every chain",
            "--no-announce", // announced below, once the snapshot is past on the moved clocks
            "--json",
          ],
          voter,
        ),
      ),
    );
    expect(proposed.announcedTo).toEqual([]);
    const id = proposed.proposalId;
    await syncClocks(); // past the snapshot (voting delay 1 s) on every chain
    // The pool announces only after the snapshot (it fixes the regions' weight then); the bridge delivers it.
    const announced = json<{ spokes: Record<string, { announced: boolean }> }>(
      ok(await run(["dao", "announce", id, "--json"], voter)),
    );
    expect(Object.keys(announced.spokes)).toEqual(["east", "west"]);
    expect(Object.values(announced.spokes).every((p) => p.announced)).toBe(true);
    ok(await run(["dao", "vote", id, "for", "--json"], voter));
    const ballot = json<{ voter: string; signature: string }>(
      ok(await run(["dao", "sign-vote", id, "for", "--chain", "west", "--json"], as(carol!))),
    );
    await Promise.all([
      run(["dao", "vote", id, "for", "--chain", "east", "--json"], as(bob!)).then(ok),
      run(["dao", "vote", id, "abstain", "--chain", "east", "--reason", "no view", "--json"], as(erin!)).then(
        ok,
      ),
      run(["dao", "vote", id, "against", "--chain", "west", "--json"], as(dave!)).then(ok),
      run(
        [
          "dao",
          "vote",
          id,
          "for",
          "--chain",
          "west",
          "--voter",
          ballot.voter,
          "--signature",
          ballot.signature,
          "--json",
        ],
        as(bob!),
      ).then(ok),
    ]);
    // A ballot replayed is refused with the aggregator's named error.
    const replay = await run(
      ["dao", "vote", id, "for", "--chain", "west", "--voter", ballot.voter, "--signature", ballot.signature],
      as(dave!),
    );
    expect(replay.code).toBe(1);
    expect(errorLines(replay)).toEqual([
      expect.stringMatching(/SpokeVoteAggregator(InvalidSignature|AlreadyVoted)/),
    ]);
    // Anyone sends each region's tally; the relayer carries it to the hub vote pool.
    await Promise.all(
      ["east", "west"].map((region) =>
        run(["dao", "tally", id, "--chain", region, "--json"], voter).then(ok),
      ),
    );

    const status = json<{
      state: string;
      snapshot: number;
      total: Record<string, string>;
      hub: Record<string, string>;
      regions: Record<string, { announced: boolean; cutoff: number; countedOnHub: Record<string, string> }>;
    }>(ok(await run(["dao", "status", id, "--json"])));
    const hubWeight = await env.net.hub.token.getPastVotes(voterAddress, status.snapshot);
    expect(status.state).toBe("Active");
    expect(status.hub).toEqual({ against: "0", for: hubWeight.toString(), abstain: "0" });
    expect(status.regions.east!.countedOnHub).toEqual({
      against: "0",
      for: SUAN(2_000).toString(),
      abstain: SUAN(700).toString(),
    });
    expect(status.regions.west!.countedOnHub).toEqual({
      against: SUAN(400).toString(),
      for: SUAN(3_000).toString(),
      abstain: "0",
    });
    expect(status.total).toEqual({
      against: SUAN(400).toString(),
      for: (hubWeight + SUAN(5_000)).toString(),
      abstain: SUAN(700).toString(),
    });
    // The REST API's DAO view: the same per-chain tallies, indexed from the pool's and aggregators' events.
    const viaApi = async () => {
      const dao = (await (await fetch(`${api.url}/v1/dao`)).json()) as {
        proposals: { proposalId: string; chains: Record<string, unknown> }[];
      };
      return dao.proposals.find((p) => p.proposalId === id)?.chains;
    };
    await waitFor(
      async () => JSON.stringify((await viaApi())?.regions).includes(SUAN(400).toString()),
      60_000,
      "the API to index west's tally",
    );
    const deadline = await env.net.hub.governor.proposalDeadline(id);
    const counted = (against: number, forVotes: number, abstain: number) => ({
      for: SUAN(forVotes).toString(),
      against: SUAN(against).toString(),
      abstain: SUAN(abstain).toString(),
    });
    expect(await viaApi()).toEqual({
      hub: { for: hubWeight.toString(), against: "0", abstain: "0" },
      regions: [
        {
          name: "east",
          domain: env.chains.east.domain,
          announced: true,
          cutoff: Number(deadline - TALLY_WINDOW),
          votedOnRegion: counted(0, 2_000, 700),
          sentToHub: counted(0, 2_000, 700),
          countedOnHub: counted(0, 2_000, 700),
        },
        {
          name: "west",
          domain: env.chains.west.domain,
          announced: true,
          cutoff: Number(deadline - TALLY_WINDOW),
          votedOnRegion: counted(400, 3_000, 0),
          sentToHub: counted(400, 3_000, 0),
          countedOnHub: counted(400, 3_000, 0),
        },
      ],
    });
    expect(status.regions.east!.cutoff).toBe(Number(deadline - TALLY_WINDOW));
    expect(status.regions.west!.cutoff).toBe(Number(deadline - TALLY_WINDOW));

    // Passes, waits in the Timelock, executes; the bridge carries the call to west's GovernanceExecutor.
    const hub = env.chains.hub.provider;
    await hub.send("evm_increaseTime", [Number(VOTING_PERIOD)]);
    await hub.send("evm_mine", []);
    ok(await run(["dao", "queue", id, "--json"], voter));
    await hub.send("evm_increaseTime", [3_601]);
    await hub.send("evm_mine", []);
    expect(json(ok(await run(["dao", "execute", id, "--json"], voter))).state).toBe("Executed");
    await waitFor(
      async () => (await west.receipts.verifier()) === (await verifier.getAddress()),
      120_000,
      "west's receipt verifier changed by the GovernanceExecutor",
    );
  }, 240_000);

  it("bridge status | messages, provenance verify, stack status, agent start", async () => {
    const status = json<{ undelivered: number }>(ok(await run(["bridge", "status", "--json"])));
    expect(status.undelivered).toBeGreaterThanOrEqual(0);
    // A registration on west makes a message west → hub; the relayer reports it delivered.
    ok(
      await run(
        [
          "provider",
          "register",
          "--region",
          "west",
          "--cpu",
          "8",
          "--memory",
          "16384",
          "--gpu",
          "L4",
          "--gpus",
          "1",
          "--price",
          "5",
          "--endpoint",
          "https://node.west.example:8443",
          "--json",
        ],
        key("provider"),
      ),
    );
    let messages: { id: string; status: string; origin: unknown }[] = [];
    await waitFor(
      async () => {
        messages = json(ok(await run(["bridge", "messages", "--all", "--json"])));
        return messages.some((m) => m.status === "delivered" && ["31339", "west"].includes(String(m.origin)));
      },
      60_000,
      "west message delivered",
    );
    // Self-relay finds the message on the chains of the deployment records and sees it delivered.
    const delivered = messages.find(
      (m) => m.status === "delivered" && ["31339", "west"].includes(String(m.origin)),
    )!;
    const again = json<{ messageId: string; status: string }>(
      ok(await run(["bridge", "deliver", delivered.id, "--json"], key("provider"))),
    );
    expect(again).toMatchObject({ messageId: delivered.id, status: "already delivered" });
    const png = new PNG({ width: 64, height: 64 });
    png.data.fill(128);
    const file = path.join(work, "plain.png");
    writeFileSync(file, PNG.sync.write(png));
    const verify = await run(["provenance", "verify", file, "--json"]);
    expect(errorLines(verify)[0]).toMatch(/matches no provenance record/);
    expect(verify.code).toBe(1);
    expect(json(verify).registered).toBe(false);
    const stack = await run(["stack", "status"]);
    expect(stack.code).toBe(2);
    expect(errorLines(stack)[0]).toMatch(/no local stack on base port 1999/);
    const agent = await run(["agent", "start", "--node", "1", "--region", "east"]);
    expect(agent.code).toBe(2);
    expect(errorLines(agent)[0]).toMatch(/set SUANLI_AGENT_COORDINATOR/);
    const noSecret = await run(["agent", "start", "--node", "1", "--region", "east"], {
      SUANLI_AGENT_COORDINATOR: devAccount(ACTORS.provider).address,
    });
    expect(noSecret.code).toBe(2);
    expect(errorLines(noSecret)[0]).toMatch(/proven receipts need SUANLI_AGENT_NODE_SECRET/);
  }, 120_000);

  it("≥ 100 generated bad invocations: non-zero exit, one error line naming the problem, no stack trace", async () => {
    const provider = key("provider");
    const nobody = { SUANLI_PRIVATE_KEY: Wallet.createRandom().privateKey };
    const dead = { SUANLI_HUB_RPC_URL: "http://127.0.0.1:1", SUANLI_EAST_RPC_URL: "http://127.0.0.1:1" };
    type Case = { args: string[]; env?: NodeJS.ProcessEnv; expect: RegExp };
    const cases: Case[] = [];
    const add = (args: string[], expectMsg: RegExp, e: NodeJS.ProcessEnv = {}) =>
      cases.push({ args, env: e, expect: expectMsg });
    // Unknown commands and options, per group.
    for (const group of ["keys", "provider", "buyer", "dao", "bridge", "provenance", "stack", "agent"]) {
      add([group, "frobnicate"], /unknown command|too many arguments/);
      add([group, "--no-such-option"], /unknown option/);
    }
    add(["frobnicate"], /unknown command/);
    // Wrong numbers for every numeric option.
    const numeric: [string[], string][] = [
      [["provider", "register", "--region", "east", "--price", "1"], "--cpu"],
      [["provider", "register", "--region", "east", "--price", "1"], "--memory"],
      [["provider", "register", "--region", "east", "--price", "1"], "--gpus"],
      [["provider", "register", "--region", "east", "--price", "1"], "--latency-class"],
      [["provider", "register", "--region", "east", "--price", "1"], "--carbon"],
      [["provider", "register", "--region", "east"], "--price"],
      [["buyer", "quote", "--duration", "60"], "--resources"],
      [["buyer", "quote", "--resources", "1"], "--duration"],
      [["buyer", "quote", "--resources", "1", "--duration", "60"], "--latency"],
      [["buyer", "quote", "--resources", "1", "--duration", "60"], "--deadline"],
      [["buyer", "quote", "--resources", "1", "--duration", "60"], "--max-price"],
      [["dao", "propose", "fee", "--description", "x"], "--bps"],
      [["dao", "propose", "penalty-rate", "--description", "x"], "--bps"],
      [["agent", "start", "--region", "east"], "--node"],
    ];
    for (const [args, option] of numeric) {
      for (const bad of ["-1", "abc", option.includes("price") ? "1.5" : "99999999999999999999999"])
        add([...args, option, bad], /argument .* is invalid|expected/);
    }
    // Missing required options.
    add(["provider", "register"], /required option '--region/);
    add(["provider", "status", "1"], /required option '--region/);
    add(["provider", "list"], /required option '--region/);
    add(["provider", "stake", "1"], /required option '--amount/);
    add(["provider", "unbond", "1"], /required option '--amount/);
    add(["buyer", "quote"], /required option/);
    add(["buyer", "result", "1"], /required option '--out/);
    add(["dao", "propose", "fee", "--bps", "10"], /required option '--description/);
    add(["dao", "propose", "validator-set", "--description", "x"], /required option/);
    add(["dao", "propose", "rate-limit", "--description", "x", "--origin", "1"], /required option/);
    for (const t of [
      "region-verifier",
      "region-proof-verifiers",
      "region-coordinator",
      "region-validator-set",
      "region-rate-limit",
    ]) {
      add(["dao", "propose", t, "--description", "x"], /required option '--region|required option/);
    }
    add(
      [
        "dao",
        "propose",
        "region-verifier",
        "--region",
        "north",
        "--address",
        Wallet.createRandom().address,
        "--description",
        "x",
      ],
      /--region must be one of east, west, got "north"/,
      key("voter"),
    );
    for (const bad of ["0", "2592001", "soon"]) {
      add(
        [
          "dao",
          "propose",
          "region-coordinator",
          "--region",
          "east",
          "--address",
          Wallet.createRandom().address,
          "--valid-for",
          bad,
          "--description",
          "x",
        ],
        /option '--valid-for <seconds>' argument .* is invalid/,
      );
    }
    add(
      ["dao", "propose", "region-coordinator", "--region", "east", "--address", "0x12", "--description", "x"],
      /expected a 0x address/,
    );
    add(["deploy"], /required option/);
    add(["deploy", "--hub", "hub"], /required option '--validators/);
    add(["agent", "start", "--node", "1"], /required option '--region/);
    // Missing arguments.
    for (const c of [
      ["keys", "new"],
      ["keys", "import"],
      ["provider", "status"],
      ["provider", "pause"],
      ["provider", "stake"],
      ["buyer", "status"],
      ["buyer", "cancel"],
      ["dao", "show"],
      ["dao", "vote"],
      ["dao", "queue"],
      ["bridge", "deliver"],
      ["provenance", "trace"],
      ["provenance", "verify"],
    ]) {
      add(c, /missing required argument|required option/);
    }
    // Bad values.
    add(
      ["provider", "register", "--region", "east", "--price", "1", "--energy", "plutonium"],
      /expected one of grid/,
    );
    add(
      ["buyer", "quote", "--resources", "1", "--duration", "60", "--tier", "urgent"],
      /expected one of realtime/,
    );
    add(["provider", "stake", "1", "--amount", "1.0000000000000000001"], /at most 18 decimals/);
    add(["provider", "stake", "1", "--amount", "lots"], /at most 18 decimals/);
    add(["provider", "earnings", "0x1234"], /is not an address/);
    add(["dao", "delegate", "0xnothex"], /expected a 0x address/, key("voter"));
    add(
      ["dao", "propose", "verifier", "--single", "0x12", "--batch", "0x12", "--description", "x"],
      /expected a 0x address/,
    );
    add(
      [
        "dao",
        "propose",
        "validator-set",
        "--origin",
        "31338",
        "--validators",
        "0x1,0x2",
        "--threshold",
        "1",
        "--description",
        "x",
      ],
      /expected a 0x address/,
    );
    add(["dao", "vote", "1", "maybe"], /support must be for, against or abstain/, key("voter"));
    add(["provider", "status", "-5", "--region", "east"], /unknown option|expected a non-negative integer/);
    add(["provider", "status", "x1", "--region", "east"], /expected a non-negative integer/);
    add(["buyer", "status", "job-1"], /expected a non-negative integer/);
    add(["bridge", "deliver", "0x1234"], /not a 32-byte message id/);
    add(["keys", "new", "bad/name"], /key name/);
    add(["keys", "new", "provider"], /exists already/);
    add(["keys", "import", "k2"], /not a 32-byte hex private key/);
    add(["deploy", "--hub", "hub", "--validators", "0x12", "--threshold", "2"], /expected a 0x address/);
    add(
      [
        "deploy",
        "--hub",
        "hub",
        "--region",
        "hub=east",
        "--validators",
        devAccount(10).address,
        "--threshold",
        "1",
      ],
      /may not be named "hub"/,
    );
    add(
      [
        "deploy",
        "--hub",
        "hub",
        "--region",
        "nonsense",
        "--validators",
        devAccount(10).address,
        "--threshold",
        "1",
      ],
      /expected <name>=<network>/,
    );
    add(
      ["deploy", "--hub", "hub", "--validators", devAccount(10).address, "--threshold", "0"],
      /expected an integer from 1/,
    );
    add(
      [
        "deploy",
        "--hub",
        "hub",
        "--validators",
        devAccount(10).address,
        "--threshold",
        "1",
        "--params",
        "staging",
      ],
      /expected one of development/,
    );
    add(
      [
        "deploy",
        "--hub",
        "hub",
        "--validators",
        devAccount(10).address,
        "--threshold",
        "1",
        "--params",
        "production",
      ],
      /needs --distribution/,
      provider,
    );
    add(
      ["deploy", "--hub", "not a url", "--validators", devAccount(10).address, "--threshold", "1"],
      /neither a network name nor an http/,
      provider,
    );
    add(
      ["deploy", "--hub", "mars", "--validators", devAccount(10).address, "--threshold", "1"],
      /no RPC URL for network "mars"/,
      provider,
    );
    add(
      ["provider", "list", "--region", "north"],
      /no (RPC URL for network "north"|deployment record for chain "north")/,
    );
    add(["provenance", "verify", path.join(work, "missing.png")], /cannot read/);
    // Missing or malformed keys.
    for (const c of [
      ["provider", "register", "--region", "east", "--price", "1"],
      ["provider", "pause", "1", "--region", "east"],
      ["provider", "stake", "1", "--amount", "1"],
      ["buyer", "submit", "--resources", "1", "--duration", "60"],
      ["buyer", "cancel", "1"],
      ["dao", "delegate"],
      ["dao", "propose", "fee", "--bps", "1", "--description", "x"],
      ["dao", "vote", "1", "for"],
      ["bridge", "deliver", `0x${"11".repeat(32)}`],
      ["deploy", "--hub", "hub", "--validators", devAccount(10).address, "--threshold", "1"],
    ]) {
      add(c, /no (deployer )?key/);
      add(c, /not a 0x-prefixed 32-byte hex key|no (deployer )?key/, { SUANLI_PRIVATE_KEY: "0x1234" });
    }
    add(["provider", "pause", "1", "--region", "east", "--key", "ghost"], /no key named "ghost"/);
    add(["dao", "delegate", "--key", "voter"], /wrong password/, { SUANLI_KEYSTORE_PASSWORD: "wrong" });
    // Unreachable endpoints.
    add(["provider", "list", "--region", "east"], /cannot reach the east RPC/, dead);
    add(["provider", "status", "1", "--region", "east"], /cannot reach the east RPC/, dead);
    add(["provider", "earnings", devAccount(2).address], /cannot reach the hub RPC/, dead);
    add(["dao", "proposals"], /cannot reach the hub RPC/, dead);
    add(["dao", "delegate"], /cannot reach the hub RPC/, { ...dead, ...key("voter") });
    add(["provenance", "trace", path.join(work, "plain.png")], /cannot reach the hub RPC/, dead);
    add(["buyer", "quote", "--resources", "1", "--duration", "60"], /fetch failed|cannot reach/, {
      SUANLI_API_URL: "http://127.0.0.1:1",
    });
    add(["buyer", "status", "1"], /fetch failed|cannot reach/, { SUANLI_API_URL: "http://127.0.0.1:1" });
    add(["bridge", "status"], /cannot reach the relayer/, { SUANLI_RELAYER_URL: "http://127.0.0.1:1" });
    add(["bridge", "messages"], /cannot reach the relayer/, { SUANLI_RELAYER_URL: "http://127.0.0.1:1" });
    add(
      ["deploy", "--hub", "http://127.0.0.1:1", "--validators", devAccount(10).address, "--threshold", "1"],
      /cannot reach the http:\/\/127\.0\.0\.1:1 RPC/,
      provider,
    );
    // Reverts, decoded by name, and API refusals.
    add(
      ["provider", "pause", "1", "--region", "east"],
      /reverted: ComputeRegistry(UnknownNode|NotOperator)/,
      provider,
    );
    add(
      ["provider", "pause", `${(31_338n << 64n) | 1n}`, "--region", "east"],
      /reverted: ComputeRegistryNotOperator/,
      nobody,
    );
    add(["provider", "withdraw", `${(31_338n << 64n) | 1n}`], /reverted: StakeManager/, nobody);
    add(
      ["provider", "stake", `${(31_338n << 64n) | 999n}`, "--amount", "1", "--wait", "1"],
      /node \d+ is not known on the hub after 1 s/,
      provider,
    );
    add(
      ["provider", "stake", `${(31_338n << 64n) | 1n}`, "--amount", "1", "--wait", "0"],
      /node \d+ is operated by 0x[0-9a-fA-F]{40} on the hub, not by 0x/,
      nobody,
    );
    add(["provider", "stake", "1", "--amount", "1", "--wait", "-1"], /argument .* is invalid/, provider);
    add(
      ["provider", "unbond", `${(31_338n << 64n) | 1n}`, "--amount", "1"],
      /reverted: StakeManager/,
      nobody,
    );
    add(["dao", "vote", "12345", "for"], /reverted: GovernorNonexistentProposal|no proposal/, key("voter"));
    add(["dao", "show", "12345"], /no proposal 12345/);
    // Cross-chain governance (issue 18): wrong chains, amounts, ballots, and reverts named.
    const voterKey = key("voter");
    add(
      ["dao", "vote", "1", "for", "--chain", "north"],
      /--chain must be one of hub, east, west, got "north"/,
      voterKey,
    );
    add(["dao", "delegate", "--chain", "north"], /--chain must be one of hub, east, west/, voterKey);
    add(["dao", "tally", "1", "--chain", "hub"], /tally needs a region: pass --chain east\|west/, voterKey);
    add(["dao", "tally", "1"], /required option '--chain/, voterKey);
    add(
      ["dao", "sign-vote", "1", "maybe", "--chain", "east"],
      /support must be for, against or abstain/,
      voterKey,
    );
    add(["dao", "sign-vote", "1", "for", "--chain", "hub"], /sign-vote needs a region/, voterKey);
    add(
      ["dao", "bridge-tokens", "--to", "hub", "--amount", "1"],
      /one side must be the hub and the other a region/,
      voterKey,
    );
    add(["dao", "bridge-tokens", "--to", "east", "--amount", "0"], /--amount must be more than 0/, voterKey);
    add(
      ["dao", "bridge-tokens", "--to", "mars", "--amount", "1"],
      /--to must be one of hub, east, west/,
      voterKey,
    );
    add(["dao", "bridge-tokens", "--to", "east"], /required option '--amount/, voterKey);
    add(
      ["dao", "bridge-tokens", "--to", "east", "--amount", "1.0000000000000000001"],
      /at most 18 decimals/,
      voterKey,
    );
    add(
      ["dao", "bridge-tokens", "--to", "east", "--amount", "1"],
      /holds 0\.0 SUAN on hub, less than the 1\.0 to move/,
      nobody,
    );
    add(
      ["dao", "bridge-tokens", "--from", "east", "--amount", "1", "--no-wait"],
      /holds 0\.0 SUAN on east, less than the 1\.0 to move/,
      nobody,
    );
    add(
      ["dao", "vote", "1", "for", "--voter", devAccount(ACTORS.voter).address],
      /--voter and --signature are for a region/,
      voterKey,
    );
    add(
      [
        "dao",
        "vote",
        "1",
        "for",
        "--chain",
        "east",
        "--voter",
        devAccount(ACTORS.voter).address,
        "--timeout",
        "1",
      ],
      /--voter and --signature go together/,
      voterKey,
    );
    add(
      ["dao", "vote", "12345", "for", "--chain", "east", "--timeout", "1"],
      /proposal 12345 to be announced on east.*did not happen within 1 s/,
      voterKey,
    );
    add(
      ["dao", "tally", "12345", "--chain", "west"],
      /SpokeVoteAggregatorUnknownProposal\(proposalId=12345\)/,
      voterKey,
    );
    add(["dao", "announce", "12345"], /HubVotePoolUnknownProposal\(proposalId=12345\)/, voterKey);
    add(["dao", "announce", "12345", "--chain", "hub"], /announce needs a region/, voterKey);
    add(["dao", "status", "12345"], /no proposal 12345 on the hub Governor/);
    add(["dao", "status", "nope"], /expected a non-negative integer/);
    add(["dao", "queue", "12345"], /no proposal 12345/, key("voter"));
    add(["buyer", "status", "999999"], /API JOB_NOT_FOUND/);
    add(["buyer", "cancel", "999999"], /API/, key("buyer"));
    add(["buyer", "quote", "--resources", "4000000000", "--duration", "60"], /API|no region/i);
    expect(cases.length).toBeGreaterThanOrEqual(100);
    console.log(`${cases.length} bad invocations`);

    const results = await pool(cases, 4, async (c) => ({ c, r: await run(c.args, c.env) }));
    const failures: string[] = [];
    for (const { c, r } of results) {
      const lines = errorLines(r);
      const problem =
        r.code === 0
          ? "exit 0"
          : hasStackTrace(r)
            ? "stack trace"
            : lines.length !== 1
              ? `${lines.length} error lines`
              : !c.expect.test(lines[0]!)
                ? `reason "${lines[0]}" does not match ${c.expect}`
                : undefined;
      if (problem) failures.push(`suanli ${c.args.join(" ")}: ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
