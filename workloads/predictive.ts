// From the chip's outputs to a predictive distribution. Per input the chip
// reports, over S samples (fresh Bernoulli inputs and fresh device read noise
// each), the votes per class (each sample's argmax of its spike counts, ties
// to the lowest class) and the spike counts per class summed over samples.
// Three readouts of those (parameters fitted on held-out training data, least NLL):
//   - 'count-power' (the shipped one): p_k proportional to (c_k / S + a)^beta,
//     c_k the summed counts: logits beta ln(mean count + a), so that extra
//     spikes of an already strong class add less confidence than in a softmax,
//     and classes with no spikes keep a little mass through a;
//   - 'count-softmax': softmax(summed counts / (S tau)), a temperature tau;
//   - 'vote-dirichlet': (votes + a) / (S + K a), a Dirichlet prior a.
import { argmaxRow } from './metrics.ts';

export interface ChipReadout {
  n: number;
  samples: number;
  classes: number;
  /** n x K votes. */
  votes: Int32Array;
  /** n x K spike counts summed over the samples. */
  counts: Int32Array;
}

/** Votes and summed counts of per-sample counts (n x S x K), as the chip reports them. */
export function readoutOf(perSample: Int32Array, n: number, samples: number, classes: number): ChipReadout {
  const votes = new Int32Array(n * classes);
  const counts = new Int32Array(n * classes);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < samples; s++) {
      const row = (i * samples + s) * classes;
      votes[i * classes + argmaxRow(perSample, classes, i * samples + s)]!++;
      for (let k = 0; k < classes; k++) counts[i * classes + k]! += perSample[row + k]!;
    }
  }
  return { n, samples, classes, votes, counts };
}

/** The first `samples` samples of per-sample counts recorded with more (n x S x K). */
export function firstSamples(perSample: Int32Array, n: number, recorded: number, samples: number, classes: number): Int32Array {
  const out = new Int32Array(n * samples * classes);
  for (let i = 0; i < n; i++) out.set(perSample.subarray(i * recorded * classes, (i * recorded + samples) * classes), i * samples * classes);
  return out;
}

export function countSoftmax(r: ChipReadout, temperature: number): Float64Array {
  const K = r.classes;
  const p = new Float64Array(r.n * K);
  const scale = 1 / (r.samples * temperature);
  for (let i = 0; i < r.n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, r.counts[i * K + k]! * scale);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += p[i * K + k] = Math.exp(r.counts[i * K + k]! * scale - m);
    for (let k = 0; k < K; k++) p[i * K + k]! /= sum;
  }
  return p;
}

export function voteDirichlet(r: ChipReadout, prior: number): Float64Array {
  const K = r.classes;
  return Float64Array.from(r.votes, (v) => (v + prior) / (r.samples + K * prior));
}

/** p_k proportional to (c_k / S + offset)^exponent. */
export function countPower(r: ChipReadout, offset: number, exponent: number): Float64Array {
  const K = r.classes;
  const p = new Float64Array(r.n * K);
  for (let i = 0; i < r.n; i++) {
    // In logs, shifted by the largest, so that large exponents cannot overflow.
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, exponent * Math.log(r.counts[i * K + k]! / r.samples + offset));
    let sum = 0;
    for (let k = 0; k < K; k++) sum += p[i * K + k] = Math.exp(exponent * Math.log(r.counts[i * K + k]! / r.samples + offset) - m);
    for (let k = 0; k < K; k++) p[i * K + k]! /= sum;
  }
  return p;
}

export type ReadoutKind = 'count-softmax' | 'vote-dirichlet';

export function predictive(r: ChipReadout, kind: ReadoutKind, parameter: number): Float64Array {
  return kind === 'count-softmax' ? countSoftmax(r, parameter) : voteDirichlet(r, parameter);
}

export interface CountPower {
  offset: number;
  exponent: number;
}

/** Offsets tried by fitCountPower; for each, the exponent is a golden-section search. */
export const POWER_OFFSETS = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12] as const;

/** The (offset, exponent) of count-power with the least NLL on (r, labels). */
export function fitCountPower(r: ChipReadout, labels: ArrayLike<number>): CountPower {
  let best: CountPower & { nll: number } = { offset: 1, exponent: 1, nll: Infinity };
  for (const offset of POWER_OFFSETS) {
    const exponent = goldenLog((b) => nllOf(countPower(r, offset, b), labels, r.classes), 0.05, 50);
    const nll = nllOf(countPower(r, offset, exponent), labels, r.classes);
    if (nll < best.nll) best = { offset, exponent, nll };
  }
  return { offset: best.offset, exponent: best.exponent };
}

function nllOf(p: Float64Array, labels: ArrayLike<number>, K: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(Math.max(1e-12, p[i * K + labels[i]!]!));
  return s / labels.length;
}

/** The readout parameter (tau or a) with the least NLL on (r, labels): golden-section search on a log scale over [lo, hi]. */
export function fitReadout(r: ChipReadout, labels: ArrayLike<number>, kind: ReadoutKind, lo = 1e-3, hi = 1e3): number {
  return goldenLog((x) => nllOf(predictive(r, kind, x), labels, r.classes), lo, hi);
}

/** Minimum of f on [lo, hi] by golden-section search over log x (60 steps). */
function goldenLog(f0: (x: number) => number, lo: number, hi: number): number {
  const f = (logX: number) => f0(Math.exp(logX));
  let a = Math.log(lo);
  let b = Math.log(hi);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 60; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** The fitted entry for S samples: the one of the nearest fitted S on a log scale. */
export function temperatureFor<T = number>(table: Record<string, T>, samples: number): T {
  let best = undefined as T;
  let dist = Infinity;
  for (const [s, tau] of Object.entries(table)) {
    const d = Math.abs(Math.log(Number(s)) - Math.log(samples));
    if (d < dist) {
      dist = d;
      best = tau;
    }
  }
  return best;
}
