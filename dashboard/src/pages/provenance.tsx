/**
 * Provenance: drop an image (or choose a file); the browser reads its pixels through a canvas, decodes the
 * watermark with the same code the CLI uses (services/zk/watermark-core.ts), and shows the record it names:
 * content, model, creator, linked job, lineage and proof.
 */
import { useState } from "preact/hooks";
import { extractFromPixels } from "../../../services/zk/watermark-core";
import { api, type Provenance, short, time } from "../api";

async function pixels(file: File): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  if (!g) throw new Error("this browser gives no 2D canvas");
  g.drawImage(bitmap, 0, 0);
  return g.getImageData(0, 0, bitmap.width, bitmap.height);
}

export function ProvenancePage() {
  const [state, setState] = useState<string>("Drop a PNG here, or choose one.");
  const [record, setRecord] = useState<Provenance>();
  const [over, setOver] = useState(false);

  const trace = async (file: File) => {
    setRecord(undefined);
    setState(`Reading ${file.name}…`);
    try {
      const img = await pixels(file);
      const wm = extractFromPixels(img);
      if (!wm.found) {
        setState(
          `${file.name}: ${wm.reason === "image-too-small" ? "too small to carry a watermark" : "no watermark found"}`,
        );
        return;
      }
      setState(
        `${file.name}: watermark names record ${wm.recordId} (grid offset ${wm.offset.x},${wm.offset.y}); looking it up…`,
      );
      const ref = await api.record(wm.recordId);
      setRecord(await api.provenance(ref.contentCommitment));
      setState(`${file.name}: record ${wm.recordId}, traced.`);
    } catch (e) {
      setState(`${file.name}: ${(e as Error).message}`);
    }
  };

  return (
    <section aria-labelledby="prov-h">
      <h1 id="prov-h">Provenance</h1>
      <div
        class={`dropzone${over ? " over" : ""}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const file = e.dataTransfer?.files[0];
          if (file) void trace(file);
        }}
      >
        <p>Drop an image to read its watermark in this browser.</p>
        <label>
          Or choose an image{" "}
          <input
            type="file"
            accept="image/png"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void trace(file);
            }}
          />
        </label>
      </div>
      <p role="status" data-testid="trace-status">
        {state}
      </p>
      {record && (
        <dl class="facts" data-testid="record">
          <dt>Record</dt>
          <dd data-testid="record-id">{record.recordId}</dd>
          <dt>Content commitment</dt>
          <dd>
            <code>{short(record.contentCommitment)}</code>
          </dd>
          <dt>Model</dt>
          <dd data-testid="model">
            {record.model
              ? `${record.model.name} ${record.model.version} (${record.model.approved ? "approved" : "revoked"})`
              : `model ${record.modelId} (unknown)`}
          </dd>
          <dt>Creator commitment</dt>
          <dd>
            <code>{short(record.creatorCommitment)}</code>
          </dd>
          <dt>Job</dt>
          <dd data-testid="linked-job">
            {record.linkedJobId ? (
              <a href={`#/jobs/${record.linkedJobId}`}>Job {record.linkedJobId}</a>
            ) : (
              "none"
            )}
            {record.job && ` (${record.job.status})`}
          </dd>
          <dt>Lineage</dt>
          <dd data-testid="lineage">{record.lineage.join(" ← ")}</dd>
          <dt>Proof</dt>
          <dd>
            {record.proof.circuit} {record.proof.status}, block {record.proof.blockNumber},{" "}
            {time(record.proof.blockTime)}
          </dd>
        </dl>
      )}
    </section>
  );
}
