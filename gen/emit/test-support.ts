// Test support for the emitter (not used by the emitter itself): IR
// constructors, a BigInt evaluator written from gen/ir.ts's semantics, a
// seeded generator of random well-typed IR, and an Icarus runner that
// simulates a combinational module on given input vectors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BinaryOp, IrExpr, IrModule, IrType, UnaryOp } from '../ir.ts';
import { runTool } from '../tools/run-tool.ts';
import type { EmittedFile } from './verilog.ts';

// ---- constructors ------------------------------------------------------------------

export const U = (width: number): IrType => ({ width, signed: false });
export const S = (width: number): IrType => ({ width, signed: true });
const mask = (w: number) => (1n << BigInt(w)) - 1n;

export const ref = (name: string, type: IrType): IrExpr => ({ kind: 'ref', name, type });
export const lit = (value: bigint | number, type: IrType): IrExpr => ({ kind: 'const', value: BigInt(value) & mask(type.width), type });
export const bin = (op: BinaryOp, a: IrExpr, b: IrExpr): IrExpr => {
  const compare = ['eq', 'neq', 'lt', 'le', 'gt', 'ge'].includes(op);
  return { kind: 'binary', op, a, b, type: compare ? U(1) : a.type };
};
export const un = (op: UnaryOp, a: IrExpr): IrExpr => ({ kind: 'unary', op, a, type: op === 'not' || op === 'neg' ? a.type : U(1) });
export const mux = (cond: IrExpr, a: IrExpr, b: IrExpr): IrExpr => ({ kind: 'mux', cond, a, b, type: a.type });
export const slice = (a: IrExpr, hi: number, lo: number): IrExpr => ({ kind: 'slice', a, hi, lo, type: U(hi - lo + 1) });
export const cat = (...parts: IrExpr[]): IrExpr => ({ kind: 'cat', parts, type: U(parts.reduce((s, p) => s + p.type.width, 0)) });
export const zext = (a: IrExpr, width: number): IrExpr => ({ kind: 'zext', a, type: { width, signed: a.type.signed } });
export const sext = (a: IrExpr, width: number): IrExpr => ({ kind: 'sext', a, type: { width, signed: a.type.signed } });
export const cast = (a: IrExpr, signed: boolean): IrExpr => ({ kind: 'cast', a, type: { width: a.type.width, signed } });

/** A module with defaults for everything not given; `at(n)` makes locators. */
export function mod(name: string, parts: Partial<IrModule>): IrModule {
  return {
    name,
    kind: 'module',
    generator: name,
    params: {},
    loc: `test/${name}.ts:1`,
    ports: [],
    wires: [],
    regs: [],
    mems: [],
    instances: [],
    assigns: [],
    ...parts,
  };
}

export const at = (line: number) => `gen/emit/fixture.ts:${line}`;

// ---- reference evaluation ------------------------------------------------------------

const toSigned = (v: bigint, w: number) => (((v >> BigInt(w - 1)) & 1n) === 1n ? v - (1n << BigInt(w)) : v);
const valueOf = (v: bigint, t: IrType) => (t.signed ? toSigned(v, t.width) : v);

/** The bit pattern of `e` given bit patterns for refs (straight from gen/ir.ts's definitions). */
export function evaluate(e: IrExpr, env: (name: string) => bigint): bigint {
  const w = e.type.width;
  const m = mask(w);
  switch (e.kind) {
    case 'ref':
      return env(e.name) & m;
    case 'const':
      return e.value & m;
    case 'cast':
    case 'zext':
      return evaluate(e.a, env) & m;
    case 'sext':
      return toSigned(evaluate(e.a, env), e.a.type.width) & m;
    case 'slice':
      return (evaluate(e.a, env) >> BigInt(e.lo)) & m;
    case 'cat':
      return e.parts.reduce((acc, p) => (acc << BigInt(p.type.width)) | evaluate(p, env), 0n);
    case 'mux':
      return evaluate(e.cond, env) !== 0n ? evaluate(e.a, env) : evaluate(e.b, env);
    case 'unary': {
      const a = evaluate(e.a, env);
      const aw = e.a.type.width;
      switch (e.op) {
        case 'not':
          return ~a & m;
        case 'neg':
          return -a & m;
        case 'andr':
          return a === mask(aw) ? 1n : 0n;
        case 'orr':
          return a !== 0n ? 1n : 0n;
        case 'xorr':
          return BigInt([...a.toString(2)].filter((c) => c === '1').length & 1);
      }
      throw new Error('unreachable');
    }
    case 'binary': {
      const a = evaluate(e.a, env);
      const b = evaluate(e.b, env);
      const sa = valueOf(a, e.a.type);
      const sb = valueOf(b, e.b.type);
      switch (e.op) {
        case 'add':
          return (a + b) & m;
        case 'sub':
          return (a - b) & m;
        case 'mul':
          return (a * b) & m;
        case 'and':
          return a & b;
        case 'or':
          return a | b;
        case 'xor':
          return a ^ b;
        case 'eq':
          return a === b ? 1n : 0n;
        case 'neq':
          return a !== b ? 1n : 0n;
        case 'lt':
          return sa < sb ? 1n : 0n;
        case 'le':
          return sa <= sb ? 1n : 0n;
        case 'gt':
          return sa > sb ? 1n : 0n;
        case 'ge':
          return sa >= sb ? 1n : 0n;
        case 'shl':
          return b >= BigInt(w) ? 0n : (a << b) & m;
        case 'shr': {
          const amount = b >= BigInt(w) ? BigInt(w) : b;
          return (e.a.type.signed ? toSigned(a, w) >> amount : a >> amount) & m;
        }
      }
    }
  }
}

// ---- seeded random IR ---------------------------------------------------------------------

/** Small, fast, seeded PRNG (mulberry32). */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const chance = (p: number) => next() < p;
  /** A bit pattern of `w` bits, biased toward the interesting edges. */
  const bits = (w: number): bigint => {
    const full = mask(w);
    switch (int(0, 7)) {
      case 0:
        return 0n;
      case 1:
        return full;
      case 2:
        return 1n << BigInt(w - 1);
      case 3:
        return (1n << BigInt(w - 1)) - 1n;
      case 4:
        return BigInt(int(0, 3)) & full;
      default: {
        let v = 0n;
        for (let i = 0; i < w; i += 30) v = (v << 30n) | BigInt(int(0, (1 << 30) - 1));
        return v & full;
      }
    }
  };
  return { next, int, pick, chance, bits };
}
export type Rng = ReturnType<typeof rng>;

export interface RandomDesign {
  module: IrModule;
  inputs: { name: string; type: IrType }[];
  outputs: { name: string; expr: IrExpr }[];
  /** Named intermediate wires (refs to them appear in outputs). */
  wires: { name: string; expr: IrExpr }[];
}

const BITWISE: BinaryOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor'];
const COMPARE: BinaryOp[] = ['eq', 'neq', 'lt', 'le', 'gt', 'ge'];

/**
 * A combinational module with random inputs and outputs whose expressions
 * use every IR op at random widths and signedness, obeying the builder's
 * invariants. Subexpressions are sometimes reused (shared subtrees).
 */
export function randomDesign(seed: number, opts: { inputs?: number; outputs?: number; wires?: number; depth?: number; maxWidth?: number } = {}): RandomDesign {
  const r = rng(seed);
  const maxWidth = opts.maxWidth ?? 70;
  const width = () => (r.chance(0.15) ? 1 : r.chance(0.1) ? r.int(65, 130) : r.int(2, maxWidth));
  const inputs = Array.from({ length: opts.inputs ?? 6 }, (_, i) => ({ name: `in${i}`, type: { width: width(), signed: r.chance(0.5) } }));
  const leaves: IrExpr[] = inputs.map((p) => ref(p.name, p.type));
  const pool: IrExpr[] = [];

  /** Something of exactly type t built from an existing leaf (refs make the best operands). */
  const leafOf = (t: IrType): IrExpr => {
    if (r.chance(0.15)) return lit(r.bits(t.width), t);
    const x = r.pick(leaves);
    let e = x;
    if (e.type.width > t.width) {
      const lo = r.int(0, e.type.width - t.width);
      e = slice(e, lo + t.width - 1, lo);
    } else if (e.type.width < t.width) {
      e = r.chance(0.5) ? zext(e, t.width) : sext(e, t.width);
    }
    return e.type.signed === t.signed ? e : cast(e, t.signed);
  };

  const gen = (t: IrType, depth: number): IrExpr => {
    if (depth <= 0 || r.chance(0.12)) return leafOf(t);
    const reuse = pool.filter((p) => p.type.width === t.width && p.type.signed === t.signed);
    if (reuse.length && r.chance(0.15)) return r.pick(reuse);
    const sub = (tt: IrType) => gen(tt, depth - 1);
    let e: IrExpr;
    const choice = r.int(0, 12);
    if (t.width === 1 && !t.signed && choice <= 2) {
      if (choice === 0) {
        const ot = { width: width(), signed: r.chance(0.5) };
        e = bin(r.pick(COMPARE), sub(ot), sub(ot));
      } else e = un(r.pick(['andr', 'orr', 'xorr'] as UnaryOp[]), sub({ width: width(), signed: r.chance(0.5) }));
    } else if (choice <= 3) e = bin(r.pick(BITWISE), sub(t), sub(t));
    else if (choice === 4) e = bin(r.pick(['shl', 'shr'] as BinaryOp[]), sub(t), sub(U(r.pick([1, 2, 3, 4, 5, 7, 8, 33]))));
    else if (choice === 5) e = un(r.pick(['not', 'neg'] as UnaryOp[]), sub(t));
    else if (choice === 6) e = mux(sub(U(1)), sub(t), sub(t));
    else if (choice === 7 && !t.signed) {
      const from = { width: t.width + r.int(1, 20), signed: r.chance(0.5) };
      const lo = r.int(0, from.width - t.width);
      e = slice(sub(from), lo + t.width - 1, lo);
    } else if (choice === 8 && !t.signed && t.width > 1) {
      const cut = r.int(1, t.width - 1);
      e = cat(sub({ width: t.width - cut, signed: r.chance(0.5) }), sub({ width: cut, signed: r.chance(0.5) }));
    } else if (choice === 9 && t.width > 1) {
      e = zext(sub({ width: r.int(1, t.width - 1), signed: t.signed }), t.width);
    } else if (choice === 10 && t.width > 1) {
      e = sext(sub({ width: r.int(1, t.width - 1), signed: t.signed }), t.width);
    } else if (choice === 11) e = cast(sub({ width: t.width, signed: !t.signed }), t.signed);
    else e = bin(r.pick(BITWISE), sub(t), sub(t));
    pool.push(e);
    return e;
  };

  const depth = opts.depth ?? 4;
  const wires = Array.from({ length: opts.wires ?? 3 }, (_, i) => {
    const t = { width: width(), signed: r.chance(0.5) };
    const w = { name: `w${i}`, expr: gen(t, depth) };
    leaves.push(ref(w.name, t));
    return w;
  });
  const outputs = Array.from({ length: opts.outputs ?? 12 }, (_, i) => {
    const t = r.chance(0.2) ? U(1) : { width: width(), signed: r.chance(0.5) };
    return { name: `out${i}`, expr: gen(t, depth) };
  });
  const module = mod(`Random${seed}`, {
    ports: [
      ...inputs.map((p, i) => ({ name: p.name, dir: 'input' as const, type: p.type, loc: at(10 + i) })),
      ...outputs.map((o, i) => ({ name: o.name, dir: 'output' as const, type: o.expr.type, loc: at(100 + i) })),
    ],
    wires: wires.map((w, i) => ({ name: w.name, type: w.expr.type, loc: at(50 + i) })),
    assigns: [
      ...wires.map((w, i) => ({ target: w.name, expr: w.expr, loc: at(50 + i) })),
      ...outputs.map((o, i) => ({ target: o.name, expr: o.expr, loc: at(100 + i) })),
    ],
  });
  return { module, inputs, outputs, wires };
}

/** Reference outputs of a random design for one input vector. */
export function referenceOutputs(d: RandomDesign, vector: bigint[]): bigint[] {
  const env = new Map<string, bigint>(d.inputs.map((p, i) => [p.name, vector[i]]));
  const cache = new Map<string, bigint>();
  const lookup = (name: string): bigint => {
    if (env.has(name)) return env.get(name)!;
    if (!cache.has(name)) cache.set(name, evaluate(d.wires.find((w) => w.name === name)!.expr, lookup));
    return cache.get(name)!;
  };
  return d.outputs.map((o) => evaluate(o.expr, lookup));
}

// ---- Icarus -----------------------------------------------------------------------------

export interface SimPort {
  name: string;
  width: number;
}

export type Simulator = 'icarus' | 'verilator';

/**
 * Simulates combinational module `top` (in Icarus or Verilator): applies
 * each input vector, waits 1 time unit, prints every output in hex. Returns
 * the outputs per vector (throws on x/z or a tool failure).
 */
export async function simulateCombinational(
  files: EmittedFile[],
  top: string,
  inputs: SimPort[],
  outputs: SimPort[],
  vectors: bigint[][],
  simulator: Simulator = 'icarus',
): Promise<bigint[][]> {
  const decl = (p: SimPort) => (p.width === 1 ? '' : `[${p.width - 1}:0] `);
  const tb = [
    'module tb;',
    ...inputs.map((p) => `  reg ${decl(p)}${p.name};`),
    ...outputs.map((p) => `  wire ${decl(p)}${p.name};`),
    `  ${top} dut (${[...inputs, ...outputs].map((p) => `.${p.name}(${p.name})`).join(', ')});`,
    '  initial begin',
    ...vectors.flatMap((v) => [
      ...inputs.map((p, i) => `    ${p.name} = ${p.width}'h${v[i].toString(16)};`),
      '    #1;',
      `    $display("${outputs.map(() => '%h').join(' ')}", ${outputs.map((p) => p.name).join(', ')});`,
    ]),
    '    $finish;',
    '  end',
    'endmodule',
    '',
  ].join('\n');
  const stdout = await runTestbench(files, tb, simulator);
  const lines = stdout.split('\n').filter((l) => l.trim() && /^[0-9a-fA-FxXzZ ]+$/.test(l.trim()));
  if (lines.length !== vectors.length) throw new Error(`expected ${vectors.length} result lines, got:\n${stdout}`);
  return lines.map((l) =>
    l
      .trim()
      .split(/\s+/)
      .map((h, i) => {
        if (/[xz]/i.test(h)) throw new Error(`output ${outputs[i].name} is ${h}`);
        return BigInt(`0x${h}`);
      }),
  );
}

/** Compiles testbench module `tb` with the files and runs it; returns what it printed. */
export async function runTestbench(files: EmittedFile[], tb: string, simulator: Simulator = 'icarus'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `neurotile-emit-${simulator}-`));
  try {
    for (const f of files) writeFileSync(join(dir, f.path), f.text);
    writeFileSync(join(dir, 'tb.v'), tb);
    const sources = ['tb.v', ...files.map((f) => f.path)];
    if (simulator === 'icarus') {
      const compile = await runTool('iverilog', ['-g2012', '-s', 'tb', '-o', 'sim.vvp', ...sources], { cwd: dir, timeoutMs: 120_000 });
      if (compile.code !== 0) throw new Error(`iverilog failed:\n${compile.stderr}${compile.stdout}`);
      const run = await runTool('vvp', ['-n', 'sim.vvp'], { cwd: dir, timeoutMs: 120_000 });
      if (run.code !== 0) throw new Error(`vvp failed:\n${run.stderr}${run.stdout}`);
      return run.stdout;
    }
    // Warnings are lint's business (checked separately); here only the simulation counts.
    const build = await runTool('verilator', ['--binary', '--timing', '-Wno-fatal', '-j', '2', '--top-module', 'tb', '-Mdir', 'obj', ...sources], { cwd: dir, timeoutMs: 600_000 });
    if (build.code !== 0) throw new Error(`verilator failed:\n${build.stderr.slice(-4000)}`);
    const run = await runTool(join(dir, 'obj', 'Vtb'), [], { cwd: dir, timeoutMs: 120_000 });
    if (run.code !== 0) throw new Error(`verilated testbench failed:\n${run.stderr}${run.stdout}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
