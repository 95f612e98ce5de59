import { contentCommitment } from "../../zk/inputs.js";
import { StoredBlob } from "../../api/schemas.js";
import { raise, url, type Transport } from "../transport.js";

/** `PUT /v1/blobs/:commitment`: a node uploads a job's output bytes under their content commitment. */
export async function uploadBlob(t: Transport, bytes: Uint8Array) {
  const commitment = contentCommitment(bytes);
  const res = await t.fetch(url(t, `v1/blobs/${commitment}`), {
    method: "PUT",
    headers: { ...t.headers, "Content-Type": "application/octet-stream" },
    body: bytes,
  });
  if (!res.ok) return raise(res);
  return StoredBlob.parse(await res.json());
}
