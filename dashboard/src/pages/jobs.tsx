/** Jobs: the newest jobs with a search, refreshed every few seconds, each linking to its live page. */
import { useState } from "preact/hooks";
import { amount, api, short, time } from "../api";
import { usePoll } from "../hooks";

const STATUSES = ["", "open", "assigned", "settled", "timed_out", "cancelled"];

export function JobsPage() {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const jobs = usePoll(() => api.jobs(q.trim(), status), 2_000, [q, status]);
  return (
    <section aria-labelledby="jobs-h">
      <h1 id="jobs-h">Jobs</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search (job id, buyer 0x…, region){" "}
          <input name="q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </label>{" "}
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || "any"}
              </option>
            ))}
          </select>
        </label>
      </form>
      {jobs.error && <p role="alert">Cannot load jobs: {jobs.error}</p>}
      <table>
        <caption>Newest first</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Buyer</th>
            <th scope="col">Region / node</th>
            <th scope="col">Escrow</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {(jobs.data?.items ?? []).map((j) => (
            <tr key={j.jobId} data-job={j.jobId}>
              <th scope="row">
                <a href={`#/jobs/${j.jobId}`}>Job {j.jobId}</a>
              </th>
              <td>
                <span class={`status ${j.status}`}>{j.status}</span>
              </td>
              <td>
                <code title={j.buyer}>{short(j.buyer)}</code>
              </td>
              <td>{j.region ? `${j.region} / ${j.nodeId}` : "—"}</td>
              <td>{amount(j.escrow)}</td>
              <td>{time(j.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.data && jobs.data.items.length === 0 && <p>No job matches.</p>}
    </section>
  );
}
