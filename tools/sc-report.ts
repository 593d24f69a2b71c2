// `neurotile sc`: one bitstream-ALU operation on the emulator, with the
// random numbers drawn from the LFSR-free sampler's emulator: the exact
// result, the stochastic estimate over N cycles, its error and the sqrt
// law's expected error.
import { BitstreamAluCore, bitstreamParams, estimate, exactResult, OP_NAMES, OPS, sqrtLawMae, type OpName } from '../emulator/bitstream/index.ts';
import { collectNumbers, entropyProgram, loadProgram, SamplerCore, samplerParams } from '../emulator/sampler/index.ts';
import { UsageError } from './cli/cli.ts';

export interface ScOptions {
  op: OpName;
  a: number;
  b: number;
  n: number;
  seed: number;
}

/** Operand bits (the sampler's numbers are 8-bit) and the longest stream. */
const BITS = 8;
const LENGTH_BITS = 16;
export const SC_MAX_N = 2 ** LENGTH_BITS - 1;

function num(flag: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const x = String(v).trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) throw new UsageError(`${flag}: expected a number, got '${String(v)}'`);
  return x;
}

export function parseScOptions(raw: Record<string, unknown>): ScOptions {
  const op = String(raw.op ?? 'mul');
  if (!(OP_NAMES as string[]).includes(op)) throw new UsageError(`--op: unknown operation '${op}' (known: ${OP_NAMES.join(', ')})`);
  const info = OPS[op as OpName];
  const [lo, hi] = info.bipolar ? [-1, 1] : [0, 1];
  const a = num('--a', raw.a, info.bipolar ? 0.5 : 0.5);
  const b = num('--b', raw.b, 0.5);
  for (const [flag, v] of [['--a', a], ['--b', b]] as const) {
    if (v < lo || v > hi) throw new UsageError(`${flag}: ${op} takes ${info.bipolar ? 'bipolar values from -1' : 'probabilities from 0'} to 1, got ${v}`);
  }
  if (info.operands === 1 && raw.b !== undefined) throw new UsageError(`--b: ${op} takes one operand (--a only)`);
  const n = num('--n', raw.n, 1024);
  if (!Number.isInteger(n) || n < 1 || n > SC_MAX_N) throw new UsageError(`--n: must be a whole number from 1 to ${SC_MAX_N}, got ${String(raw.n)}`);
  const seed = num('--seed', raw.seed, 1);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed: must be a whole number from 0 to 4294967295, got ${String(raw.seed)}`);
  return { op: op as OpName, a, b, n, seed };
}

/** The operand code of a value: p 2^K (bipolar: (x + 1)/2 2^K), rounded, clipped to 0 .. 2^K - 1. */
const code = (v: number, bipolar: boolean) => Math.min(2 ** BITS - 1, Math.max(0, Math.round((bipolar ? (v + 1) / 2 : v) * 2 ** BITS)));
const value = (c: number, bipolar: boolean) => (bipolar ? (2 * c) / 2 ** BITS - 1 : c / 2 ** BITS);

export interface ScReport {
  op: OpName;
  what: string;
  inputs: string;
  bipolar: boolean;
  a: { given: number; code: number; value: number };
  b?: { given: number; code: number; value: number };
  n: number;
  ones: number;
  /** The exact result of the quantized operands (what the ALU estimates). */
  exact: number | null;
  /** The exact result of the given operands (before K-bit quantization). */
  exactGiven: number | null;
  estimate: number;
  error: number | null;
  /** sqrt(2/pi) sqrt(q(1-q)/N) (x2 bipolar): the mean absolute error of an ideal Bernoulli estimate. */
  sqrtLawMae: number | null;
  random: { source: string; numbers: number; samplerCycles: number; samplerReads: number; seed: number };
}

export function runSc(o: ScOptions): ScReport {
  const info = OPS[o.op];
  const p = bitstreamParams({ bits: BITS, lengthBits: LENGTH_BITS });
  const ca = code(o.a, info.bipolar);
  const cb = info.operands === 2 ? code(o.b, info.bipolar) : 0;
  // Random numbers: three per stream cycle, from the sampler's lanes (interleaved).
  const sp = samplerParams();
  const core = new SamplerCore(sp);
  loadProgram(core, entropyProgram(sp, { seed: o.seed }));
  const perLane = Math.ceil((3 * o.n) / sp.lanes);
  const run = collectNumbers(core, perLane);
  let cursor = 0;
  const pick = () => {
    const v = run.numbers[cursor % sp.lanes]![Math.floor(cursor / sp.lanes)]!;
    cursor++;
    return v;
  };
  const alu = new BitstreamAluCore(p);
  const ones = alu.run(info.code, ca, cb, o.n, () => [pick(), pick(), pick()]);
  const est = estimate(o.op, ones, o.n);
  const exact = exactResult(o.op, ca, cb, BITS, p.tanhStates);
  // exactResult of real-valued "codes" p 2^K: the result of the operands as given, before quantization.
  const asCode = (v: number) => (info.bipolar ? (v + 1) / 2 : v) * 2 ** BITS;
  const given = exactResult(o.op, asCode(o.a), info.operands === 2 ? asCode(o.b) : 0, BITS, p.tanhStates);
  return {
    op: o.op,
    what: info.what,
    inputs: info.inputs,
    bipolar: info.bipolar,
    a: { given: o.a, code: ca, value: value(ca, info.bipolar) },
    ...(info.operands === 2 ? { b: { given: o.b, code: cb, value: value(cb, info.bipolar) } } : {}),
    n: o.n,
    ones,
    exact: exact ?? null,
    exactGiven: given ?? null,
    estimate: est,
    error: exact === undefined ? null : est - exact,
    sqrtLawMae: exact === undefined ? null : sqrtLawMae(o.op, Math.max(info.bipolar ? -1 : 0, Math.min(1, exact)), o.n),
    random: { source: 'LFSR-free sampler (emulator), 16 lanes', numbers: 3 * o.n, samplerCycles: run.cycles, samplerReads: run.reads, seed: o.seed },
  };
}

const f = (x: number | null, d = 5) => (x === null ? 'undefined' : x.toFixed(d));

export function formatSc(r: ScReport): string {
  const operand = (name: string, x: { given: number; code: number; value: number }) => `${name} = ${x.given} -> code ${x.code}/256 = ${f(x.value)}`;
  return [
    `${r.op}: ${r.what} (${r.inputs} inputs, ${r.bipolar ? 'bipolar' : 'unipolar'}); ${operand('a', r.a)}${r.b ? `, ${operand('b', r.b)}` : ''}`,
    `  exact ${f(r.exact)} (unquantized ${f(r.exactGiven)}), estimate ${f(r.estimate)} from ${r.ones} ones in N = ${r.n}, error ${f(r.error)}; sqrt law: mean |error| ${f(r.sqrtLawMae)}`,
    `  random numbers: ${r.random.numbers} from the sampler (seed ${r.random.seed}: ${r.random.samplerReads} macro reads, ${r.random.samplerCycles} cycles)`,
  ].join('\n');
}
