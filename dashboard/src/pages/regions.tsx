/** Regions: nodes, free capacity, load, carbon intensity over time, and the hub ⇄ region flow. */
import { useEffect, useState } from "preact/hooks";
import { api, type RegionsView } from "../api";
import { TimeChart, type Series } from "../chart";
import { usePoll } from "../hooks";

const SAMPLE_MS = 5_000;
const KEEP = 120;

export function RegionsPage() {
  const regions = usePoll(api.regions, SAMPLE_MS);
  const activity = usePoll(api.activity, SAMPLE_MS);
  // The API reports carbon intensity now; the page keeps the samples it has seen as the series over time.
  const [carbon, setCarbon] = useState<Series[]>([]);
  useEffect(() => {
    const items: RegionsView["items"] = regions.data?.items ?? [];
    const t = Math.floor(Date.now() / 1000);
    setCarbon((prev) =>
      items.map((r) => {
        const old = prev.find((s) => s.label === r.name)?.points ?? [];
        const point: [number, number][] = r.carbonIntensityNow === null ? [] : [[t, r.carbonIntensityNow]];
        return { label: r.name, points: [...old, ...point].slice(-KEEP) };
      }),
    );
  }, [regions.data]);

  return (
    <section aria-labelledby="regions-h">
      <h1 id="regions-h">Regions</h1>
      {regions.error && <p role="alert">Cannot load regions: {regions.error}</p>}
      <table>
        <caption>Nodes, capacity and load per region</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Domain</th>
            <th scope="col">Nodes (active / total)</th>
            <th scope="col">Busy nodes</th>
            <th scope="col">Free units / total</th>
            <th scope="col">Load</th>
            <th scope="col">Price per unit·s</th>
            <th scope="col">Carbon now (gCO₂/kWh)</th>
          </tr>
        </thead>
        <tbody>
          {(regions.data?.items ?? []).map((r) => {
            const load = r.capacity.totalUnits > 0 ? 1 - r.capacity.freeUnits / r.capacity.totalUnits : null;
            return (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                <td>{r.domain}</td>
                <td>
                  {r.nodes.active} / {r.nodes.total}
                </td>
                <td>{r.nodes.busy}</td>
                <td>
                  {r.capacity.freeUnits} / {r.capacity.totalUnits}
                </td>
                <td>
                  {load === null ? (
                    "—"
                  ) : (
                    <meter min={0} max={1} value={load} aria-label={`load of ${r.name}`} />
                  )}{" "}
                  {load === null ? "" : `${Math.round(load * 100)} %`}
                </td>
                <td>{r.price ? `${r.price.min}–${r.price.max}` : "—"}</td>
                <td>{r.carbonIntensityNow ?? "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <TimeChart
        title="Carbon intensity by region"
        unit="gCO₂/kWh"
        series={carbon}
        summary={
          carbon.map((s) => `${s.label} ${s.points[s.points.length - 1]?.[1] ?? "no data"}`).join(", ") ||
          "no data yet"
        }
      />
      <h2>Directive and receipt flow</h2>
      <table>
        <caption>Messages between the hub and each region, as indexed</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Directives hub → region</th>
            <th scope="col">Acknowledged</th>
            <th scope="col">Receipts region → hub</th>
            <th scope="col">Settled on the hub</th>
          </tr>
        </thead>
        <tbody>
          {(activity.data?.flow ?? []).map((f) => (
            <tr key={f.region}>
              <th scope="row">{f.region}</th>
              <td>{f.directives}</td>
              <td>{f.acknowledged}</td>
              <td>{f.receipts}</td>
              <td>{f.settled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
