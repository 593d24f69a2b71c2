// Which emulate runs go into which chart. A report holds runs that differ in
// one setting at a time: the headline run (the first closed-set run), runs
// that change only S, runs that change only t and the drift compensation,
// and open-set runs for the OOD scores.
import type { EmulateResult } from './inputs.ts';

export interface IndexedRun {
  /** Position in ReportData.emulate (the HTML cites it as emulate[i]). */
  index: number;
  run: EmulateResult;
}

const closed = (runs: EmulateResult[]) => runs.map((run, index) => ({ index, run })).filter((r) => !r.run.config.network.openSet);

export function headlineRun(runs: EmulateResult[]): IndexedRun | null {
  const c = closed(runs);
  if (c.length) return c[0]!;
  return runs.length ? { index: 0, run: runs[0]! } : null;
}

function firstBy<T>(items: T[], key: (t: T) => number | string): T[] {
  const seen = new Set<number | string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

/** Runs like the headline run except for S, one per S, by S. */
export function runsOverSamples(runs: EmulateResult[]): IndexedRun[] {
  const h = headlineRun(runs);
  if (!h) return [];
  const c = h.run.config;
  const same = closed(runs).filter((r) => r.run.config.tS === c.tS && r.run.config.driftCompensation === c.driftCompensation && r.run.config.timesteps === c.timesteps && r.run.config.network.sha256 === c.network.sha256);
  return firstBy(same, (r) => r.run.config.samples).sort((a, b) => a.run.config.samples - b.run.config.samples);
}

/** Runs like the headline run except for t and the drift compensation, one per (compensation, t), by t. */
export function runsOverTime(runs: EmulateResult[]): IndexedRun[] {
  const h = headlineRun(runs);
  if (!h) return [];
  const c = h.run.config;
  const same = closed(runs).filter((r) => r.run.config.samples === c.samples && r.run.config.timesteps === c.timesteps && r.run.config.network.sha256 === c.network.sha256);
  return firstBy(same, (r) => `${r.run.config.driftCompensation}:${r.run.config.tS}`).sort((a, b) => a.run.config.tS - b.run.config.tS || Number(b.run.config.driftCompensation) - Number(a.run.config.driftCompensation));
}

/** The run at S = s among runsOverSamples. */
export function runAtSamples(runs: EmulateResult[], s: number): IndexedRun | null {
  return runsOverSamples(runs).find((r) => r.run.config.samples === s) ?? null;
}

/** The open-set run with OOD scores and the most samples. */
export function oodRun(runs: EmulateResult[]): IndexedRun | null {
  const open = runs.map((run, index) => ({ index, run })).filter((r) => r.run.ood !== null);
  return open.sort((a, b) => b.run.config.samples - a.run.config.samples)[0] ?? null;
}

/** "1 s", "1 h", "1 day", "1 year" for the usual times, else seconds. */
export function timeLabel(s: number): string {
  const named: [number, string][] = [
    [1, '1 s'],
    [60, '1 min'],
    [3600, '1 h'],
    [86_400, '1 day'],
    [604_800, '1 week'],
    [2_592_000, '1 month'],
    [31_536_000, '1 year'],
  ];
  return named.find(([v]) => v === s)?.[1] ?? `${s} s`;
}
