// The sampler's randomness, measured on the emulator with the reference
// configuration (16 lanes, 1 x 16 entropy macro of 4-bit reference pairs at
// the top level, 8-bit ADC, 8-bit numbers): what issue 8 asks to show.
// Expected values are the laws (binomial spread, sqrt(p(1-p)/N), SCC = 0),
// never figures taken from the code under test.
import { describe, expect, it } from 'vitest';
import { SamplerCore } from './core.ts';
import { entropyProgram, loadProgram } from './host.ts';
import { igamc, nistTests } from './nist.ts';
import { samplerParams } from './params.ts';
import { collectBits, collectNumbers, runUntilConverged } from './run.ts';
import { bernoulliStdError, density, scc } from './stats.ts';

const P = samplerParams();
const K = P.numberBits;

function calibrated(seed: number, tS = 0): SamplerCore {
  const core = new SamplerCore(P);
  loadProgram(core, entropyProgram(P, { seed, tS }));
  expect(runUntilConverged(core, 200_000).converged).toBe(true);
  return core;
}

/** A lane's numbers as its bits, msb first (the order they left the extractor). */
function numberBits(numbers: Uint32Array): Uint8Array {
  const out = new Uint8Array(numbers.length * K);
  numbers.forEach((v, j) => {
    for (let b = 0; b < K; b++) out[j * K + b] = (v >>> (K - 1 - b)) & 1;
  });
  return out;
}

describe('unbiased bits', () => {
  it('10^6 bits: ones within 3 sigma of 1/2; NIST frequency, block frequency, runs and serial pass at alpha = 0.01', () => {
    // (Any one sequence fails a test at alpha = 0.01 with probability 0.01: the second-level check below
    // is the standard's answer to that. Twin seed 7 is the seed of docs/tile-spec.md's figures.)
    const run = collectBits(calibrated(7), 1_000_000);
    const n = run.stream.length;
    expect(Math.abs(density(run.stream) - 0.5)).toBeLessThan(3 * bernoulliStdError(0.5, n));
    const results = nistTests(run.stream);
    expect(results.map((r) => r.test)).toEqual(['frequency', 'block-frequency', 'runs', 'serial']);
    for (const r of results) expect(r.passed, `${r.test}: P = ${r.pValues.join(', ')}`).toBe(true);
  });

  it('second level (SP 800-22 section 4.2): of 60 sequences of 10^5 bits >= 58 pass each test, and the P-values are uniform', () => {
    const m = 60;
    const run = collectBits(calibrated(8), m * 100_000);
    const pValues: number[][] = [];
    for (let j = 0; j < m; j++) pValues.push(nistTests(run.stream.subarray(j * 100_000, (j + 1) * 100_000)).flatMap((r) => r.pValues));
    const names = ['frequency', 'block-frequency', 'runs', 'serial P1', 'serial P2'];
    names.forEach((name, t) => {
      const column = pValues.map((row) => row[t]!);
      // Proportion: 0.99 - 3 sqrt(0.99 * 0.01 / m) = 0.9515 of 60 -> at least 58.
      expect(column.filter((v) => v >= 0.01).length, name).toBeGreaterThanOrEqual(58);
      // Uniformity: chi-square over 10 bins, P_T = igamc(9/2, chi^2/2) >= 0.0001.
      const bins = new Array<number>(10).fill(0);
      for (const v of column) bins[Math.min(9, Math.floor(v * 10))]!++;
      const chi2 = bins.reduce((acc, b) => acc + (b - m / 10) ** 2 / (m / 10), 0);
      expect(igamc(4.5, chi2 / 2), `${name}: bins ${bins.join(' ')}`).toBeGreaterThanOrEqual(0.0001);
    });
  });

  it('every lane alone: 10^5 bits of each of four lanes pass the same tests', () => {
    const run = collectNumbers(calibrated(12), 100_000 / K);
    for (const lane of [0, 5, 10, 15]) {
      const bits = numberBits(run.numbers[lane]!);
      expect(Math.abs(density(bits) - 0.5)).toBeLessThan(3 * bernoulliStdError(0.5, bits.length));
      for (const r of nistTests(bits)) expect(r.passed, `lane ${lane} ${r.test}: P = ${r.pValues.join(', ')}`).toBe(true);
    }
  });
});

describe('Bernoulli streams and numbers', () => {
  // One pool of numbers for the density, error-law and correlation checks: 2^17 per lane.
  const pool = (() => {
    const run = collectNumbers(calibrated(13), 2 ** 17);
    return run.numbers;
  })();
  const all = (() => {
    const out = new Uint32Array(pool.length * pool[0]!.length);
    pool.forEach((lane, i) => out.set(lane, i * lane.length));
    return out;
  })();
  const bern = (numbers: ArrayLike<number>, k: number) => Uint8Array.from(numbers as ArrayLike<number>, (v) => (v < k ? 1 : 0));

  it('density within 3 sigma of p = k/256 for k = 1 .. 255', () => {
    const n = 100_000;
    const sample = all.subarray(0, n);
    for (const k of [1, 2, 3, 8, 32, 64, 100, 128, 160, 192, 224, 250, 253, 254, 255]) {
      const p = k / 256;
      const d = density(bern(sample, k));
      expect(Math.abs(d - p), `k = ${k}: density ${d}`).toBeLessThan(3 * bernoulliStdError(p, n));
    }
  });

  it('the numbers are uniform over the 256 values (chi-square, 255 degrees of freedom, alpha = 0.001)', () => {
    const counts = new Float64Array(256);
    for (const v of all) counts[v]!++;
    const e = all.length / 256;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(330.5); // chi2_{0.999}(255)
  });

  it('the standard error of the density estimate follows sqrt(p(1-p)/N) for N = 16 .. 4096 (within 10%)', () => {
    for (const k of [128, 32]) {
      const p = k / 256;
      const stream = bern(all, k);
      for (let N = 16; N <= 4096; N *= 2) {
        const M = Math.floor(stream.length / N);
        let s = 0;
        let s2 = 0;
        for (let j = 0; j < M; j++) {
          let ones = 0;
          for (let i = j * N; i < (j + 1) * N; i++) ones += stream[i]!;
          const d = ones / N;
          s += d;
          s2 += d * d;
        }
        const sd = Math.sqrt((s2 - (s * s) / M) / (M - 1));
        const ratio = sd / bernoulliStdError(p, N);
        expect(ratio, `p = ${p}, N = ${N}: ${M} estimates`).toBeGreaterThan(0.9);
        expect(ratio, `p = ${p}, N = ${N}: ${M} estimates`).toBeLessThan(1.1);
      }
    }
  });

  it('lanes are independent: SCC within +-0.02 for every pair of lanes (p = 1/2) and neighbours at p = 1/4 vs 3/4', () => {
    let worst = 0;
    const half = pool.map((lane) => bern(lane, 128));
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) worst = Math.max(worst, Math.abs(scc(half[i]!, half[j]!)));
      if (i + 1 < pool.length) worst = Math.max(worst, Math.abs(scc(bern(pool[i]!, 64), bern(pool[i + 1]!, 192))));
    }
    expect(worst).toBeLessThan(0.02);
    // The measure itself: a stream against itself is +1, against its complement -1.
    const x = bern(pool[0]!, 128);
    expect(scc(x, x)).toBeCloseTo(1, 12);
    expect(scc(x, x.map((b) => 1 - b))).toBeCloseTo(-1, 12);
  });
});

describe('calibration and drift', () => {
  /** Raw bits a lane would make from the next reads with its current threshold frozen (code > threshold). */
  function rawDensities(core: SamplerCore, reads: number, thresholds: Int32Array): number[] {
    const ones = new Array<number>(core.lanes).fill(0);
    let seen = 0;
    while (seen < reads) {
      if (core.beatNow) {
        core.codes.forEach((code, i) => (ones[i]! += code > thresholds[i]! ? 1 : 0));
        seen++;
      }
      core.tick(core.everyLane);
    }
    return ones.map((o) => o / reads);
  }

  it('converges from reset, and re-converges after the macro is reprogrammed for one year later; density stays within 3 sigma', () => {
    const core = new SamplerCore(P);
    loadProgram(core, entropyProgram(P, { seed: 21, tS: 0 }));
    const first = runUntilConverged(core, 500_000);
    expect(first.converged).toBe(true);
    const before = Int32Array.from(core.threshold);

    // One year later the host reprograms the macro (drifted levels, the sigma table and shift for t).
    loadProgram(core, entropyProgram(P, { seed: 22, tS: 365 * 86400 }));
    expect(core.converged.every((c) => c === 0)).toBe(true); // a write into the macro restarts calibration
    // With the old thresholds the drifted pairs are off-centre: some lanes' raw densities are far from 1/2.
    const stale = rawDensities(core, 256, before);
    expect(Math.max(...stale.map((d) => Math.abs(d - 0.5)))).toBeGreaterThan(0.25);
    const again = runUntilConverged(core, 500_000);
    expect(again.converged).toBe(true);
    expect(again.cycles).toBeLessThan(100_000);

    // Recalibrated: raw densities near 1/2 again, and the Bernoulli density within 3 sigma of p.
    const fresh = rawDensities(core, 2048, core.threshold);
    const band = P.deadband / 2 ** P.windowLog2 + 3 * bernoulliStdError(0.5, 2048);
    for (const d of fresh) expect(Math.abs(d - 0.5)).toBeLessThan(band);
    const numbers = collectNumbers(core, 4096).numbers;
    for (const k of [16, 128, 240]) {
      const samples = numbers.flatMap((lane) => Array.from(lane, (v) => (v < k ? 1 : 0)));
      expect(Math.abs(density(samples) - k / 256)).toBeLessThan(3 * bernoulliStdError(k / 256, samples.length));
    }
  });
});

describe('no entropy without read noise', () => {
  it('with the sigma table all zero no bit comes out, for every twin seed; with noise, seeds give different streams', () => {
    const silent = [1, 2, 3].map((seed) => {
      const core = new SamplerCore(P);
      loadProgram(core, entropyProgram(P, { seed, readNoise: 0 }));
      const run = collectBits(core, 100, 20_000);
      return { collected: run.collected, reads: run.reads, thresholds: Array.from(core.threshold), regs: Array.from({ length: 128 }, (_, a) => core.read(a)) };
    });
    for (const s of silent) {
      expect(s.collected).toBe(0);
      expect(s.reads).toBeGreaterThan(20_000);
    }
    expect(silent[1]).toEqual(silent[0]);
    expect(silent[2]).toEqual(silent[0]);

    const noisy = [1, 2].map((seed) => {
      const core = new SamplerCore(P);
      loadProgram(core, entropyProgram(P, { seed }));
      return Array.from(collectBits(core, 1000).stream);
    });
    expect(noisy[0]).not.toEqual(noisy[1]);
  });
});
