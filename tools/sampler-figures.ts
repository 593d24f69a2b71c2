// The measured figures of docs/sampler.md and docs/sc-error.md, regenerated:
//   npx tsx tools/sampler-figures.ts            (prints the Markdown of both)
// Everything runs on the emulator with fixed seeds, so the output is the same
// on every machine.
import { bitstreamParams, errorTable, errorTableMarkdown } from '../emulator/bitstream/index.ts';
import {
  bernoulliStdError,
  collectBits,
  collectNumbers,
  density,
  entropyProgram,
  loadProgram,
  nistTests,
  runUntilConverged,
  SamplerCore,
  samplerParams,
  scc,
} from '../emulator/sampler/index.ts';

const P = samplerParams();
const f = (x: number, d = 4) => x.toFixed(d);

function calibrated(seed: number, tS = 0): { core: SamplerCore; cycles: number; reads: number } {
  const core = new SamplerCore(P);
  loadProgram(core, entropyProgram(P, { seed, tS }));
  const c = runUntilConverged(core, 1_000_000);
  return { core, cycles: c.cycles, reads: c.reads };
}

export function samplerFigures(): string {
  const out: string[] = [];
  // Unbiased bits and NIST.
  const { core, cycles, reads } = calibrated(7);
  const run = collectBits(core, 1_000_000);
  const d = density(run.stream);
  out.push(`### Unbiased bits (twin seed 7, 10^6 bits)`, '');
  out.push(`Ones ${f(d, 6)} (sigma ${f(bernoulliStdError(0.5, 1e6), 6)}, z = ${f((d - 0.5) / bernoulliStdError(0.5, 1e6), 2)}); calibration converged after ${reads} reads (${cycles} cycles).`, '');
  out.push('| test | parameters | P-value(s) | pass at 0.01 |', '|---|---|---|---|');
  for (const t of nistTests(run.stream)) {
    const params = t.test === 'block-frequency' ? `M = ${t.statistic.M}` : t.test === 'serial' ? `m = ${t.statistic.m}` : '';
    out.push(`| ${t.test} | ${params} | ${t.pValues.map((v) => f(v, 4)).join(', ')} | ${t.passed ? 'yes' : 'no'} |`);
  }
  out.push(
    '',
    `Cost: ${f(run.reads / run.bits, 4)} macro reads, ${f(run.rawBits / run.bits, 3)} raw bits, ${f(run.deviceReads / run.bits, 2)} device reads and ${f(run.cycles / run.bits, 3)} cycles per unbiased bit (${f((run.cycles * P.lanes) / run.bits, 1)} cycles per bit per lane, ${f(run.bits / run.cycles / P.lanes, 4)} bits per cycle per lane; ${f((run.bits / run.cycles) * 2072, 0)} bits per 2072 cycles).`,
    '',
  );

  // Bernoulli density, error law, SCC.
  const pool = collectNumbers(calibrated(13).core, 2 ** 17).numbers;
  const all = new Uint32Array(pool.length * pool[0]!.length);
  pool.forEach((lane, i) => all.set(lane, i * lane.length));
  const bern = (xs: ArrayLike<number>, k: number) => Uint8Array.from(xs as ArrayLike<number>, (v) => (v < k ? 1 : 0));
  out.push('### Bernoulli density (10^5 numbers per p)', '', '| k (p = k/256) | density | error | 3 sigma |', '|---|---|---|---|');
  for (const k of [1, 2, 8, 32, 64, 128, 192, 224, 248, 254, 255]) {
    const n = 100_000;
    const dd = density(bern(all.subarray(0, n), k));
    out.push(`| ${k} | ${f(dd, 5)} | ${f(Math.abs(dd - k / 256), 5)} | ${f(3 * bernoulliStdError(k / 256, n), 5)} |`);
  }
  out.push('', `### Standard error of the density estimate (${all.length} numbers, split into M = ${all.length}/N estimates)`, '', '| N | sd / sqrt(p(1-p)/N), p = 1/2 | p = 1/8 |', '|---|---|---|');
  const ratio = (k: number, N: number) => {
    const s = bern(all, k);
    const M = Math.floor(s.length / N);
    let a = 0;
    let b = 0;
    for (let j = 0; j < M; j++) {
      let o = 0;
      for (let i = j * N; i < (j + 1) * N; i++) o += s[i]!;
      a += o / N;
      b += (o / N) ** 2;
    }
    return Math.sqrt((b - (a * a) / M) / (M - 1)) / bernoulliStdError(k / 256, N);
  };
  for (let N = 16; N <= 4096; N *= 2) out.push(`| ${N} | ${f(ratio(128, N), 3)} | ${f(ratio(32, N), 3)} |`);
  let worst = 0;
  const half = pool.map((l) => bern(l, 128));
  for (let i = 0; i < half.length; i++) for (let j = i + 1; j < half.length; j++) worst = Math.max(worst, Math.abs(scc(half[i]!, half[j]!)));
  out.push('', `SCC between lanes (p = 1/2, ${pool[0]!.length} samples per lane, all ${(pool.length * (pool.length - 1)) / 2} pairs): worst |SCC| = ${f(worst, 4)}.`, '');

  // Drift and recalibration.
  out.push('### Drift and recalibration (reprogrammed for t, from the thresholds of t = 0)', '', '| t | shift | reads to re-converge | cycles | worst \\|raw density - 1/2\\| with the old thresholds | Bernoulli p = 1/2 after |', '|---|---|---|---|---|---|');
  for (const tS of [3600, 86400, 31536000]) {
    const c = calibrated(21).core;
    const before = Int32Array.from(c.threshold);
    const prog = entropyProgram(P, { seed: 22, tS });
    loadProgram(c, prog);
    const at = { ...c.totals };
    const ones = new Array<number>(P.lanes).fill(0);
    let seen = 0;
    while (seen < 256) {
      if (c.beatNow) {
        c.codes.forEach((code, i) => (ones[i]! += code > before[i]! ? 1 : 0));
        seen++;
      }
      c.tick(c.everyLane);
    }
    const stale = Math.max(...ones.map((o) => Math.abs(o / 256 - 0.5)));
    runUntilConverged(c, 1_000_000);
    const again = { reads: c.totals.reads - at.reads, cycles: c.totals.cycles - at.cycles };
    const nums = collectNumbers(c, 4096).numbers.flatMap((l) => Array.from(l, (v) => (v < 128 ? 1 : 0)));
    out.push(`| ${tS} s | ${prog.shift} | ${again.reads} | ${again.cycles} | ${f(stale, 3)} | ${f(density(nums), 4)} +- ${f(bernoulliStdError(0.5, nums.length), 4)} |`);
  }
  return out.join('\n');
}

export function scErrorFigures(): string {
  const numbers = collectNumbers(calibrated(3).core, 2 ** 16).numbers;
  const pool = new Uint32Array(numbers.length * numbers[0]!.length);
  for (let j = 0; j < numbers[0]!.length; j++) for (let i = 0; i < numbers.length; i++) pool[j * numbers.length + i] = numbers[i]![j]!;
  const rows = errorTable(bitstreamParams(), pool, { points: 8, repeats: (n) => Math.min(16, 4096 / n) });
  return errorTableMarkdown(rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(samplerFigures());
  console.log('\n### ALU error table\n');
  console.log(scErrorFigures());
}
