// Repeated measurements summarised as median and spread, so one noisy
// repetition on a shared machine does not decide a ratio.

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent. */
  spreadPercent: number;
  samples: number[];
}

export function summarize(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { median, min, max, spreadPercent: median > 0 ? ((max - min) / median) * 100 : 0, samples };
}

/**
 * The median of a.samples[i] / b.samples[i]: for repetitions that ran in turn (interleaved),
 * each pair ran at nearly the same time, so drift in the machine's speed cancels. NaN when
 * either is missing or they have different counts.
 */
export function pairedRatio(a: Spread | undefined, b: Spread | undefined): number {
  return pairedRatios(a, b)?.median ?? NaN;
}

/** The per-repetition ratios behind pairedRatio (min..max: how far one run's verdict could move); undefined where pairedRatio is NaN. */
export function pairedRatios(a: Spread | undefined, b: Spread | undefined): Spread | undefined {
  if (!a || !b || a.samples.length !== b.samples.length || a.samples.length === 0) return undefined;
  return summarize(a.samples.map((x, i) => x / b.samples[i]!));
}

export function fmtRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}
