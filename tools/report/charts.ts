// The report's charts as Vega-Lite specs, one function per chart, each fed
// only the numbers it plots (inline data: rendering loads nothing). A chart
// whose data are missing is left out, and the page says what would make it.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './inputs.ts';
import { oodRun, runAtSamples, runsOverSamples, runsOverTime, timeLabel } from './select.ts';

export interface ChartDef {
  /** Stable id: the HTML element is `chart-<id>`. */
  id: string;
  title: string;
  /** One sentence under the chart: what it shows and where the numbers come from. */
  caption: string;
  spec: TopLevelSpec | null;
  /** Why the chart is missing (when spec is null). */
  missing?: string;
}

const W = 330;
const H = 210;
const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { font: 'sans-serif', view: { stroke: '#888' }, axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#eee', labelLimit: 260 }, legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 280 } },
} as const;
const LOG2 = { type: 'log', base: 2 } as const;
const LOG10 = { type: 'log', base: 10 } as const;

function chart(spec: Record<string, unknown>): TopLevelSpec {
  return { ...BASE, ...spec } as unknown as TopLevelSpec;
}

function reliability(data: ReportData, s: number): ChartDef {
  const id = `reliability-s${s}`;
  const title = `Reliability diagram, S = ${s}`;
  const r = runAtSamples(data.emulate, s);
  if (!r) return { id, title, caption: '', spec: null, missing: `no emulate run at S = ${s} with the headline run's t, compensation and network` };
  const bins = r.run.metrics.reliability.filter((b) => b.count > 0).map((b) => ({ lo: b.lo, hi: b.hi, zero: 0, accuracy: b.accuracy, confidence: b.confidence, count: b.count }));
  const c = r.run.config;
  return {
    id,
    title,
    caption: `Accuracy per confidence bin (bars, ${r.run.images} images, 15 bins, empty bins left out) against the diagonal of perfect calibration; ECE ${(100 * r.run.metrics.ece).toFixed(2)}%. t = ${timeLabel(c.tS)}, drift compensation ${c.driftCompensation ? 'on' : 'off'}.`,
    spec: chart({
      width: W,
      height: H,
      layer: [
        {
          data: { values: bins },
          mark: { type: 'rect', color: '#4c78a8', opacity: 0.85, stroke: 'white' },
          encoding: {
            x: { field: 'lo', type: 'quantitative', scale: { domain: [0, 1] }, title: 'confidence (max probability)' },
            x2: { field: 'hi' },
            y: { field: 'zero', type: 'quantitative', scale: { domain: [0, 1] }, title: 'accuracy in the bin' },
            y2: { field: 'accuracy' },
          },
        },
        {
          data: { values: bins },
          mark: { type: 'point', color: '#e45756', filled: true, size: 30 },
          encoding: { x: { field: 'confidence', type: 'quantitative' }, y: { field: 'accuracy', type: 'quantitative' } },
        },
        {
          data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
          mark: { type: 'line', color: '#555', strokeDash: [4, 3] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    }),
  };
}

function overSamples(data: ReportData): ChartDef {
  const id = 'over-samples';
  const title = 'Accuracy, ECE and energy against S';
  const runs = runsOverSamples(data.emulate);
  if (runs.length < 2) return { id, title, caption: '', spec: null, missing: 'needs emulate runs at two or more S that differ only in S' };
  const values = runs.flatMap(({ run }) => [
    { S: run.config.samples, what: 'accuracy (%)', value: 100 * run.metrics.accuracy },
    { S: run.config.samples, what: 'ECE (%)', value: 100 * run.metrics.ece },
    { S: run.config.samples, what: 'energy per inference (nJ)', value: run.energy.perInferencePj / 1000 },
  ]);
  const panel = (what: string, color: string) => ({
    width: 200,
    height: 170,
    transform: [{ filter: { field: 'what', equal: what } }],
    mark: { type: 'line', point: true, color },
    encoding: { x: { field: 'S', type: 'quantitative', scale: LOG2, title: 'S (samples per inference)' }, y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: what } },
  });
  return {
    id,
    title,
    caption: `Monte-Carlo samples S = ${runs.map((r) => r.run.config.samples).join(', ')} (${runs[0]!.run.images} images each): what repeating the inference buys and costs.`,
    spec: chart({ data: { values }, hconcat: [panel('accuracy (%)', '#4c78a8'), panel('ECE (%)', '#e45756'), panel('energy per inference (nJ)', '#54a24b')] }),
  };
}

function overTime(data: ReportData): ChartDef {
  const id = 'over-time';
  const title = 'Accuracy against time after programming';
  const runs = runsOverTime(data.emulate);
  if (runs.length < 2) return { id, title, caption: '', spec: null, missing: 'needs emulate runs at two or more t (with and without --no-drift-compensation)' };
  const values = runs.map(({ run }) => ({ tS: run.config.tS, label: timeLabel(run.config.tS), compensation: run.config.driftCompensation ? 'drift compensation on' : 'off', accuracy: 100 * run.metrics.accuracy }));
  return {
    id,
    title,
    caption: `S = ${runs[0]!.run.config.samples}, ${runs[0]!.run.images} images per point: the devices drift as G(t) = G0 (t/t0)^-nu; with compensation the thresholds and leak are divided by the global drift factor alpha measured on the tile.`,
    spec: chart({
      width: W + 60,
      height: H,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'tS', type: 'quantitative', scale: LOG10, title: 't after programming (s)' },
        y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: 'accuracy (%)' },
        color: { field: 'compensation', type: 'nominal', title: null, scale: { range: ['#4c78a8', '#e45756'] } },
      },
    }),
  };
}

function energyBreakdown(data: ReportData, headline: number | null): ChartDef {
  const id = 'energy-breakdown';
  const title = 'Energy per inference by component';
  const run = headline === null ? null : data.emulate[headline];
  if (!run) return { id, title, caption: '', spec: null, missing: 'needs an emulate run' };
  const values = Object.entries(run.energy.byComponentPj)
    .map(([component, pj]) => ({ component, nj: pj / 1000 }))
    .sort((a, b) => b.nj - a.nj || a.component.localeCompare(b.component));
  return {
    id,
    title,
    caption: `Headline run: activity counters x the energy reference table (docs/energy.md), static power x time included; total ${(run.energy.perInferencePj / 1000).toFixed(2)} nJ per inference.`,
    spec: chart({
      width: W,
      height: { step: 18 },
      data: { values },
      mark: { type: 'bar', color: '#54a24b' },
      encoding: { y: { field: 'component', type: 'nominal', sort: '-x', title: null }, x: { field: 'nj', type: 'quantitative', title: 'nJ per inference' } },
    }),
  };
}

function publishedChips(data: ReportData, headline: number | null): ChartDef {
  const id = 'published-chips';
  const title = 'Energy per synaptic operation next to published chips';
  const run = headline === null ? null : data.emulate[headline];
  if (!run) return { id, title, caption: '', spec: null, missing: 'needs an emulate run' };
  const values = [
    { name: 'neurotile (this run)', value: run.energy.pjPerSynapticOp, group: 'this run' },
    ...run.energy.publishedChips.filter((c) => typeof c.pjPerSop === 'number').map((c) => ({ name: `${c.name} (${c.node})`, value: c.pjPerSop!, group: 'published' })),
  ];
  return {
    id,
    title,
    caption: 'pJ per synaptic operation (log scale); published figures as cited in the energy table, at their own nodes and voltages.',
    spec: logBars(values, 'pJ per synaptic operation', { domain: ['this run', 'published'], range: ['#e45756', '#9ecae9'] }),
  };
}

/**
 * Horizontal bars on a log axis. Bars need a baseline, and a log axis has no
 * zero: every bar starts at the decade below the smallest value.
 */
function logBars(values: { name: string; value: number; group: string }[], xTitle: string, colors: { domain: string[]; range: string[] }, sort: 'value' | 'none' = 'value'): TopLevelSpec {
  const positive = values.filter((v) => v.value > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive.map((v) => v.value))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive.map((v) => v.value))));
  return chart({
    width: W,
    height: { step: 18 },
    data: { values: positive.map((v) => ({ ...v, base: lo })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: sort === 'value' ? '-x' : null, title: null },
      x: { field: 'value', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] }, title: xTitle },
      x2: { field: 'base' },
      color: { field: 'group', type: 'nominal', title: null, scale: colors },
    },
  });
}

function oodHistograms(data: ReportData): ChartDef {
  const id = 'ood-histograms';
  const title = 'OOD scores: in-distribution vs held-out classes';
  const r = oodRun(data.emulate);
  if (!r) return { id, title, caption: '', spec: null, missing: 'needs an emulate run of the open-set network (workloads/networks/fashion-mnist-snn-open-set.json)' };
  const o = r.run.ood!;
  const values = [
    ...o.scores.id.maxProb.map((v, i) => ({ set: 'in distribution', maxProb: v, entropy: o.scores.id.entropy[i] })),
    ...o.scores.ood.maxProb.map((v, i) => ({ set: 'held-out classes', maxProb: v, entropy: o.scores.ood.entropy[i] })),
  ];
  const panel = (field: string, titleX: string) => ({
    width: 230,
    height: 170,
    mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
    encoding: {
      x: { field, type: 'quantitative', bin: { maxbins: 20 }, title: titleX },
      y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'images' },
      color: { field: 'set', type: 'nominal', title: null, scale: { domain: ['in distribution', 'held-out classes'], range: ['#4c78a8', '#f58518'] } },
    },
  });
  return {
    id,
    title,
    caption: `Open-set network at S = ${r.run.config.samples}: ${o.scores.id.maxProb.length} in-distribution and ${o.scores.ood.maxProb.length} held-out images; AUROC ${o.aurocMaxProb.toFixed(3)} (max probability), ${o.aurocEntropy.toFixed(3)} (entropy).`,
    spec: chart({ data: { values }, hconcat: [panel('maxProb', 'max probability'), panel('entropy', 'entropy (nats)')] }),
  };
}

function samplerDensity(data: ReportData): ChartDef {
  const id = 'sampler-density';
  const title = 'Sampler: density error in units of sqrt(p(1-p)/N)';
  const law = data.samplerLaw;
  const points = [
    ...(law?.density ?? []).map((d) => ({ p: d.p, z: (d.density - d.p) / d.stdError, source: `sampler study, N = ${d.n}` })),
    ...data.sample.filter((s) => s.bernoulli).map((s) => ({ p: s.bernoulli!.p, z: (s.bernoulli!.density - s.bernoulli!.p) / s.bernoulli!.stdError, source: 'neurotile sample runs' })),
  ];
  if (!points.length) return { id, title, caption: '', spec: null, missing: 'needs the sampler study or `neurotile sample --json` results' };
  const rule = (zs: number[], color: string, dash: number[]) => ({ data: { values: zs.map((z) => ({ z })) }, mark: { type: 'rule', color, strokeDash: dash }, encoding: { y: { field: 'z', type: 'quantitative' } } });
  return {
    id,
    title,
    caption: 'Measured Bernoulli density minus p, divided by the binomial standard error sqrt(p(1-p)/N), for p = k/256 (points); an ideal source stays within +-3 (red) almost always and within +-1 about 2 times in 3. Random source: the twin\'s read noise, no LFSR.',
    spec: chart({
      width: W + 60,
      height: H,
      layer: [
        rule([-3, 3], '#e45756', [4, 3]),
        rule([-1, 1], '#bbb', [2, 2]),
        rule([0], '#555', [1, 0]),
        { data: { values: points }, mark: { type: 'point', filled: true, size: 45 }, encoding: { x: { field: 'p', type: 'quantitative', title: 'p', scale: { domain: [0, 1] } }, y: { field: 'z', type: 'quantitative', title: '(density - p) / sqrt(p(1-p)/N)', scale: { domain: [-4, 4] } }, shape: { field: 'source', type: 'nominal', title: null }, color: { field: 'source', type: 'nominal', title: null, scale: { range: ['#4c78a8', '#f58518'] } } } },
      ],
    }),
  };
}

function samplerStdError(data: ReportData): ChartDef {
  const id = 'sampler-stderror';
  const title = 'Sampler: standard error against sqrt(p(1-p)/N)';
  const law = data.samplerLaw;
  if (!law) return { id, title, caption: '', spec: null, missing: 'needs the sampler study (run the report without --from, or a report JSON)' };
  const measured = law.stdError.map((e) => ({ N: e.N, value: e.measured, p: `p = ${e.p}`, kind: 'measured' }));
  const lawLine = law.stdError.map((e) => ({ N: e.N, value: e.law, p: `p = ${e.p}`, kind: 'sqrt(p(1-p)/N)' }));
  return {
    id,
    title,
    caption: `Spread of density estimates over N numbers (points; ${law.numbers} numbers split into numbers/N estimates) against the binomial law (lines), log-log.`,
    spec: chart({
      width: W + 60,
      height: H,
      layer: [
        { data: { values: lawLine }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x: { field: 'N', type: 'quantitative', scale: LOG2, title: 'N (numbers per estimate)' }, y: { field: 'value', type: 'quantitative', scale: LOG10, title: 'standard error of the density' }, color: { field: 'p', type: 'nominal', title: null } } },
        { data: { values: measured }, mark: { type: 'point', filled: true, size: 45 }, encoding: { x: { field: 'N', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'p', type: 'nominal' } } },
      ],
    }),
  };
}

function router(data: ReportData): ChartDef {
  const id = 'router-saturation';
  const title = 'Router mesh: throughput and latency against offered load';
  const r = data.router;
  if (!r) return { id, title, caption: '', spec: null, missing: 'needs the router study (run the report without --from, or a report JSON)' };
  return { id, title, caption: `${r.mesh.width} x ${r.mesh.height} mesh, XY routing, uniform random destinations, ${r.packetsPerPoint} packets per point (those created in the first ${r.warmupCycles} cycles left out), on the cycle-exact emulator.`, spec: routerSpec(r.rows) };
}

/** The router chart on its own (also docs/router-saturation.svg). */
export function routerSpec(rows: { fifoDepth: number; rate: number; throughput: number; meanNetworkLatency: number }[]): TopLevelSpec {
  const values = rows.map((r) => ({ load: r.rate, depth: `FIFO depth ${r.fifoDepth}`, throughput: r.throughput, latency: r.meanNetworkLatency }));
  const color = { field: 'depth', type: 'nominal', title: null, scale: { range: ['#4c78a8', '#e45756', '#54a24b', '#b279a2'] } };
  const x = { field: 'load', type: 'quantitative', title: 'offered load (packets / node / cycle)' };
  return chart({
    data: { values },
    hconcat: [
      { width: 300, height: 220, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'throughput', type: 'quantitative', title: 'throughput (packets / node / cycle)' }, color } },
      { width: 300, height: 220, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'latency', type: 'quantitative', title: 'network latency (cycles)' }, color } },
    ],
  });
}

function crossbar(data: ReportData): ChartDef {
  const id = 'crossbar-mvm-error';
  const title = 'Crossbar MVM error against time after programming';
  const c = data.crossbar;
  if (!c) return { id, title, caption: '', spec: null, missing: 'needs the crossbar study (run the report without --from, or a report JSON)' };
  const names: [keyof (typeof c.points)[number], string][] = [
    ['float', 'float, raw'],
    ['floatCompensated', 'float, compensated'],
    ['twin', `twin (${c.gbits}-bit levels), raw`],
    ['twinCompensated', 'twin, compensated'],
  ];
  const values = c.points.flatMap((p) => names.map(([k, label]) => ({ tS: p.tS, series: label, error: 100 * (p[k] as number) })));
  return {
    id,
    title,
    caption: `Relative RMS error of a ${c.rows} x ${c.cols} crossbar's matrix-vector product (${c.vectors} spike vectors, density ${c.density}), device model vs its digital twin, with and without global drift compensation.`,
    spec: chart({
      width: W + 60,
      height: H,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'tS', type: 'quantitative', scale: LOG10, title: 't after programming (s)' },
        y: { field: 'error', type: 'quantitative', title: 'relative RMS error (%)' },
        color: { field: 'series', type: 'nominal', title: null, sort: names.map((n) => n[1]) },
        strokeDash: { field: 'series', type: 'nominal', legend: null, sort: names.map((n) => n[1]) },
      },
    }),
  };
}

function bench(data: ReportData): ChartDef {
  const id = 'bench';
  const title = 'Simulator speed: cycles per second by backend';
  const b = data.bench;
  if (!b) return { id, title, caption: '', spec: null, missing: 'needs `neurotile bench --json` (run the report without --from, or give its JSON)' };
  const values = b.throughput.map((t) => ({ name: `${t.design}: ${t.backend}`, value: t.cyclesPerSecond.median, group: t.design }));
  const designs = [...new Set(b.throughput.map((t) => t.design))];
  return {
    id,
    title,
    caption: `Same design, same stimulus on every backend, median of repetitions after warm-up (${b.machine.cpus} cpus, node ${b.machine.node}; log scale).`,
    spec: logBars(values, 'cycles per second', { domain: designs, range: ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2'].slice(0, Math.max(1, designs.length)) }, 'none'),
  };
}

/** Every chart of the report, in page order. */
export function reportCharts(data: ReportData, headline: number | null): ChartDef[] {
  return [
    reliability(data, 1),
    reliability(data, 16),
    overSamples(data),
    overTime(data),
    energyBreakdown(data, headline),
    publishedChips(data, headline),
    oodHistograms(data),
    samplerDensity(data),
    samplerStdError(data),
    router(data),
    crossbar(data),
    bench(data),
  ];
}
