/** A uPlot time-series chart with a text alternative (the figure's caption and an aria-label). */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const COLORS = ["#1f5fbf", "#b3411b", "#1d7a3a", "#6b3fa0", "#8a6d00"];

export interface Series {
  label: string;
  points: [number, number][]; // [unix seconds, value]
}

export function TimeChart(props: { title: string; unit: string; series: Series[]; summary: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = [...new Set(props.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
    const ys = props.series.map((s) => {
      const at = new Map(s.points);
      return xs.map((x) => at.get(x) ?? null);
    });
    const lo = (xs[0] ?? Date.now() / 1000) - 60;
    const hi = Math.max((xs[xs.length - 1] ?? Date.now() / 1000) + 60, lo + 120);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 640),
        height: 220,
        series: [
          {},
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
          })),
        ],
        axes: [{}, { label: props.unit }],
        // Fixed from the data: a single sample would otherwise stretch the time axis over years.
        scales: { x: { time: true, auto: false, range: [lo, hi] } },
      },
      [xs, ...ys] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [props.series, props.unit]);
  return (
    <figure>
      <div ref={box} role="img" aria-label={`${props.title}: ${props.summary}`} />
      <figcaption>
        {props.title}: {props.summary}
      </figcaption>
    </figure>
  );
}
