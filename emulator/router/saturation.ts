// Saturation of a mesh under uniform random traffic (emulator only): latency
// and accepted throughput against offered load, a million-packet
// exactly-once run, and the table and SVG plot in docs/router-saturation.md.
//
//   npx tsx emulator/router/saturation.ts [--packets N] [--write]
//
// --write regenerates docs/router-saturation.md and docs/router-saturation.svg.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_ROUTER_PARAMS, type RouterParams } from './flit.ts';
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

// ---- the plot: a small hand-written SVG (two panels, one line per FIFO depth) ----------------

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

interface Series {
  label: string;
  points: [number, number][];
}

function panel(x0: number, title: string, yLabel: string, yMax: number, series: Series[], xMax: number): string {
  const w = 380;
  const h = 260;
  const left = x0 + 55;
  const top = 40;
  const px = (x: number) => left + (x / xMax) * w;
  const py = (y: number) => top + h - (Math.min(y, yMax) / yMax) * h;
  const parts: string[] = [`<text x="${left + w / 2}" y="22" text-anchor="middle" font-weight="bold">${title}</text>`];
  for (let i = 0; i <= 5; i++) {
    const yv = (yMax * i) / 5;
    const xv = (xMax * i) / 5;
    parts.push(`<line x1="${left}" x2="${left + w}" y1="${py(yv)}" y2="${py(yv)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${py(yv) + 4}" text-anchor="end">${+yv.toFixed(2)}</text>`);
    parts.push(`<text x="${px(xv)}" y="${top + h + 16}" text-anchor="middle">${+xv.toFixed(2)}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${left + w / 2}" y="${top + h + 36}" text-anchor="middle">offered load (packets / node / cycle)</text>`);
  parts.push(`<text transform="translate(${x0 + 14} ${top + h / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`);
  series.forEach((s, i) => {
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"/>`);
    for (const [x, y] of s.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${COLOURS[i % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + 10}" y="${top + 18 + 16 * i}" fill="${COLOURS[i % COLOURS.length]}">${s.label}</text>`);
  });
  return parts.join('\n');
}

/** Throughput and network latency against offered load, one line per FIFO depth. */
export function renderSaturationSvg(rows: SweepRow[], title: string): string {
  const depths = [...new Set(rows.map((r) => r.fifoDepth))];
  const xMax = Math.max(...rows.map((r) => r.rate));
  const by = (f: (r: SweepRow) => number) => depths.map((d) => ({ label: `FIFO depth ${d}`, points: rows.filter((r) => r.fifoDepth === d).map((r) => [r.rate, f(r)] as [number, number]) }));
  const latMax = Math.ceil(Math.max(...rows.map((r) => r.meanNetworkLatency)) / 5) * 5;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="360" font-family="sans-serif" font-size="12">`,
    `<rect width="1000" height="360" fill="white"/>`,
    panel(0, `${title}: accepted throughput`, 'delivered packets / node / cycle', xMax, by((r) => r.throughput), xMax),
    panel(500, `${title}: network latency`, 'mean cycles, local input to local output', latMax, by((r) => r.meanNetworkLatency), xMax),
    `</svg>`,
    '',
  ].join('\n');
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

// ---- the command line --------------------------------------------------------------------

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const million = Number(arg('--packets') ?? 1_000_000);
  const perRate = Number(arg('--per-rate') ?? 100_000);
  const params = DEFAULT_ROUTER_PARAMS;

  const big = runUniformTraffic({ width: 4, height: 4, params, rate: 0.3, packets: million, seed: 2026, warmupCycles: 2000 });
  const ok = big.lost === 0 && big.duplicated === 0 && big.misrouted === 0;
  console.log(
    `${million} packets through a 4 x 4 mesh at offered load 0.3: delivered ${big.delivered}, lost ${big.lost}, duplicated ${big.duplicated}, ` +
      `misrouted ${big.misrouted}, ${big.cycles} cycles, ${big.seconds.toFixed(2)} s (${((big.delivered / big.seconds) / 1e6).toFixed(2)} M packets/s) ${ok ? 'OK' : 'FAILED'}`,
  );
  const rows: SweepRow[] = [];
  for (const fifoDepth of [2, 4, 8]) {
    const sweep = saturationSweep({ width: 4, height: 4, params: { ...params, fifoDepth }, rates: SWEEP_RATES, packets: perRate });
    for (const r of sweep) {
      if (r.lost || r.duplicated || r.misrouted) throw new Error(`depth ${fifoDepth}, load ${r.rate}: lost ${r.lost}, duplicated ${r.duplicated}, misrouted ${r.misrouted}`);
      console.log(`depth ${fifoDepth} load ${r.rate.toFixed(2)}: throughput ${r.throughput.toFixed(3)}, network latency ${r.meanNetworkLatency.toFixed(2)}, total ${r.meanLatency.toFixed(1)}`);
    }
    rows.push(...sweep);
  }
  if (!argv.includes('--write')) return;
  const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
  writeFileSync(`${docs}router-saturation.svg`, renderSaturationSvg(rows, '4 x 4 mesh, uniform random'));
  const table = (d: number) => renderSaturationTable(rows.filter((r) => r.fifoDepth === d));
  writeFileSync(
    `${docs}router-saturation.md`,
    `# Router mesh saturation (emulator)

Generated by \`npx tsx emulator/router/saturation.ts --write\` (emulator/router/saturation.ts).
The network is the one docs/tile-spec.md specifies ("## Router"); the figures come from the
cycle-exact emulator, which the co-simulation suites check against the RTL on every cycle.

**Setup.** 4 x 4 mesh, XY routing, ${params.idBits}-bit ids, no payload. Every node creates a
packet with probability *offered load* in each cycle, to a destination drawn uniformly
from all 16 nodes (itself included). Packets wait in an unbounded source queue in
front of the local input, so load beyond saturation shows up as source-queue latency,
never as loss. Local outputs are always ready. ${perRate.toLocaleString('en-US')} packets per point;
packets created in the first 2000 cycles are left out of the latency figures.

- *accepted throughput*: packets delivered per node per cycle while packets were being created;
- *network latency*: cycles from the edge where the local input accepts the packet to the edge
  where the destination's local output delivers it (minimum: hops + 1);
- *latency incl. source queue*: from creation; past saturation it grows with the length
  of the run (the source queues grow without bound), so read it as "unbounded".

Every run delivered every packet exactly once at its destination (lost = duplicated = 0).

**Saturation throughput** (highest accepted throughput, packets / node / cycle):
${[2, 4, 8].map((d) => `FIFO depth ${d}: ${Math.max(...rows.filter((r) => r.fifoDepth === d).map((r) => r.throughput)).toFixed(3)}`).join('; ')}.
Below it the network carries the offered load and the mean network latency stays within a few
cycles of the zero-load value (2.5 hops on average + 1 = 3.5 cycles).

**One million packets.** ${million.toLocaleString('en-US')} packets at offered load 0.3, FIFO depth ${params.fifoDepth}:
${big.delivered.toLocaleString('en-US')} delivered, ${big.lost} lost, ${big.duplicated} duplicated, ${big.misrouted} misrouted,
${big.cycles.toLocaleString('en-US')} cycles, ${big.seconds.toFixed(1)} s of emulation on one core.

![throughput and latency against offered load](router-saturation.svg)

## FIFO depth ${params.fifoDepth} (the default)

${table(params.fifoDepth)}

## FIFO depth 2

${table(2)}

## FIFO depth 8

${table(8)}
`,
  );
  console.log(`wrote ${docs}router-saturation.md and .svg`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
