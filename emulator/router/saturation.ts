// Saturation of a mesh under uniform random traffic (emulator only): latency
// and accepted throughput against offered load, and the table of
// docs/router-saturation.md. The document and its plot (Vega-Lite, like every
// chart of the project) are written by `npx tsx tools/router-figures.ts --write`.
import { type RouterParams } from './flit.ts';
import { runUniformTraffic, type TrafficResult } from './traffic.ts';

export interface SweepRow extends TrafficResult {
  rate: number;
  fifoDepth: number;
}

export const SWEEP_RATES = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 1];

/** Offered load -> latency and throughput on a width x height mesh. */
export function saturationSweep(o: { width: number; height: number; params: RouterParams; rates: number[]; packets: number; seed?: number; warmupCycles?: number }): SweepRow[] {
  return o.rates.map((rate) => ({
    rate,
    fifoDepth: o.params.fifoDepth,
    ...runUniformTraffic({ width: o.width, height: o.height, params: o.params, rate, packets: o.packets, seed: o.seed ?? 11, warmupCycles: o.warmupCycles ?? 2000 }),
  }));
}

export function renderSaturationTable(rows: SweepRow[]): string {
  const lines = [
    '| offered load | accepted throughput | mean latency (network) | mean latency (incl. source queue) | max latency (incl. source queue) | packets | lost | duplicated |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.rate.toFixed(2)} | ${r.throughput.toFixed(3)} | ${r.meanNetworkLatency.toFixed(2)} | ${r.meanLatency.toFixed(1)} | ${r.maxLatency} | ${r.packets} | ${r.lost} | ${r.duplicated} |`,
    );
  }
  return lines.join('\n');
}
