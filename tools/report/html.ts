// The report page: one self-contained HTML file (styles and SVG charts
// inline, no script, nothing loaded from anywhere). Every figure taken from
// an emulate run is printed in a cell that names where it came from
// (data-path="emulate[2].metrics.accuracy"), so a test can hold the page
// against the JSON it was built from. No timestamps: same data, same bytes.
import type { ChartDef } from './charts.ts';
import type { ReportData } from './inputs.ts';
import { headlineRun, oodRun, runsOverSamples, runsOverTime, timeLabel } from './select.ts';

export interface RenderedChart extends ChartDef {
  svg: string | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** How a number is shown; the unit is part of the text ("85.87%", "35.21 nJ"). */
type Fmt = (x: number) => string;
const pct: Fmt = (x) => `${(100 * x).toFixed(2)}%`;
const fixed = (d: number, unit = ''): Fmt => (x) => `${x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })}${unit ? ` ${unit}` : ''}`;
const nj: Fmt = (pj) => `${(pj / 1000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} nJ`;

/** A table cell holding one number of the data, with the path it came from. */
function cell(path: string, value: number | null | undefined, fmt: Fmt): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return `<td class="na">n/a</td>`;
  return `<td class="num" data-path="${esc(path)}">${esc(fmt(value))}</td>`;
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}

const td = (s: string | number) => `<td>${esc(String(s))}</td>`;

function configuration(data: ReportData): string {
  const h = headlineRun(data.emulate);
  if (!h) return `<p class="missing">No emulate run in the inputs: no configuration or headline figures.</p>`;
  const c = h.run.config;
  const t = c.chip.tile;
  const p = `emulate[${h.index}].config`;
  const rows: string[][] = [
    [td('chip'), `<td>${esc(`${c.chip.width} x ${c.chip.height} tiles`)}</td>`],
    [td('tile crossbar'), `<td>${esc(`${t.rows} x ${t.cols} differential PCM pairs, ${t.gbits}-bit conductance levels`)}</td>`],
    [td('ADC'), `<td>${esc(`${t.adcBits} bits, shared by ${t.adcShare} columns`)}</td>`],
    [td('clock'), cell(`${p}.clockHz`, c.clockHz / 1e6, fixed(1, 'MHz'))],
    [td('device'), `<td>${esc(`PCM (programming noise, drift, 1/f read noise), read t = ${timeLabel(c.tS)} after programming, drift compensation ${c.driftCompensation ? 'on' : 'off'}`)}</td>`],
    // The file's name only: the folder depends on the machine, the sha256 names the network.
    [td('network'), `<td>${esc(`${c.network.file.split('/').pop()}${c.network.openSet ? ' (open set)' : ''}, sha256 ${c.network.sha256.slice(0, 12)}…`)}</td>`],
    [td('timesteps T'), cell(`${p}.timesteps`, c.timesteps, fixed(0))],
    [td('samples S'), cell(`${p}.samples`, c.samples, fixed(0))],
    [td('images'), cell(`emulate[${h.index}].images`, h.run.images, fixed(0))],
    [td('seed'), td(c.seed)],
  ];
  return table(['setting', 'value'], rows, 'config');
}

function headline(data: ReportData): string {
  const h = headlineRun(data.emulate);
  if (!h) return '';
  const r = h.run;
  const p = `emulate[${h.index}]`;
  const rows: string[][] = [
    [td('accuracy'), cell(`${p}.metrics.accuracy`, r.metrics.accuracy, pct), cell(`${p}.float.accuracy`, r.float?.accuracy, pct)],
    [td('ECE (15 bins)'), cell(`${p}.metrics.ece`, r.metrics.ece, pct), cell(`${p}.float.ece`, r.float?.ece, pct)],
    [td('NLL'), cell(`${p}.metrics.nll`, r.metrics.nll, fixed(3)), cell(`${p}.float.nll`, r.float?.nll, fixed(3))],
    [td('Brier'), cell(`${p}.metrics.brier`, r.metrics.brier, fixed(3)), cell(`${p}.float.brier`, (r.float as { brier?: number } | null)?.brier, fixed(3))],
    [td('abstain rate (confidence < 0.5)'), cell(`${p}.metrics.abstainRate`, r.metrics.abstainRate, pct), td('')],
    [td('energy per inference'), cell(`${p}.energy.perInferencePj`, r.energy.perInferencePj, nj), td('')],
    [td('  of which static'), cell(`${p}.energy.staticPj`, r.energy.staticPj, nj), td('')],
    [td('cycles per inference'), cell(`${p}.perInference.cycles`, r.perInference.cycles, fixed(0)), td('')],
    [td('latency per inference'), cell(`${p}.perInference.latencyUs`, r.perInference.latencyUs, fixed(2, 'µs')), td('')],
    [td('spikes per inference'), cell(`${p}.perInference.spikes`, r.perInference.spikes, fixed(1)), td('')],
    [td('synaptic operations per inference'), cell(`${p}.perInference.synapticOps`, r.perInference.synapticOps, fixed(0)), td('')],
    [td('energy per synaptic operation'), cell(`${p}.energy.pjPerSynapticOp`, r.energy.pjPerSynapticOp, fixed(2, 'pJ')), td('')],
    [td('emulator speed'), cell(`${p}.imagesPerSecond`, r.imagesPerSecond, fixed(1, 'images/s')), td('')],
  ];
  const chips = r.energy.publishedChips.map((c, i) => [td(c.name), td(c.node), cell(`${p}.energy.publishedChips[${i}].pjPerSop`, c.pjPerSop, fixed(2, 'pJ')), td(c.source)]);
  return `<h2 id="headline">Headline figures</h2>
${table(['figure', 'chip emulator', 'float software run'], rows, 'headline')}
<h3>Published chips</h3>
${table(['chip', 'node', 'energy per synaptic operation', 'source'], [[td('neurotile (this run)'), td('see docs/energy.md'), cell(`${p}.energy.pjPerSynapticOp`, r.energy.pjPerSynapticOp, fixed(2, 'pJ')), td('activity counters x energy table')], ...chips], 'chips')}`;
}

function sweeps(data: ReportData): string {
  const parts: string[] = [];
  const s = runsOverSamples(data.emulate);
  if (s.length) {
    parts.push(
      `<h3>Against S</h3>`,
      table(
        ['S', 'images', 'accuracy', 'ECE', 'NLL', 'energy per inference', 'cycles per inference'],
        s.map(({ index: i, run: r }) => [
          cell(`emulate[${i}].config.samples`, r.config.samples, fixed(0)),
          cell(`emulate[${i}].images`, r.images, fixed(0)),
          cell(`emulate[${i}].metrics.accuracy`, r.metrics.accuracy, pct),
          cell(`emulate[${i}].metrics.ece`, r.metrics.ece, pct),
          cell(`emulate[${i}].metrics.nll`, r.metrics.nll, fixed(3)),
          cell(`emulate[${i}].energy.perInferencePj`, r.energy.perInferencePj, nj),
          cell(`emulate[${i}].perInference.cycles`, r.perInference.cycles, fixed(0)),
        ]),
      ),
    );
  }
  const t = runsOverTime(data.emulate);
  if (t.length) {
    parts.push(
      `<h3>Against time after programming</h3>`,
      table(
        ['t', 'drift compensation', 'images', 'accuracy', 'ECE'],
        t.map(({ index: i, run: r }) => [td(timeLabel(r.config.tS)), td(r.config.driftCompensation ? 'on' : 'off'), cell(`emulate[${i}].images`, r.images, fixed(0)), cell(`emulate[${i}].metrics.accuracy`, r.metrics.accuracy, pct), cell(`emulate[${i}].metrics.ece`, r.metrics.ece, pct)]),
      ),
    );
  }
  const o = oodRun(data.emulate);
  if (o) {
    const i = o.index;
    parts.push(
      `<h3>Open set</h3>`,
      table(
        ['S', 'ID accuracy', 'AUROC, max probability', 'AUROC, entropy', 'float AUROC, max softmax'],
        [[cell(`emulate[${i}].config.samples`, o.run.config.samples, fixed(0)), cell(`emulate[${i}].metrics.accuracy`, o.run.metrics.accuracy, pct), cell(`emulate[${i}].ood.aurocMaxProb`, o.run.ood!.aurocMaxProb, fixed(3)), cell(`emulate[${i}].ood.aurocEntropy`, o.run.ood!.aurocEntropy, fixed(3)), cell(`emulate[${i}].ood.floatAurocMaxProb`, o.run.ood!.floatAurocMaxProb, fixed(3))]],
      ),
    );
  }
  return parts.join('\n');
}

function figure(c: RenderedChart): string {
  if (c.svg === null) return `<figure class="chart missing" id="chart-${c.id}" data-chart="${c.id}"><h3>${esc(c.title)}</h3><p>Not in this report: ${esc(c.missing ?? 'no data')}.</p></figure>`;
  return `<figure class="chart" id="chart-${c.id}" data-chart="${c.id}"><h3>${esc(c.title)}</h3>${c.svg}<figcaption>${esc(c.caption)}</figcaption></figure>`;
}

const STYLE = `
body{font-family:sans-serif;margin:24px auto;padding:0 16px;max-width:1180px;color:#222;line-height:1.4}
h1{margin-bottom:4px} h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums} td.na{color:#999} table.config td.num{text-align:left}
.grid{display:flex;flex-wrap:wrap;gap:16px}
figure.chart{margin:0;padding:8px;width:min-content;border:1px solid #e4e4e4;border-radius:4px;background:#fff}
figure.chart h3{margin:0 0 6px;font-size:15px} figure.chart figcaption{font-size:12px;color:#555;min-width:300px}
figure.missing{color:#777;font-style:italic}
.meta{color:#666;font-size:13px}
`;

export interface PageOptions {
  generator: string;
  /** What the data came from, one line each ("emulate run: ...", "--from file.json"). */
  sources: string[];
}

export function renderPage(data: ReportData, charts: RenderedChart[], o: PageOptions): string {
  const byId = new Map(charts.map((c) => [c.id, c]));
  const group = (title: string, ids: string[]) => `<h2>${esc(title)}</h2>\n<div class="grid">${ids.map((id) => figure(byId.get(id)!)).join('\n')}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>neurotile report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>neurotile report</h1>
<p class="meta">${esc(o.generator)}. Sources: ${o.sources.map(esc).join('; ')}.</p>
<h2 id="configuration">Configuration</h2>
${configuration(data)}
${headline(data)}
${group('Calibration', ['reliability-s1', 'reliability-s16'])}
${group('Samples, drift and energy', ['over-samples', 'over-time', 'energy-breakdown', 'published-chips'])}
${sweeps(data)}
${group('Uncertainty out of distribution', ['ood-histograms'])}
${group('LFSR-free sampler', ['sampler-density', 'sampler-stderror'])}
${group('Router and crossbar', ['router-saturation', 'crossbar-mvm-error'])}
${group('Simulator speed', ['bench'])}
</body>
</html>
`;
}
