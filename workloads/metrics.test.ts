// Metrics against hand-computed examples and against independent (brute
// force) formulas on random inputs.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import {
  abstain,
  accuracy,
  auroc,
  brierScore,
  classificationMetrics,
  expectedCalibrationError,
  meanEntropy,
  negativeLogLikelihood,
  oodAuroc,
  predictions,
  reliabilityTable,
} from './metrics.ts';

// Four items, three classes. Hand-worked:
//   item 0: [0.7, 0.2, 0.1], y 0 -> right, conf 0.7  (bin 10: (0.667, 0.733])
//   item 1: [0.1, 0.5, 0.4], y 2 -> wrong, conf 0.5  (bin 7: (0.467, 0.533])
//   item 2: [0.4, 0.4, 0.2], y 1 -> pred 0 (tie -> lowest), wrong, conf 0.4 (bin 5: (0.333, 0.4])
//   item 3: [0.05, 0.05, 0.9], y 2 -> right, conf 0.9 (bin 13: (0.867, 0.933])
const P = { classes: 3, probs: [0.7, 0.2, 0.1, 0.1, 0.5, 0.4, 0.4, 0.4, 0.2, 0.05, 0.05, 0.9] };
const Y = [0, 2, 1, 2];

describe('hand-computed example', () => {
  test('predictions (ties to the lowest class) and accuracy', () => {
    expect(Array.from(predictions(P))).toEqual([0, 1, 0, 2]);
    expect(accuracy(predictions(P), Y)).toBe(0.5);
  });

  test('ECE: every item alone in its bin -> mean |right - conf| = (0.3 + 0.5 + 0.4 + 0.1) / 4', () => {
    expect(expectedCalibrationError(P, Y)).toBeCloseTo(1.3 / 4, 12);
    const t = reliabilityTable(P, Y);
    expect(t).toHaveLength(15);
    expect(t.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(t[10]).toMatchObject({ count: 1, accuracy: 1 });
    expect(t[10]!.confidence).toBeCloseTo(0.7, 12);
    expect(t[5]).toMatchObject({ count: 1, accuracy: 0 });
    expect(t[0]!.confidence).toBeNaN();
  });

  test('ECE pools a bin: two items at 0.8 / 0.75, one right -> |0.5 - 0.775|', () => {
    const p = { classes: 2, probs: [0.8, 0.2, 0.25, 0.75] };
    expect(expectedCalibrationError(p, [0, 0])).toBeCloseTo(0.275, 12);
  });

  test('NLL, Brier, entropy', () => {
    expect(negativeLogLikelihood(P, Y)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4, 12);
    // item 0: 0.09+0.04+0.01; item 1: 0.01+0.25+0.36; item 2: 0.16+0.36+0.04; item 3: 0.0025+0.0025+0.01
    expect(brierScore(P, Y)).toBeCloseTo((0.14 + 0.62 + 0.56 + 0.015) / 4, 12);
    const h = (q: number[]) => -q.reduce((s, x) => s + x * Math.log(x), 0);
    expect(meanEntropy(P)).toBeCloseTo((h([0.7, 0.2, 0.1]) + h([0.1, 0.5, 0.4]) + h([0.4, 0.4, 0.2]) + h([0.05, 0.05, 0.9])) / 4, 12);
    expect(meanEntropy({ classes: 2, probs: [1, 0] })).toBe(0);
    expect(negativeLogLikelihood({ classes: 2, probs: [1, 0] }, [1])).toBeCloseTo(-Math.log(1e-12), 9);
  });

  test('abstain below a confidence threshold', () => {
    expect(abstain(P, Y, 0.5)).toEqual({ threshold: 0.5, abstainRate: 0.25, accuracyOnRest: 2 / 3 });
    expect(abstain(P, Y, 0.95)).toMatchObject({ abstainRate: 1, accuracyOnRest: NaN });
    expect(classificationMetrics(P, Y, 0.6).abstain).toEqual({ threshold: 0.6, abstainRate: 0.5, accuracyOnRest: 1 });
  });

  test('AUROC: hand-counted pairs, ties count one half', () => {
    // positives 3, 2, 2; negatives 2, 1: pairs won (3>2, 3>1, 2>1, 2>1) = 4, tied (2=2, 2=2) = 2 -> (4 + 1) / 6
    expect(auroc([3, 2, 2], [2, 1])).toBeCloseTo(5 / 6, 12);
    expect(auroc([1, 1], [1, 1])).toBe(0.5);
    expect(auroc([0], [1])).toBe(0);
    expect(auroc([], [1])).toBeNaN();
  });

  test('OOD AUROC from max probability and from entropy', () => {
    const id = { classes: 2, probs: [0.9, 0.1, 0.8, 0.2] };
    const ood = { classes: 2, probs: [0.6, 0.4, 0.85, 0.15] };
    // max prob: ID {0.9, 0.8} vs OOD {0.6, 0.85}: 0.9 beats both, 0.8 beats 0.6 -> 3/4; entropy is monotone in max prob for 2 classes
    expect(oodAuroc(id, ood)).toEqual({ maxProbability: 0.75, entropy: 0.75 });
  });
});

/** Brute force over all pairs (the definition). */
function aurocPairs(pos: number[], neg: number[]): number {
  let s = 0;
  for (const a of pos) for (const b of neg) s += a > b ? 1 : a === b ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

const small = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 });

describe('against independent formulas (fast-check, seed 10)', () => {
  fcTest.prop([small, small], { seed: 10, numRuns: 300 })('AUROC equals the pairwise count, with many ties (replay: seed 10)', (pos, neg) => {
    expect(auroc(pos, neg)).toBeCloseTo(aurocPairs(pos, neg), 12);
  });

  const rowsArb = fc.array(fc.tuple(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 });

  fcTest.prop([rowsArb], { seed: 10, numRuns: 200 })('ECE equals the per-item definition and bin counts sum to n (replay: seed 10)', (items) => {
    const probs = items.flatMap(([w]) => w.map((x) => x / w.reduce((a, b) => a + b, 0)));
    const labels = items.map(([, y]) => y);
    const p = { classes: 4, probs };
    // Independent: group items by floor-ish bin via explicit interval tests.
    const groups = new Map<number, { c: number; r: number; n: number }>();
    items.forEach((_, i) => {
      const row = probs.slice(4 * i, 4 * i + 4);
      const conf = Math.max(...row);
      const pred = row.indexOf(conf);
      let b = 0;
      while (!(conf > b / 15 && conf <= (b + 1) / 15) && b < 14) b++;
      const g = groups.get(b) ?? { c: 0, r: 0, n: 0 };
      g.c += conf;
      g.r += pred === labels[i] ? 1 : 0;
      g.n += 1;
      groups.set(b, g);
    });
    let ece = 0;
    for (const g of groups.values()) ece += (g.n / items.length) * Math.abs(g.r / g.n - g.c / g.n);
    expect(expectedCalibrationError(p, labels)).toBeCloseTo(ece, 10);
    expect(reliabilityTable(p, labels).reduce((s, b) => s + b.count, 0)).toBe(items.length);
  });
});
