/**
 * Must-show 4 of issue 18: a generic Governor client that knows only OpenZeppelin's `IGovernor` ABI (the compiled
 * interface from @openzeppelin/contracts, not our SuanliGovernor types) runs the hub flow unchanged on the
 * cross-chain deployment: propose → vote → queue → execute, here changing the vote pool's tally window. Also
 * the Governor's binding of the vote pool (once, by its deployer) and its refusal of a token on another clock.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Contract, id, type InterfaceAbi } from "ethers";
import { expectRevert } from "../helpers/chain.js";
import { BlockClockVotes__factory, SuanliGovernor__factory } from "../../types/contracts/index.js";
import { governanceWorld, type GovernanceWorld, SUAN } from "./world.js";

const ARTIFACT = path.join(
  import.meta.dirname,
  "../../artifacts/@openzeppelin/contracts/governance/IGovernor.sol/IGovernor.json",
);
/** IGovernor's states, in OpenZeppelin's order. */
const STATE = { Pending: 0n, Active: 1n, Succeeded: 4n, Queued: 5n, Executed: 7n };

describe("a client with only the IGovernor ABI", () => {
  let w: GovernanceWorld;
  let abi: InterfaceAbi;

  beforeAll(async () => {
    abi = (JSON.parse(await readFile(ARTIFACT, "utf8")) as { abi: InterfaceAbi }).abi;
    w = await governanceWorld();
    await w.elapse(1);
  }, 120_000);

  it("proposes, votes, queues and executes on the hub", async () => {
    const [deployer, alice] = w.chains.hub.signers;
    await (await w.net.hub.token.connect(deployer!).transfer(alice!.address, SUAN(6_000_000))).wait();
    await (await w.net.hub.token.connect(alice!).delegate(alice!.address)).wait();
    await w.elapse(1);

    const governor = new Contract(await w.net.hub.governor.getAddress(), abi, alice!);
    expect(await governor.getFunction("CLOCK_MODE")()).toBe("mode=timestamp");
    expect(await governor.getFunction("COUNTING_MODE")()).toContain("support=bravo");
    const pool = w.gov.hub.votePool;
    const targets = [await pool.getAddress()];
    const values = [0n];
    const calldatas = [pool.interface.encodeFunctionData("setTallyWindow", [12n])];
    const description = "Tally window: 12 s";
    const descriptionHash = id(description);

    await (await governor.getFunction("propose")(targets, values, calldatas, description)).wait();
    const proposalId: bigint = await governor.getFunction("getProposalId")(
      targets,
      values,
      calldatas,
      descriptionHash,
    );
    expect(proposalId).toBe(
      await governor.getFunction("hashProposal")(targets, values, calldatas, descriptionHash),
    );
    expect(await governor.getFunction("state")(proposalId)).toBe(STATE.Pending);
    await w.elapse(2);
    expect(await governor.getFunction("state")(proposalId)).toBe(STATE.Active);
    const snapshot: bigint = await governor.getFunction("proposalSnapshot")(proposalId);
    expect(await governor.getFunction("getVotes")(alice!.address, snapshot)).toBe(SUAN(6_000_000));

    await (await governor.getFunction("castVoteWithReason")(proposalId, 1, "for")).wait();
    expect(await governor.getFunction("hasVoted")(proposalId, alice!.address)).toBe(true);
    await w.elapse(51);
    expect(await governor.getFunction("state")(proposalId)).toBe(STATE.Succeeded);
    expect(await governor.getFunction("proposalNeedsQueuing")(proposalId)).toBe(true);

    await (await governor.getFunction("queue")(targets, values, calldatas, descriptionHash)).wait();
    expect(await governor.getFunction("state")(proposalId)).toBe(STATE.Queued);
    const eta: bigint = await governor.getFunction("proposalEta")(proposalId);
    await w.elapse(Number(eta) - (await w.chains.hub.provider.getBlock("latest"))!.timestamp + 1);
    await (await governor.getFunction("execute")(targets, values, calldatas, descriptionHash)).wait();
    expect(await governor.getFunction("state")(proposalId)).toBe(STATE.Executed);
    expect(await pool.tallyWindow()).toBe(12n);
  });

  it("binds the vote pool once, by its deployer only, and refuses a token on another clock", async () => {
    const governor = w.net.hub.governor;
    const pool = w.gov.hub.votePool;
    expect(await governor.votePool()).toBe(await pool.getAddress());
    expect(await pool.castingWeight()).toBe(0n); // only non-zero while the pool casts
    const [deployer, , , , mallory] = w.chains.hub.signers;
    const [caller] = await expectRevert(
      () => governor.connect(mallory!).bindVotePool(mallory!.address),
      governor.interface,
      "SuanliGovernorNotBinder",
    );
    expect(caller).toBe(mallory!.address);
    await expectRevert(
      () => governor.connect(deployer!).bindVotePool(mallory!.address),
      governor.interface,
      "SuanliGovernorVotePoolBound",
    );
    const blockClock = await new BlockClockVotes__factory(deployer!).deploy();
    await expectRevert(
      () =>
        new SuanliGovernor__factory(deployer!).deploy(
          blockClock,
          w.net.hub.timelock,
          1n,
          50n,
          0n,
          4n,
          "0x0000000000000000000000000000000000000000",
        ),
      governor.interface,
      "SuanliGovernorClockMismatch",
    );
  });
});
