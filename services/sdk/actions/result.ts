import { contentCommitment } from "../../zk/inputs.js";
import { Job } from "../../api/schemas.js";
import { SuanliApiError } from "../errors.js";
import { raise, request, url, type Transport } from "../transport.js";

const RECEIPT_WAIT_TRIES = 40;
const RECEIPT_WAIT_MS = 250;

/**
 * `GET /v1/jobs/:id/result`: the output bytes, checked here too — they must hash to the output commitment of
 * the job's settled receipt — so a buyer need not trust the API for the bytes.
 */
export async function result(t: Transport, jobId: bigint | string) {
  // The hub's settlement and the region's receipt are indexed from different chains: right after settlement the
  // job may not carry its receipt's output commitment yet. Wait for it (bounded) rather than trust the API.
  let job = await request(t, "GET", `v1/jobs/${jobId}`, Job);
  for (
    let tries = 0;
    job.status === "settled" && job.outputCommitment === null && tries < RECEIPT_WAIT_TRIES;
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_WAIT_MS));
    job = await request(t, "GET", `v1/jobs/${jobId}`, Job);
  }
  const res = await t.fetch(url(t, `v1/jobs/${jobId}/result`), { headers: t.headers });
  if (!res.ok) return raise(res);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const actual = contentCommitment(bytes).toString();
  if (job.outputCommitment === null || actual !== job.outputCommitment) {
    throw new SuanliApiError(
      res.status,
      "RESULT_MISMATCH",
      "the bytes do not hash to the settled output commitment",
      {
        expected: job.outputCommitment,
        actual,
      },
    );
  }
  return { bytes, outputCommitment: actual };
}
