// Readouts of the chip's votes and summed counts, against hand-worked values;
// the temperature fit recovers a known temperature.
import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../emulator/device/index.ts';
import { countPower, countSoftmax, firstSamples, fitCountPower, fitReadout, readoutOf, temperatureFor, voteDirichlet } from './predictive.ts';

describe('readouts', () => {
  // One item, 3 samples, 3 classes: counts [5,5,1] (tie -> class 0), [0,7,2], [3,1,3] (tie -> class 0).
  const perSample = Int32Array.from([5, 5, 1, 0, 7, 2, 3, 1, 3]);
  const r = readoutOf(perSample, 1, 3, 3);

  test('votes: each sample argmax with ties to the lowest class; counts summed', () => {
    expect(Array.from(r.votes)).toEqual([2, 1, 0]);
    expect(Array.from(r.counts)).toEqual([8, 13, 6]);
  });

  test('count softmax: softmax(counts / (S tau))', () => {
    const p = countSoftmax(r, 2); // logits 8/6, 13/6, 6/6
    const e = [8 / 6, 13 / 6, 1].map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    expect(Array.from(p).map((x) => x.toFixed(12))).toEqual(e.map((x) => (x / z).toFixed(12)));
  });

  test('count power: (c / S + a)^beta, normalised; large exponents do not overflow', () => {
    const p = countPower(r, 1, 2); // mean counts 8/3, 13/3, 2 -> (11/3)^2, (16/3)^2, 3^2
    const w = [(11 / 3) ** 2, (16 / 3) ** 2, 9];
    const z = w.reduce((a, b) => a + b, 0);
    expect(Array.from(p).map((x) => x.toFixed(12))).toEqual(w.map((x) => (x / z).toFixed(12)));
    const big = countPower(r, 0.5, 400);
    expect(big[1]).toBeCloseTo(1, 12);
    expect(Array.from(big).every(Number.isFinite)).toBe(true);
  });

  test('vote Dirichlet: (v + a) / (S + K a)', () => {
    expect(Array.from(voteDirichlet(r, 0.5))).toEqual([2.5 / 4.5, 1.5 / 4.5, 0.5 / 4.5]);
  });

  test('firstSamples keeps the first S samples of each item', () => {
    const two = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // 2 items x 2 samples x 2 classes
    expect(Array.from(firstSamples(two, 2, 2, 1, 2))).toEqual([1, 2, 5, 6]);
  });

  test('temperatureFor picks the nearest fitted S on a log scale', () => {
    const t = { '1': 3, '4': 4, '16': 5 };
    expect([1, 2, 3, 8, 64].map((s) => temperatureFor(t, s))).toEqual([3, 3, 4, 4, 5]);
  });
});

test('fitReadout recovers the temperature that generated the labels', () => {
  const rand = mulberry32(7);
  const n = 20000;
  const K = 4;
  const tau = 3;
  const counts = new Int32Array(n * K);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) counts[i * K + k] = Math.floor(rand() * 20);
    const w = Array.from({ length: K }, (_, k) => Math.exp(counts[i * K + k]! / tau));
    let u = rand() * w.reduce((a, b) => a + b, 0);
    let y = 0;
    while (u > w[y]! && y < K - 1) u -= w[y++]!;
    labels[i] = y;
  }
  const r = { n, samples: 1, classes: K, votes: new Int32Array(n * K), counts };
  expect(fitReadout(r, labels, 'count-softmax')).toBeCloseTo(tau, 0);
  expect(Math.abs(fitReadout(r, labels, 'count-softmax') - tau)).toBeLessThan(0.15);
});

test('fitCountPower recovers the offset and exponent that generated the labels', () => {
  const rand = mulberry32(8);
  const n = 6000;
  const K = 4;
  const counts = new Int32Array(n * K);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) counts[i * K + k] = Math.floor(rand() * 25);
    const w = Array.from({ length: K }, (_, k) => (counts[i * K + k]! + 2) ** 1.7);
    let u = rand() * w.reduce((a, b) => a + b, 0);
    let y = 0;
    while (u > w[y]! && y < K - 1) u -= w[y++]!;
    labels[i] = y;
  }
  const r = { n, samples: 1, classes: K, votes: new Int32Array(n * K), counts };
  const fit = fitCountPower(r, labels);
  const nll = (p: Float64Array) => -Array.from(labels).reduce((s, y, i) => s + Math.log(p[i * K + y]!), 0) / n;
  // Neighbouring offsets are hard to tell apart from data; the fit is at least as likely as the truth and close to it.
  expect(nll(countPower(r, fit.offset, fit.exponent))).toBeLessThanOrEqual(nll(countPower(r, 2, 1.7)) + 1e-9);
  expect(fit.offset).toBeGreaterThanOrEqual(1);
  expect(fit.offset).toBeLessThanOrEqual(4);
  expect(Math.abs(Math.log(fit.exponent / 1.7))).toBeLessThan(0.5);
});
