/** Bridge: lanes with delivered / pending / parked messages and latency percentiles, validators' health. */
import { api } from "../api";
import { usePoll } from "../hooks";

export function BridgePage() {
  const bridge = usePoll(api.bridge, 3_000);
  const b = bridge.data;
  return (
    <section aria-labelledby="bridge-h">
      <h1 id="bridge-h">Bridge</h1>
      {bridge.error && <p role="alert">Cannot load the bridge: {bridge.error}</p>}
      {b && (
        <p>
          Relayer: {b.relayer ?? "not configured"}
          {b.relayer && (b.relayerReachable ? " (reachable)" : " (unreachable)")}
        </p>
      )}
      <table>
        <caption>Lanes (as the relayer reports them)</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">Delivered</th>
            <th scope="col">Pending</th>
            <th scope="col">Parked</th>
            <th scope="col">Latency p50 / p90 / p99 (ms)</th>
          </tr>
        </thead>
        <tbody>
          {(b?.lanes ?? []).map((l) => (
            <tr key={`${l.origin}-${l.destination}`}>
              <th scope="row">
                {l.origin} → {l.destination}
              </th>
              <td>{l.delivered}</td>
              <td>{l.pending}</td>
              <td>{l.parked}</td>
              <td>
                {l.latencyMs
                  ? `${l.latencyMs.p50} / ${l.latencyMs.p90} / ${l.latencyMs.p99} (${l.latencyMs.samples} messages)`
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Validators</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Health</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {(b?.validators ?? []).map((v) => (
            <tr key={v.url}>
              <th scope="row">{v.url}</th>
              <td>{v.healthy ? "healthy" : "unreachable"}</td>
              <td>{v.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
