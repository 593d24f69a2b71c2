// `neurotile report`: gathers the results (saved JSON given with --from,
// the rest run now), renders every chart to SVG with Vega-Lite and writes
// one self-contained HTML file through a temporary file and a rename, so the
// output is either the previous file or the complete new one, also on Ctrl-C.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from '../../gen/tools/run-tool.ts';
import { UsageError } from '../cli/cli.ts';
import type { ProgressBar } from '../cli/progress.ts';
import { reportCharts } from './charts.ts';
import { renderPage, type RenderedChart } from './html.ts';
import { emptyData, emulateSchema, readResultsFile, sampleSchema, type ReportData } from './inputs.ts';
import { headlineRun } from './select.ts';
import { crossbarStudy, routerStudy, samplerLaw } from './studies.ts';
import { renderVegaLite } from './vega-svg.ts';
import type { BenchOptions } from '../bench/run-bench.ts';

export const PARTS = ['emulate', 'sample', 'sampler', 'router', 'crossbar', 'bench'] as const;
export type Part = (typeof PARTS)[number];

export interface ReportOptions {
  from: string[];
  out: string;
  /** Images per emulate run the report makes itself. */
  limit: number;
  skip: Part[];
  /** Worker threads per emulate run (undefined: emulate's default). */
  workers?: number;
  /** The bench part on these designs and/or backends only (bench --designs / --backends: its throughput part); default the whole `bench --quick`. */
  benchDesigns?: BenchOptions['designs'];
  benchBackends?: BenchOptions['backends'];
}

export const REPORT_DEFAULTS = { out: 'build/report.html', limit: 50 } as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'neurotile.mjs');
const OPEN_SET_NETWORK = 'workloads/networks/fashion-mnist-snn-open-set.json';

/** The emulate runs of a default report: the headline, S = 4 and 16, t = 1 s .. 1 year with and without compensation, the open set at S = 16. */
export function emulatePlan(limit: number): { label: string; args: string[] }[] {
  const base = ['--limit', String(limit)];
  const plan: { label: string; args: string[] }[] = [{ label: 'S = 1, t = 1 h', args: [...base] }];
  for (const s of [4, 16]) plan.push({ label: `S = ${s}`, args: [...base, '--samples', String(s)] });
  for (const [t, label] of [[1, '1 s'], [86_400, '1 day'], [31_536_000, '1 year']] as const) plan.push({ label: `t = ${label}`, args: [...base, '--t-s', String(t)] });
  for (const [t, label] of [[1, '1 s'], [3600, '1 h'], [86_400, '1 day'], [31_536_000, '1 year']] as const) {
    plan.push({ label: `t = ${label}, no compensation`, args: [...base, '--t-s', String(t), '--no-drift-compensation'] });
  }
  plan.push({ label: 'open set, S = 16', args: [...base, '--samples', '16', '--network', OPEN_SET_NETWORK] });
  return plan;
}

export const SAMPLE_PS = [1 / 32, 1 / 8, 1 / 4, 1 / 2, 3 / 4, 7 / 8];

/** One `neurotile emulate --json` child (argument array, killed with its group on abort or exit). */
async function emulateChild(args: string[], workers: number | undefined, signal: AbortSignal) {
  const full = ['emulate', '--json', ...args, ...(workers === undefined ? [] : ['--workers', String(workers)])];
  const r = await runTool(process.execPath, [BIN, ...full], { cwd: ROOT, signal });
  if (r.aborted) throw new Error('interrupted');
  let obj: unknown;
  try {
    obj = JSON.parse(r.stdout);
  } catch {
    throw new Error(`neurotile ${full.join(' ')}: exit ${r.code}, no JSON on stdout (${r.stderr.trim().split('\n').pop() ?? ''})`);
  }
  const err = (obj as { error?: { exitCode?: number; message?: string } }).error;
  // Bad input to emulate (a missing data set, a network that does not fit) is bad input to the report.
  if (err) throw new (err.exitCode === 2 ? UsageError : Error)(`neurotile ${full.join(' ')}: ${err.message}`);
  const parsed = emulateSchema.safeParse(obj);
  if (!parsed.success) throw new Error(`neurotile ${full.join(' ')}: unexpected JSON (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})`);
  return parsed.data;
}

export interface GatherHooks {
  bar: ProgressBar;
  progress: (line: string) => void;
  signal: AbortSignal;
}

/** Saved results first, then whatever is neither given nor skipped is run now. */
export async function gatherData(o: ReportOptions, h: GatherHooks): Promise<{ data: ReportData; sources: string[] }> {
  const data = emptyData();
  const sources: string[] = [];
  for (const f of o.from) {
    readResultsFile(f, data);
    sources.push(`--from ${basename(f)}`);
  }
  const want = (p: Part) => !o.skip.includes(p);
  const steps: { what: string; run: () => Promise<void> | void }[] = [];
  if (want('emulate') && data.emulate.length === 0) {
    for (const e of emulatePlan(o.limit)) {
      steps.push({
        what: `emulate ${e.label}`,
        run: async () => {
          data.emulate.push(await emulateChild(e.args, o.workers, h.signal));
        },
      });
    }
    sources.push(`${emulatePlan(o.limit).length} emulate runs of ${o.limit} images`);
  }
  if (want('sample') && data.sample.length === 0) {
    steps.push({
      what: 'sample',
      run: async () => {
        const { runSample, parseSampleOptions } = await import('../sampler-report.ts');
        for (const p of SAMPLE_PS) data.sample.push(sampleSchema.parse(runSample(parseSampleOptions({ p, n: 100_000 }))));
      },
    });
    sources.push(`neurotile sample at p = ${SAMPLE_PS.map((p) => `${p * 32}/32`).join(', ')}`);
  }
  if (want('sampler') && !data.samplerLaw) {
    steps.push({ what: 'sampler law', run: () => void (data.samplerLaw = samplerLaw({ perLane: 16_384, seed: 13 })) });
    sources.push('sampler study (emulator, seed 13)');
  }
  if (want('router') && !data.router) {
    steps.push({ what: 'router sweep', run: () => void (data.router = routerStudy({ packetsPerPoint: 40_000, seed: 11, warmupCycles: 200 })) });
    sources.push('router sweep (emulator, 40,000 packets per point, 200 warm-up cycles)');
  }
  if (want('crossbar') && !data.crossbar) {
    steps.push({ what: 'crossbar MVM error', run: () => void (data.crossbar = crossbarStudy({ vectors: 8, seed: 7 })) });
    sources.push('crossbar MVM error (emulator, seed 7)');
  }
  if (want('bench') && !data.bench) {
    const subset = [...(o.benchDesigns ? ['--designs', o.benchDesigns.join(',')] : []), ...(o.benchBackends ? ['--backends', o.benchBackends.join(',')] : [])];
    const what = ['bench --quick', ...subset].join(' ');
    steps.push({
      what,
      run: async () => {
        const { runBench } = await import('../bench/run-bench.ts');
        const { benchSchema } = await import('./inputs.ts');
        data.bench = benchSchema.parse(await runBench({ quick: true, designs: o.benchDesigns, backends: o.benchBackends, progress: h.bar.active ? () => {} : h.progress }));
      },
    });
    sources.push(`neurotile ${what}`);
  }
  h.bar.setTotal(steps.length + 1);
  for (const [i, s] of steps.entries()) {
    if (h.signal.aborted) throw new Error('interrupted');
    h.bar.update(i, s.what);
    h.progress(`report: ${s.what} (${i + 1}/${steps.length})`);
    await s.run();
  }
  h.bar.update(steps.length, 'charts');
  return { data, sources };
}

/** Renders every chart (in page order, so the bytes do not depend on timing). */
export async function renderCharts(data: ReportData): Promise<RenderedChart[]> {
  const h = headlineRun(data.emulate);
  const out: RenderedChart[] = [];
  for (const c of reportCharts(data, h?.index ?? null)) out.push({ ...c, svg: c.spec ? await renderVegaLite(c.spec, c.id) : null });
  return out;
}

export function checkOut(out: string): string {
  const target = resolve(out);
  const dir = dirname(target);
  if (!existsSync(dir)) {
    if (resolve(out) === resolve(ROOT, REPORT_DEFAULTS.out)) mkdirSync(dir, { recursive: true });
    else throw new UsageError(`--out: directory '${dir}' does not exist`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out: '${dir}' is not a directory`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`--out: '${out}' is a directory`);
  return target;
}

/** The temporary file `write` is using, if any (removed on Ctrl-C). */
let pendingTemp: string | null = null;

/** Writes `text` to `target` whole or not at all: a temporary file beside it, then a rename. */
export function writeAtomically(target: string, text: string): void {
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  pendingTemp = tmp;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
    pendingTemp = null;
  }
}

export interface ReportResult {
  command: 'report';
  out: string;
  bytes: number;
  sha256: string;
  charts: { id: string; title: string; present: boolean; missing?: string }[];
  sources: string[];
  data: ReportData;
}

export async function runReport(o: ReportOptions, hooks: { bar: ProgressBar; progress: (line: string) => void; generator: string }): Promise<ReportResult> {
  const target = checkOut(o.out);
  const abort = new AbortController();
  // Ctrl-C: stop the children (runTool kills their groups), the bar and any
  // temporary file, then end as an interrupted process does.
  const onSignal = (sig: NodeJS.Signals) => {
    abort.abort();
    hooks.bar.stop();
    if (pendingTemp) rmSync(pendingTemp, { force: true });
    process.stderr.write(`neurotile: report interrupted (${sig}); ${target} left as it was\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { data, sources } = await gatherData(o, { bar: hooks.bar, progress: hooks.progress, signal: abort.signal });
    const charts = await renderCharts(data);
    const html = renderPage(data, charts, { generator: hooks.generator, sources });
    writeAtomically(target, html);
    return {
      command: 'report',
      out: target,
      bytes: Buffer.byteLength(html),
      sha256: createHash('sha256').update(html).digest('hex'),
      charts: charts.map((c) => ({ id: c.id, title: c.title, present: c.svg !== null, ...(c.svg === null ? { missing: c.missing } : {}) })),
      sources,
      data,
    };
  } finally {
    hooks.bar.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

export function formatReport(r: ReportResult): string {
  const present = r.charts.filter((c) => c.present);
  const lines = [`report: ${r.out} (${r.bytes.toLocaleString('en-US')} bytes, ${present.length} of ${r.charts.length} charts)`];
  for (const c of r.charts.filter((x) => !x.present)) lines.push(`  left out: ${c.title}: ${c.missing}`);
  return lines.join('\n');
}
