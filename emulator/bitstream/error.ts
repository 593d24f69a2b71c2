// Mean absolute error of every ALU operation against its exact result over a
// grid of operands, as a function of the stream length N, next to the
// sqrt(p(1-p)/N) law (docs/sc-error.md). The random numbers are the
// sampler's: a pool of numbers from its lanes (emulator/sampler).
import { BitstreamAluCore } from './alu.ts';
import { bernoulliMae, estimate, exactResult, OPS, sqrtLawMae } from './exact.ts';
import { OP_NAMES, type BitstreamParams, type OpName } from './params.ts';

export interface ErrorRow {
  op: OpName;
  n: number;
  /** Measured mean absolute error over the grid (and repetitions). */
  mae: number;
  /** Mean over the grid of sqrt(2/pi) sqrt(q(1-q)/N) (x2 bipolar): the sqrt law. */
  law: number;
  /** Mean over the grid of the exact binomial E|X/N - q| (x2 bipolar): what an ideal Bernoulli stream of the exact result would give. */
  ideal: number;
  /** Largest absolute error seen. */
  worst: number;
  runs: number;
}

/** Operand grid: codes (2i + 1) 2^K / (2 points) for i < points. */
export const operandGrid = (bits: number, points: number): number[] =>
  Array.from({ length: points }, (_, i) => Math.round(((2 * i + 1) * 2 ** bits) / (2 * points)));

export interface ErrorTableOptions {
  ns?: number[];
  ops?: OpName[];
  /** Grid points per operand. */
  points?: number;
  /** Runs per grid point, as a function of N (default 1). */
  repeats?: (n: number) => number;
}

/**
 * The error table, with `pool` as the random numbers: each stream cycle
 * takes the next three numbers of the pool (wrapping around).
 */
export function errorTable(p: BitstreamParams, pool: ArrayLike<number>, opts: ErrorTableOptions = {}): ErrorRow[] {
  const ns = opts.ns ?? [16, 64, 256, 1024, 4096];
  const ops = opts.ops ?? OP_NAMES;
  const grid = operandGrid(p.bits, opts.points ?? 8);
  const repeats = opts.repeats ?? (() => 1);
  let cursor = 0;
  const next = (): [number, number, number] => {
    const t: [number, number, number] = [pool[cursor % pool.length]!, pool[(cursor + 1) % pool.length]!, pool[(cursor + 2) % pool.length]!];
    cursor = (cursor + 3) % pool.length;
    return t;
  };
  const alu = new BitstreamAluCore(p);
  const rows: ErrorRow[] = [];
  for (const op of ops) {
    const pairs: [number, number][] = [];
    for (const a of OPS[op].operands === 1 ? operandGrid(p.bits, 2 * (opts.points ?? 8)) : grid) {
      for (const b of OPS[op].operands === 1 ? [0] : grid) if (op !== 'div' || a <= b) pairs.push([a, b]);
    }
    for (const n of ns) {
      let sum = 0;
      let law = 0;
      let ideal = 0;
      let worst = 0;
      let runs = 0;
      for (let r = 0; r < repeats(n); r++) {
        for (const [a, b] of pairs) {
          const exact = exactResult(op, a, b, p.bits, p.tanhStates)!;
          const err = Math.abs(estimate(op, alu.run(OPS[op].code, a, b, n, next), n) - exact);
          sum += err;
          worst = Math.max(worst, err);
          law += sqrtLawMae(op, exact, n);
          ideal += bernoulliMae(op, exact, n);
          runs++;
        }
      }
      rows.push({ op, n, mae: sum / runs, law: law / runs, ideal: ideal / runs, worst, runs });
    }
  }
  return rows;
}

/** The table as Markdown: one row per operation, MAE (and the law) per N. */
export function errorTableMarkdown(rows: ErrorRow[]): string {
  const ns = [...new Set(rows.map((r) => r.n))];
  const ops = [...new Set(rows.map((r) => r.op))];
  const head = `| operation | inputs | ${ns.map((n) => `N = ${n}`).join(' | ')} |`;
  const rule = `|---|---|${ns.map(() => '---').join('|')}|`;
  const body = ops.map((op) => {
    const cells = ns.map((n) => {
      const r = rows.find((x) => x.op === op && x.n === n)!;
      return `${r.mae.toFixed(4)} (${r.law.toFixed(4)})`;
    });
    return `| \`${op}\` ${OPS[op].what.replace(/\|/g, '\\|')} | ${OPS[op].inputs} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}
