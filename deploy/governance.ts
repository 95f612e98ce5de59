/**
 * Deployment module of cross-chain governance (docs/governance.md): on the hub an ERC-7786 `MailboxGateway`, the
 * `HubVotePool` and the `HubTokenBridge` (SUAN lockbox, votes delegated to the pool); on each region a gateway,
 * regional SUAN (`SuanRegionalToken`, linked to the hub lockbox only), a `SpokeVoteAggregator` and a
 * `RegionalChamberRelay` (members veto from the region; the hub chamber registers it). The gateways
 * enrol each other hub↔region, the Governor binds the pool, the lockbox links each region's token, the pool
 * registers each aggregator; then the hub contracts go to the Timelock and each region's gateway to its
 * GovernanceExecutor.
 * deploy/plan.ts holds the same steps for the deploy engine.
 */
import { type Signer, zeroPadValue } from "ethers";
import {
  type HubTokenBridge,
  HubTokenBridge__factory,
  type HubVotePool,
  HubVotePool__factory,
  type MailboxGateway,
  MailboxGateway__factory,
  type RegionalChamberRelay,
  RegionalChamberRelay__factory,
  StakeholderChamber__factory,
  type SpokeVoteAggregator,
  SpokeVoteAggregator__factory,
  type SuanRegionalToken,
  SuanRegionalToken__factory,
  SuanliGovernor__factory,
} from "../types/contracts/index.js";
import { interopAddress } from "../services/shared/interop.js";

export interface GovernanceHubInput {
  signer: Signer;
  chainId: number;
  mailbox: string;
  governor: string;
  token: string;
  /** The stakeholder chamber (still owned by the deployer: its ownership is accepted at the handover). */
  chamber: string;
  /** Final owner of the hub contracts (the Timelock). */
  owner: string;
}

export interface GovernanceRegionInput {
  signer: Signer;
  chainId: number;
  mailbox: string;
  /** Final owner of the region's gateway (its GovernanceExecutor). */
  owner: string;
}

export interface GovernanceHub {
  gateway: MailboxGateway;
  votePool: HubVotePool;
  tokenBridge: HubTokenBridge;
}

export interface GovernanceRegion {
  chainId: number;
  gateway: MailboxGateway;
  token: SuanRegionalToken;
  aggregator: SpokeVoteAggregator;
  /** Where the region's chamber members veto (forwarded to the hub chamber). */
  chamberRelay: RegionalChamberRelay;
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

async function deployed<T extends { waitForDeployment(): Promise<T> }>(contract: Promise<T>): Promise<T> {
  return (await contract).waitForDeployment();
}

export async function deployCrosschainGovernance(
  hubIn: GovernanceHubInput,
  regionsIn: Record<string, GovernanceRegionInput>,
  tallyWindow: bigint,
): Promise<{ hub: GovernanceHub; regions: Record<string, GovernanceRegion> }> {
  const me = await hubIn.signer.getAddress();
  const gateway = await deployed(new MailboxGateway__factory(hubIn.signer).deploy(hubIn.mailbox, me));
  const votePool = await deployed(
    new HubVotePool__factory(hubIn.signer).deploy(hubIn.governor, gateway, tallyWindow, me),
  );
  // The Governor takes the pool's snapshot weight from the pool while it casts (its deployer binds it once).
  await send(SuanliGovernor__factory.connect(hubIn.governor, hubIn.signer).bindVotePool(votePool));
  const tokenBridge = await deployed(
    new HubTokenBridge__factory(hubIn.signer).deploy(hubIn.token, votePool, me),
  );
  const hubGateway = await gateway.getAddress();
  // Members veto from the regions through the hub gateway (the chamber's own ownership moves at the handover).
  const chamber = StakeholderChamber__factory.connect(hubIn.chamber, hubIn.signer);
  await send(chamber.setGateway(gateway));
  const regions: Record<string, GovernanceRegion> = {};
  for (const [name, r] of Object.entries(regionsIn)) {
    const rMe = await r.signer.getAddress();
    const rGateway = await deployed(new MailboxGateway__factory(r.signer).deploy(r.mailbox, rMe));
    const token = await deployed(
      new SuanRegionalToken__factory(r.signer).deploy([
        {
          gateway: await rGateway.getAddress(),
          counterpart: interopAddress(hubIn.chainId, await tokenBridge.getAddress()),
        },
      ]),
    );
    const aggregator = await deployed(
      new SpokeVoteAggregator__factory(r.signer).deploy(
        token,
        rGateway,
        interopAddress(hubIn.chainId, await votePool.getAddress()),
      ),
    );
    const chamberRelay = await deployed(
      new RegionalChamberRelay__factory(r.signer).deploy(
        rGateway,
        interopAddress(hubIn.chainId, hubIn.chamber),
      ),
    );
    await send(rGateway.enrollRemote(hubIn.chainId, zeroPadValue(hubGateway, 32)));
    await send(rGateway.transferOwnership(r.owner));
    await send(gateway.enrollRemote(r.chainId, zeroPadValue(await rGateway.getAddress(), 32)));
    await send(tokenBridge.linkRegion(gateway, interopAddress(r.chainId, await token.getAddress())));
    await send(votePool.registerAggregator(r.chainId, aggregator));
    await send(chamber.setRegionRelay(r.chainId, chamberRelay));
    regions[name] = { chainId: r.chainId, gateway: rGateway, token, aggregator, chamberRelay };
  }
  for (const c of [gateway, votePool, tokenBridge]) await send(c.transferOwnership(hubIn.owner));
  return { hub: { gateway, votePool, tokenBridge }, regions };
}
