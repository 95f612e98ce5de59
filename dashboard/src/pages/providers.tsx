/** Providers: every node with its region, capacity, price, reputation, and earnings over time. */
import { amount, api, short } from "../api";
import { TimeChart, type Series } from "../chart";
import { usePoll } from "../hooks";

export function ProvidersPage() {
  const providers = usePoll(api.providers, 5_000);
  const activity = usePoll(api.activity, 5_000);
  const earnings = activity.data?.earnings ?? [];
  const totals = new Map<string, bigint>();
  const series: Series[] = [];
  for (const e of [...earnings].sort((a, b) => a.time - b.time)) {
    const total = (totals.get(e.nodeId) ?? 0n) + BigInt(e.providerPay);
    totals.set(e.nodeId, total);
    let s = series.find((x) => x.label === `node ${e.nodeId}`);
    if (!s) series.push((s = { label: `node ${e.nodeId}`, points: [] }));
    s.points.push([e.time, Number(total)]);
  }
  return (
    <section aria-labelledby="providers-h">
      <h1 id="providers-h">Providers</h1>
      {providers.error && <p role="alert">Cannot load providers: {providers.error}</p>}
      <table>
        <caption>Nodes indexed from every region</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Region</th>
            <th scope="col">Operator</th>
            <th scope="col">Status</th>
            <th scope="col">Hardware</th>
            <th scope="col">Price per unit·s</th>
            <th scope="col">Carbon</th>
            <th scope="col">Reputation</th>
            <th scope="col">Earned</th>
          </tr>
        </thead>
        <tbody>
          {(providers.data?.items ?? []).map((p) => (
            <tr key={p.nodeId}>
              <th scope="row">{p.nodeId}</th>
              <td>{p.region}</td>
              <td>
                <code title={p.operator}>{short(p.operator)}</code>
              </td>
              <td>{p.status}</td>
              <td>
                {p.cpuCores} CPU, {Math.round(p.memoryMb / 1024)} GiB, {p.gpuCount}× {p.gpuModel || "no GPU"}
              </td>
              <td>{p.pricePerSecond}</td>
              <td>
                {p.carbonIntensity} g ({p.energySource})
              </td>
              <td>
                {p.reputation.score.toFixed(2)} ({p.reputation.successes} ok, {p.reputation.slaBreaches}{" "}
                breaches, {p.reputation.timeouts} timeouts)
              </td>
              <td>{amount(totals.get(p.nodeId) ?? 0n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TimeChart
        title="Earnings over time (cumulative provider pay)"
        unit="token units"
        series={series}
        summary={
          series.map((s) => `${s.label} ${s.points[s.points.length - 1]![1]}`).join(", ") ||
          "no settlement yet"
        }
      />
    </section>
  );
}
