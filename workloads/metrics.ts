// Accuracy and calibration of a classifier's predictive distributions. Pure
// functions on `probs`: n x K row-major probabilities (each row sums to 1) and
// n labels. The prediction of a row is its argmax, ties to the lowest class
// (the chip's vote rule); its confidence is the largest probability.

export interface Predictive {
  /** n x K row-major, rows summing to 1. */
  probs: ArrayLike<number>;
  /** Classes K. */
  classes: number;
}

const rows = (p: Predictive) => p.probs.length / p.classes;

/** Index of the largest entry of row i; ties go to the lowest index. */
export function argmaxRow(values: ArrayLike<number>, k: number, i: number): number {
  let best = 0;
  let bestV = values[i * k]!;
  for (let c = 1; c < k; c++) {
    const v = values[i * k + c]!;
    if (v > bestV) {
      bestV = v;
      best = c;
    }
  }
  return best;
}

export function predictions(p: Predictive): Int32Array {
  return Int32Array.from({ length: rows(p) }, (_, i) => argmaxRow(p.probs, p.classes, i));
}

export function confidences(p: Predictive): Float64Array {
  return Float64Array.from({ length: rows(p) }, (_, i) => p.probs[i * p.classes + argmaxRow(p.probs, p.classes, i)]!);
}

/** Fraction of predictions equal to the label. */
export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) ok++;
  return labels.length === 0 ? NaN : ok / labels.length;
}

export interface ReliabilityBin {
  /** Bin b covers confidences in (lo, hi] (bin 0 also takes 0). */
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence of the bin's predictions (NaN when empty). */
  confidence: number;
  /** Fraction of the bin's predictions that are right (NaN when empty). */
  accuracy: number;
}

/** Reliability diagram: `bins` equal-width confidence bins on [0, 1] (Guo et al. 2017: (lo, hi]). */
export function reliabilityTable(p: Predictive, labels: ArrayLike<number>, bins = 15): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const right = new Float64Array(bins);
  const n = rows(p);
  for (let i = 0; i < n; i++) {
    const c = argmaxRow(p.probs, p.classes, i);
    const q = p.probs[i * p.classes + c]!;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(q * bins) - 1));
    count[b]!++;
    conf[b]! += q;
    if (c === labels[i]) right[b]!++;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: count[b]!,
    confidence: count[b]! ? conf[b]! / count[b]! : NaN,
    accuracy: count[b]! ? right[b]! / count[b]! : NaN,
  }));
}

/** Expected calibration error: sum over bins of (count / n) |accuracy - confidence|; 15 equal-width bins by default. */
export function expectedCalibrationError(p: Predictive, labels: ArrayLike<number>, bins = 15): number {
  const n = rows(p);
  return reliabilityTable(p, labels, bins).reduce((s, b) => (b.count ? s + (b.count / n) * Math.abs(b.accuracy - b.confidence) : s), 0);
}

/** Probabilities are floored here before the log, so one confident mistake costs ln(1e12) ~ 27.6 nats, not infinity. */
export const NLL_FLOOR = 1e-12;

/** Mean negative log-likelihood of the labels (nats). */
export function negativeLogLikelihood(p: Predictive, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(Math.max(NLL_FLOOR, p.probs[i * p.classes + labels[i]!]!));
  return s / labels.length;
}

/** Multi-class Brier score: mean over items of sum over classes of (p_k - [k = y])^2 (0 perfect, 2 worst). */
export function brierScore(p: Predictive, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let c = 0; c < p.classes; c++) {
      const d = p.probs[i * p.classes + c]! - (c === labels[i] ? 1 : 0);
      s += d * d;
    }
  }
  return s / labels.length;
}

/** Entropy of each row (nats; 0 ln 0 = 0). */
export function entropies(p: Predictive): Float64Array {
  return Float64Array.from({ length: rows(p) }, (_, i) => {
    let h = 0;
    for (let c = 0; c < p.classes; c++) {
      const q = p.probs[i * p.classes + c]!;
      if (q > 0) h -= q * Math.log(q);
    }
    return h;
  });
}

export function meanEntropy(p: Predictive): number {
  const h = entropies(p);
  return h.reduce((a, b) => a + b, 0) / h.length;
}

export interface AbstainResult {
  threshold: number;
  /** Fraction of items whose confidence is below the threshold (the classifier abstains). */
  abstainRate: number;
  /** Accuracy on the items it does not abstain on (NaN if it abstains on all). */
  accuracyOnRest: number;
}

/** Abstain when the confidence (max probability) is below `threshold`. */
export function abstain(p: Predictive, labels: ArrayLike<number>, threshold: number): AbstainResult {
  let kept = 0;
  let right = 0;
  const n = rows(p);
  for (let i = 0; i < n; i++) {
    const c = argmaxRow(p.probs, p.classes, i);
    if (p.probs[i * p.classes + c]! < threshold) continue;
    kept++;
    if (c === labels[i]) right++;
  }
  return { threshold, abstainRate: n ? (n - kept) / n : NaN, accuracyOnRest: kept ? right / kept : NaN };
}

/**
 * Area under the ROC curve of a score that should be higher for `positives`
 * than for `negatives`: P(s+ > s-) + P(s+ = s-) / 2 (the Mann-Whitney U
 * statistic over n+ n-), computed with average ranks so ties count one half.
 */
export function auroc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const np = positives.length;
  const nn = negatives.length;
  if (np === 0 || nn === 0) return NaN;
  const all = new Float64Array(np + nn);
  for (let i = 0; i < np; i++) all[i] = positives[i]!;
  for (let i = 0; i < nn; i++) all[np + i] = negatives[i]!;
  const order = Array.from({ length: np + nn }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  let rankSumPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]!] === all[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks i+1 .. j+1 share their mean
    for (let k = i; k <= j; k++) if (order[k]! < np) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (np * (np + 1)) / 2) / (np * nn);
}

export interface OodAuroc {
  /** In-distribution items should have the higher max probability. */
  maxProbability: number;
  /** Out-of-distribution items should have the higher entropy. */
  entropy: number;
}

/** OOD detection AUROC of two score choices, in-distribution vs out-of-distribution predictive distributions. */
export function oodAuroc(inDist: Predictive, outDist: Predictive): OodAuroc {
  return {
    maxProbability: auroc(confidences(inDist), confidences(outDist)),
    entropy: auroc(entropies(outDist), entropies(inDist)),
  };
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  ece: number;
  nll: number;
  brier: number;
  meanEntropy: number;
  abstain: AbstainResult;
}

/** Every metric above for one set of predictive distributions. */
export function classificationMetrics(p: Predictive, labels: ArrayLike<number>, abstainThreshold = 0.5): ClassificationMetrics {
  return {
    n: labels.length,
    accuracy: accuracy(predictions(p), labels),
    ece: expectedCalibrationError(p, labels),
    nll: negativeLogLikelihood(p, labels),
    brier: brierScore(p, labels),
    meanEntropy: meanEntropy(p),
    abstain: abstain(p, labels, abstainThreshold),
  };
}
