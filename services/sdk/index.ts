/** The Suanli SDK: `SuanliClient`, its error and the API's schema types. */
export { SuanliClient, type ClientOptions } from "./client.js";
export { SuanliApiError } from "./errors.js";
export type { QuoteParams } from "./actions/quote.js";
export type { SubmitOptions } from "./actions/submit.js";
export type { FollowOptions } from "./actions/follow.js";
export type { ProviderFilter } from "./actions/reads.js";
export {
  aigcJobInput,
  creatorSecretOf,
  registerProvenance,
  type ProvenanceContracts,
  type RegisterProvenanceParams,
  type RegisteredProvenance,
} from "./actions/provenance.js";
export type * from "../api/schemas.js";
export {
  announceProposal,
  bridgeToHub,
  bridgeToRegion,
  castSpokeVote,
  castSpokeVoteBySig,
  chainTallies,
  delegateOn,
  sendSpokeTally,
  signSpokeBallot,
  spokeProposal,
  suanBalance,
  votesOn,
  type ChainTallies,
  type HubGovernance,
  type RegionGovernance,
  type Sent,
  type SpokeProposal,
  type Support,
  type Votes,
} from "./actions/governance.js";
