// The NIST SP 800-22 tests against the standard's own worked examples
// (sections 2.1.4/2.1.8, 2.2.4/2.2.8, 2.3.4/2.3.8, 2.11.4/2.11.6), and the
// special functions against closed forms that share no code with them.
import { describe, expect, it } from 'vitest';
import { blockFrequencyTest, erfc, frequencyTest, igamc, lnGamma, nistTests, psiSquared, runsTest, serialTest } from './nist.ts';

const bits = (s: string) => Uint8Array.from(s.replace(/\s/g, ''), (c) => Number(c));
/** The 100-bit sequence of the standard's second examples (the first bits of pi's binary expansion). */
const EPS100 = bits('11001001000011111101101010100010001000010110100011 00001000110100110001001100011001100010100010111000');

describe('NIST SP 800-22 worked examples', () => {
  it('2.1 frequency: 1011010101 -> 0.527089; the 100-bit sequence -> 0.109599', () => {
    const a = frequencyTest(bits('1011010101'));
    expect(a.statistic.S_n).toBe(2);
    expect(a.pValues[0]).toBeCloseTo(0.527089, 6);
    expect(frequencyTest(EPS100).pValues[0]).toBeCloseTo(0.109599, 6);
  });

  it('2.2 block frequency: 0110011010, M = 3 -> chi^2 = 1, 0.801252; the 100-bit sequence, M = 10 -> 0.706438', () => {
    const a = blockFrequencyTest(bits('0110011010'), 3);
    expect(a.statistic.chi2).toBeCloseTo(1, 12);
    expect(a.pValues[0]).toBeCloseTo(0.801252, 6);
    expect(blockFrequencyTest(EPS100, 10).pValues[0]).toBeCloseTo(0.706438, 6);
  });

  it('2.3 runs: 1001101011 -> V = 7, 0.147232; the 100-bit sequence -> 0.500798', () => {
    const a = runsTest(bits('1001101011'));
    expect(a.statistic.V_n).toBe(7);
    expect(a.pValues[0]).toBeCloseTo(0.147232, 6);
    expect(runsTest(EPS100).pValues[0]).toBeCloseTo(0.500798, 6);
    // The prerequisite: far from half ones, the runs test does not apply (P = 0).
    expect(runsTest(Uint8Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? 0 : 1))).pValues[0]).toBe(0); // pi = 0.8, tau = 0.2
  });

  it('2.11 serial: 0011011101, m = 3 -> psi^2 = 2.8, 1.2, 0.4; P = 0.808792, 0.670320', () => {
    const e = bits('0011011101');
    expect(psiSquared(e, 3)).toBeCloseTo(2.8, 12);
    expect(psiSquared(e, 2)).toBeCloseTo(1.2, 12);
    expect(psiSquared(e, 1)).toBeCloseTo(0.4, 12);
    const r = serialTest(e, 3);
    expect(r.pValues[0]).toBeCloseTo(0.808792, 6);
    expect(r.pValues[1]).toBeCloseTo(0.67032, 6);
  });

  it('a constant or alternating sequence fails', () => {
    const zeros = new Uint8Array(10_000);
    const alternating = Uint8Array.from({ length: 10_000 }, (_, i) => i & 1);
    expect(nistTests(zeros).some((r) => r.passed)).toBe(false);
    const alt = nistTests(alternating);
    expect(alt.find((r) => r.test === 'frequency')!.passed).toBe(true);
    expect(alt.find((r) => r.test === 'runs')!.passed).toBe(false);
    expect(alt.find((r) => r.test === 'serial')!.passed).toBe(false);
  });
});

/** Q(a, x) for whole a: the Poisson tail e^-x sum_{k<a} x^k / k!, summed in log space (independent of igamc). */
function poissonQ(a: number, x: number): number {
  let logTerm = -x; // k = 0
  let max = logTerm;
  const logs = [logTerm];
  for (let k = 1; k < a; k++) {
    logTerm += Math.log(x) - Math.log(k);
    logs.push(logTerm);
    max = Math.max(max, logTerm);
  }
  return Math.exp(max) * logs.reduce((s, l) => s + Math.exp(l - max), 0);
}

describe('special functions', () => {
  it('igamc matches the standard examples: Q(3/2, 1/2), Q(2, 0.8), Q(1, 0.4), Q(5/2, 4.333033/2)', () => {
    expect(igamc(1.5, 0.5)).toBeCloseTo(0.801252, 6);
    expect(igamc(2, 0.8)).toBeCloseTo(0.808792, 6);
    expect(igamc(1, 0.4)).toBeCloseTo(0.67032, 6);
    expect(igamc(2.5, 4.333033 / 2)).toBeCloseTo(0.502529, 6);
  });

  it('igamc matches closed forms for whole and half-whole a, small and large', () => {
    for (const x of [0.01, 0.5, 1, 2.5, 7, 30]) {
      expect(igamc(1, x)).toBeCloseTo(Math.exp(-x), 14);
      expect(igamc(2, x)).toBeCloseTo((1 + x) * Math.exp(-x), 14);
      expect(igamc(3, x)).toBeCloseTo((1 + x + (x * x) / 2) * Math.exp(-x), 14);
    }
    // Q(3/2, x) = erfc(sqrt x) + 2 sqrt(x / pi) e^-x, with erfc at its tabulated values.
    const erfcTable: [number, number][] = [[0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266], [3, 2.209049699858544e-5]];
    for (const [z, e] of erfcTable) {
      expect(erfc(z)).toBeCloseTo(e, 14);
      expect(erfc(-z)).toBeCloseTo(2 - e, 14);
      expect(igamc(1.5, z * z)).toBeCloseTo(e + 2 * Math.sqrt((z * z) / Math.PI) * Math.exp(-z * z), 13);
    }
    // Large a (the serial test with m = 16 has a = 2^14): the Poisson tail.
    for (const [a, x] of [[100, 90], [100, 110], [16384, 16200], [16384, 16384], [16384, 16600], [8192, 8000]] as const) {
      const want = poissonQ(a, x);
      expect(Math.abs(igamc(a, x) - want)).toBeLessThan(1e-9 * Math.max(1, want));
    }
    expect(igamc(5, 0)).toBe(1);
  });

  it('lnGamma matches ln of factorials and of sqrt(pi)', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(171)).toBeCloseTo(Array.from({ length: 170 }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b), 9);
  });
});
