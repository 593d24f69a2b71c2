// Statistics the sampler is judged by: ones density and its standard error,
// and the stochastic cross-correlation of two bitstreams (Alaghi & Hayes,
// ICCD 2013).

export type Stream = ArrayLike<number>;

/** Fraction of ones. */
export function density(bits: Stream): number {
  let k = 0;
  for (let i = 0; i < bits.length; i++) k += bits[i]!;
  return k / bits.length;
}

/** Standard error of a Bernoulli(p) density estimate over n samples: sqrt(p (1 - p) / n). */
export const bernoulliStdError = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);

/**
 * SCC(X, Y) = (pxy - px py) / (min(px, py) - px py) when pxy > px py, else
 * (pxy - px py) / (px py - max(px + py - 1, 0)); 0 = independent, +1 = maximal
 * overlap, -1 = minimal overlap. 0 when a stream is constant (no correlation can be shown).
 */
export function scc(x: Stream, y: Stream): number {
  const n = Math.min(x.length, y.length);
  if (n === 0) throw new RangeError('scc: empty streams');
  let kx = 0;
  let ky = 0;
  let kxy = 0;
  for (let i = 0; i < n; i++) {
    kx += x[i]!;
    ky += y[i]!;
    kxy += x[i]! & y[i]!;
  }
  const px = kx / n;
  const py = ky / n;
  const pxy = kxy / n;
  const d = pxy - px * py;
  const den = d > 0 ? Math.min(px, py) - px * py : px * py - Math.max(px + py - 1, 0);
  return den === 0 ? 0 : d / den;
}
