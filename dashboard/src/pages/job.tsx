/**
 * One job: its timeline live from the API's server-sent events (`/v1/jobs/:id/events`), the receipt's proof and
 * verification status, the amounts settled and the result.
 */
import { useEffect, useState } from "preact/hooks";
import { amount, api, type Job, short, time, type TimelineStep } from "../api";

const LABELS: Record<TimelineStep["type"], string> = {
  created: "Created on the hub (escrow pulled)",
  assigned: "Assigned by the scheduler",
  directive_received: "Directive delivered to the region",
  acknowledged: "Acknowledged by the node",
  receipt: "Receipt verified by the region",
  settled: "Settled on the hub",
  timed_out: "Timed out (refunded, node slashed)",
  cancelled: "Cancelled by the buyer (refunded)",
};

export function JobPage(props: { id: string }) {
  const [job, setJob] = useState<Job>();
  const [steps, setSteps] = useState<TimelineStep[]>([]);
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<"connecting" | "live" | "ended">("connecting");

  useEffect(() => {
    setSteps([]);
    setLive("connecting");
    api.job(props.id).then(setJob, (e: Error) => setError(e.message));
    const source = new EventSource(`/v1/jobs/${encodeURIComponent(props.id)}/events`);
    source.addEventListener("open", () => setLive("live"));
    source.addEventListener("step", (e) => {
      const step = JSON.parse((e as MessageEvent<string>).data) as TimelineStep;
      setSteps((prev) => (prev.some((s) => s.id === step.id) ? prev : [...prev, step]));
    });
    source.addEventListener("end", () => {
      setLive("ended");
      source.close();
      api.job(props.id).then(setJob, (e: Error) => setError(e.message));
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) setLive("ended");
    });
    return () => source.close();
  }, [props.id]);

  const receipt = steps.find((s) => s.type === "receipt");
  const settled = steps.find((s) => s.type === "settled");
  const last = steps[steps.length - 1];
  return (
    <section aria-labelledby="job-h">
      <h1 id="job-h">Job {props.id}</h1>
      {error && <p role="alert">{error}</p>}
      <p>
        Status: <strong data-testid="job-status">{last?.type ?? job?.status ?? "…"}</strong> · timeline{" "}
        <span data-testid="live">{live}</span>
      </p>
      {job && (
        <dl class="facts">
          <dt>Buyer</dt>
          <dd>
            <code>{job.buyer}</code>
          </dd>
          <dt>Escrow</dt>
          <dd>{amount(job.escrow)}</dd>
          <dt>Spec</dt>
          <dd>
            {job.spec.resources} units × {job.spec.durationSec} s, {job.spec.tier}, latency ≤{" "}
            {job.spec.latencyBoundMs} ms, deadline {time(job.spec.deadline)}
          </dd>
        </dl>
      )}
      <h2>Timeline</h2>
      <ol class="timeline" aria-live="polite" data-testid="timeline">
        {steps.map((s) => (
          <li key={s.id} data-step={s.type}>
            <strong>{LABELS[s.type]}</strong> — {s.chain} block {s.blockNumber}, {time(s.blockTime)}, tx{" "}
            <code title={s.txHash}>{short(s.txHash)}</code>
            {s.type === "assigned" && (
              <span>
                {" "}
                · {s.details.region} node {s.details.nodeId}, attempt {s.details.attempt}, price{" "}
                {amount(s.details.price)}
              </span>
            )}
          </li>
        ))}
      </ol>
      <h2>Proof</h2>
      {receipt?.type === "receipt" ? (
        <p data-testid="proof">
          {receipt.details.kind === "proven"
            ? "Groth16 receipt proof, verified by the region and re-checked by the hub"
            : "EIP-712 signed receipt, verified by the region's receipt verifier"}
          {receipt.details.latencyMs !== null && `; latency ${receipt.details.latencyMs} ms`}; output
          commitment <code>{short(receipt.details.outputCommitment)}</code>
        </p>
      ) : (
        <p>No receipt yet.</p>
      )}
      <h2>Amounts settled</h2>
      {settled?.type === "settled" ? (
        <table>
          <caption>Split of the escrow</caption>
          <tbody>
            <tr>
              <th scope="row">Provider paid</th>
              <td data-testid="provider-pay">{amount(settled.details.providerPay)}</td>
            </tr>
            <tr>
              <th scope="row">Buyer refunded</th>
              <td>{amount(settled.details.buyerRefund)}</td>
            </tr>
            <tr>
              <th scope="row">Protocol fee</th>
              <td>{amount(settled.details.fee)}</td>
            </tr>
            <tr>
              <th scope="row">Latency penalty</th>
              <td>{amount(settled.details.penalty)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p>Not settled yet.</p>
      )}
      <h2>Result</h2>
      {settled ? (
        <p>
          <a href={`/v1/jobs/${props.id}/result`} download={`job-${props.id}.bin`}>
            Download the verified result of job {props.id}
          </a>{" "}
          (served only when its bytes hash to the settled output commitment).
        </p>
      ) : (
        <p>The result is served once the job settled.</p>
      )}
    </section>
  );
}
