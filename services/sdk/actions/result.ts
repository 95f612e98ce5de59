import { contentCommitment } from "../../zk/inputs.js";
import { Job } from "../../api/schemas.js";
import { SuanliApiError } from "../errors.js";
import { raise, request, url, type Transport } from "../transport.js";

/**
 * `GET /v1/jobs/:id/result`: the output bytes, checked here too — they must hash to the output commitment of
 * the job's settled receipt — so a buyer need not trust the API for the bytes.
 */
export async function result(t: Transport, jobId: bigint | string) {
  const job = await request(t, "GET", `v1/jobs/${jobId}`, Job);
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
