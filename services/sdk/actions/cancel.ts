import type { Signer } from "ethers";
import { CancelledJob, Market } from "../../api/schemas.js";
import { CANCEL_REQUEST_TYPES } from "../../shared/typed-data.js";
import { request, type Transport } from "../transport.js";

/** Signs an EIP-712 `CancelRequest` for an open job locally and asks the API to relay it. */
export async function cancel(t: Transport, signer: Signer, jobId: bigint | string, ttlSec = 300) {
  const market = await request(t, "GET", "v1/market", Market);
  const deadline = Math.floor(Date.now() / 1000) + ttlSec;
  const domain = {
    name: "Suanli JobMarket",
    version: "1",
    chainId: market.chainId,
    verifyingContract: market.jobMarket,
  };
  const signature = await signer.signTypedData(domain, CANCEL_REQUEST_TYPES, {
    jobId: BigInt(jobId),
    deadline,
  });
  return request(t, "POST", `v1/jobs/${jobId}/cancel`, CancelledJob, { body: { deadline, signature } });
}
