// Property: a comb loop run as a WebAssembly SIMD kernel (lane-kernel.ts) computes what the IR
// means. Random designs: a module of random combinational logic at most 32 bits wide (every op,
// signed and unsigned, constant and dynamic shifts), instantiated 8 to 13 times (kernels start
// at MIN_KERNEL_INSTANCES; counts that are not a multiple of 4 repeat the last instance in the
// last step). Each instance reads an input of its own (x), one all instances share (s: a
// broadcast, and the uniform shift amount), and one wired in shuffled order (t: reached through
// the frame table); some values stay inside the instance (h: wires, kept in the kernel's
// locals), the others are outputs. Expected values come from the reference evaluator
// (reference.ts), cycle by cycle; the JavaScript loop (simd off) is held to the same.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { BinaryOp, IrExpr, IrType, UnaryOp } from '../../ir.ts';
import { compileSim } from '../compile.ts';
import { evalExpr } from '../reference.ts';
import { fitTo, show } from '../random-expr.ts';
import { U, design, input, irModule, output, ref } from '../ir-fixtures.ts';
import { MIN_KERNEL_INSTANCES } from './lane-kernel.ts';

type G =
  | { k: 'leaf'; pick: number; width: number; signed: boolean; asConst: boolean; raw: number }
  | { k: 'unary'; op: UnaryOp; a: G }
  | { k: 'binary'; op: BinaryOp; a: G; b: G; amountBits: number }
  | { k: 'mux'; cond: G; a: G; b: G }
  | { k: 'slice'; a: G; lo: number; len: number }
  | { k: 'cat'; a: G; b: G }
  | { k: 'ext'; sign: boolean; signed: boolean; extra: number; a: G }
  | { k: 'cast'; a: G };

const UNARY: UnaryOp[] = ['not', 'neg', 'andr', 'orr', 'xorr'];
const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'eq', 'neq', 'lt', 'le', 'gt', 'ge', 'shl', 'shr', 'shl', 'shr'];
const COMPARE = new Set<BinaryOp>(['eq', 'neq', 'lt', 'le', 'gt', 'ge']);
// Widths at the lanes' edges (1 bit, the sign bit at 31 and 32) and in between.
const widthArb = fc.oneof(fc.constantFrom(1, 2, 7, 8, 16, 31, 32), fc.integer({ min: 1, max: 32 }));

const { node: gArb } = fc.letrec<{ node: G }>((tie) => {
  const sub = tie('node') as fc.Arbitrary<G>;
  return {
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
      fc.record({ k: fc.constant('leaf' as const), pick: fc.nat(), width: widthArb, signed: fc.boolean(), asConst: fc.boolean(), raw: fc.nat() }),
      fc.record({ k: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), a: sub }),
      fc.record({ k: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), a: sub, b: sub, amountBits: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ k: fc.constant('mux' as const), cond: sub, a: sub, b: sub }),
      fc.record({ k: fc.constant('slice' as const), a: sub, lo: fc.nat(31), len: fc.nat(31) }),
      fc.record({ k: fc.constant('cat' as const), a: sub, b: sub }),
      fc.record({ k: fc.constant('ext' as const), sign: fc.boolean(), signed: fc.boolean(), extra: fc.nat(31), a: sub }),
      fc.record({ k: fc.constant('cast' as const), a: sub }),
    ),
  };
});

/** IR for `g`, every node at most 32 bits wide; leaves read `signals` (or are constants). */
function toIr(g: G, signals: { name: string; width: number }[]): IrExpr {
  const sub = (x: G) => toIr(x, signals);
  switch (g.k) {
    case 'leaf': {
      const type: IrType = { width: g.width, signed: g.signed };
      if (g.asConst) return { kind: 'const', value: BigInt(g.raw) & ((1n << BigInt(g.width)) - 1n), type };
      const s = signals[g.pick % signals.length];
      return fitTo(ref(s.name, U(s.width)), type);
    }
    case 'unary': {
      const a = sub(g.a);
      return { kind: 'unary', op: g.op, a, type: g.op === 'not' || g.op === 'neg' ? a.type : U(1) };
    }
    case 'binary': {
      const a = sub(g.a);
      let b = sub(g.b);
      if (g.op === 'shl' || g.op === 'shr') {
        b = fitTo(b, U(Math.min(g.amountBits, b.type.width)));
        return { kind: 'binary', op: g.op, a, b, type: a.type };
      }
      b = fitTo(b, a.type);
      return { kind: 'binary', op: g.op, a, b, type: COMPARE.has(g.op) ? U(1) : a.type };
    }
    case 'mux': {
      let cond = sub(g.cond);
      if (cond.type.width > 1) cond = { kind: 'unary', op: 'orr', a: cond, type: U(1) };
      const a = sub(g.a);
      return { kind: 'mux', cond, a, b: fitTo(sub(g.b), a.type), type: a.type };
    }
    case 'slice': {
      const a = sub(g.a);
      const lo = g.lo % a.type.width;
      const hi = lo + (g.len % (a.type.width - lo));
      return { kind: 'slice', a, hi, lo, type: U(hi - lo + 1) };
    }
    case 'cat': {
      const a = sub(g.a);
      if (a.type.width === 32) return a;
      let b = sub(g.b);
      if (a.type.width + b.type.width > 32) b = fitTo(b, U(32 - a.type.width));
      return { kind: 'cat', parts: [a, b], type: U(a.type.width + b.type.width) };
    }
    case 'ext': {
      const a = sub(g.a);
      const width = a.type.width + (g.extra % (33 - a.type.width));
      return { kind: g.sign ? 'sext' : 'zext', a, type: { width, signed: g.signed } };
    }
    case 'cast': {
      const a = sub(g.a);
      return { kind: 'cast', a, type: { width: a.type.width, signed: !a.type.signed } };
    }
  }
}

interface Spec {
  instances: number;
  widths: { x: number; s: number; t: number };
  /** The module's assignments in order: an output y<j> or an inner wire h<j>, reading the inputs and the earlier ones. */
  body: { gen: G; width: number; output: boolean }[];
  /** Instance i's t comes from top input t<shuffle[i]>. */
  shuffle: number[];
  cycles: number[][];
}

const specArb: fc.Arbitrary<Spec> = fc
  .record({
    instances: fc.integer({ min: MIN_KERNEL_INSTANCES, max: MIN_KERNEL_INSTANCES + 5 }),
    widths: fc.record({ x: widthArb, s: widthArb, t: widthArb }),
    body: fc.array(fc.record({ gen: gArb, width: widthArb, output: fc.boolean() }), { minLength: 1, maxLength: 5 }),
    shuffleKeys: fc.array(fc.nat(), { minLength: MIN_KERNEL_INSTANCES + 5, maxLength: MIN_KERNEL_INSTANCES + 5 }),
    steps: fc.integer({ min: 1, max: 8 }),
    seed: fc.nat(),
  })
  .map(({ instances, widths, body, shuffleKeys, steps, seed }) => {
    let x = seed + 1;
    // Values with edge patterns (0, all ones, the sign bit) as well as random ones.
    const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x);
    const value = (w: number) => {
      const m = 2 ** w - 1;
      const r = next() % 8;
      return r === 0 ? 0 : r === 1 ? m : r === 2 ? 2 ** (w - 1) : r === 3 ? 2 ** (w - 1) - 1 : (next() >>> 0) % (m + 1);
    };
    const inputWidths = [...Array(instances).fill(widths.x), widths.s, ...Array(instances).fill(widths.t)];
    const shuffle = Array.from({ length: instances }, (_, i) => i).sort((a, b) => shuffleKeys[a] - shuffleKeys[b] || a - b);
    // The last assignment is an output, so every design has something to observe.
    const fixed = body.map((b, j) => ({ ...b, output: b.output || j === body.length - 1 }));
    return { instances, widths, body: fixed, shuffle, cycles: Array.from({ length: steps }, () => inputWidths.map(value)) };
  });

function makeDesign(spec: Spec) {
  const { x, s, t } = spec.widths;
  const names = spec.body.map((b, j) => `${b.output ? 'y' : 'h'}${j}`);
  const exprs: IrExpr[] = [];
  spec.body.forEach((b, j) => {
    const readable = [{ name: 'x', width: x }, { name: 's', width: s }, { name: 't', width: t }, ...spec.body.slice(0, j).map((p, i) => ({ name: names[i], width: p.width }))];
    // xor with a constant: never a plain copy (which flattening would alias, leaving no loop).
    const e = fitTo(toIr(b.gen, readable), U(b.width));
    exprs.push({ kind: 'binary', op: 'xor', a: e, b: { kind: 'const', value: BigInt(j + 1) & ((1n << BigInt(b.width)) - 1n), type: U(b.width) }, type: U(b.width) });
  });
  const sub = irModule('Lanes', {
    ports: [input('x', U(x)), input('s', U(s)), input('t', U(t)), ...spec.body.flatMap((b, j) => (b.output ? [output(names[j], U(b.width))] : []))],
    wires: spec.body.flatMap((b, j) => (b.output ? [] : [{ name: names[j], type: U(b.width), loc: 'test' }])),
    assigns: exprs.map((expr, j) => ({ target: names[j], expr, loc: 'test' })),
  });
  const n = spec.instances;
  const outs = Array.from({ length: n }, (_, i) => spec.body.flatMap((b, j) => (b.output ? [{ name: `o${i}_${j}`, width: b.width, from: `u${i}.${names[j]}` }] : []))).flat();
  const top = irModule('Top', {
    ports: [...Array.from({ length: n }, (_, i) => input(`x${i}`, U(x))), input('s', U(s)), ...Array.from({ length: n }, (_, i) => input(`t${i}`, U(t))), ...outs.map((o) => output(o.name, U(o.width)))],
    instances: Array.from({ length: n }, (_, i) => ({ name: `u${i}`, module: 'Lanes', inputs: { x: ref(`x${i}`, U(x)), s: ref('s', U(s)), t: ref(`t${spec.shuffle[i]}`, U(t)) }, loc: 'test' })),
    assigns: outs.map((o) => ({ target: o.name, expr: ref(o.from, U(o.width)), loc: 'test' })),
  });
  return { ir: design(sub, top), names, exprs, outs };
}

/** What instance i's outputs are for one cycle's inputs (x0.., s, t0..), by the reference evaluator. */
function expected(spec: Spec, d: ReturnType<typeof makeDesign>, inputs: number[]): Map<string, bigint> {
  const n = spec.instances;
  const want = new Map<string, bigint>();
  for (let i = 0; i < n; i++) {
    const env = new Map<string, bigint>([['x', BigInt(inputs[i])], ['s', BigInt(inputs[n])], ['t', BigInt(inputs[n + 1 + spec.shuffle[i]])]]);
    d.exprs.forEach((e, j) => {
      const v = evalExpr(e, (name) => env.get(name)!);
      env.set(d.names[j], v);
      if (spec.body[j].output) want.set(`o${i}_${j}`, v);
    });
  }
  return want;
}

describe('comb loops as WebAssembly SIMD kernels', () => {
  test.prop([specArb], { numRuns: 150 })('compute what the IR means, on every output and cycle, and as the JavaScript loop does', (spec) => {
    const d = makeDesign(spec);
    for (const simd of [true, false]) {
      const sim = compileSim(d.ir, { evaluation: 'full', combLoopMinChars: 0, simd });
      // The property is about the kernel: it must be there (and absent with simd off).
      expect(sim.source.includes('$K.comb0('), 'a kernel in the generated code').toBe(simd);
      const n = spec.instances;
      const ins = [...Array.from({ length: n }, (_, i) => `x${i}`), 's', ...Array.from({ length: n }, (_, i) => `t${i}`)].map((name) => sim.portIndex(name));
      const outs = d.outs.map((o) => sim.portIndex(o.name));
      const columns = outs.map(() => new Float64Array(spec.cycles.length));
      sim.runRows(spec.cycles, ins, outs, d.outs.map((o) => o.width), columns, []);
      spec.cycles.forEach((inputs, c) => {
        const want = expected(spec, d, inputs);
        d.outs.forEach((o, k) => {
          const got = BigInt(columns[k][c]);
          if (got !== want.get(o.name)) expect(got, `simd ${simd}, cycle ${c}, ${o.name}; module body:\n${d.exprs.map((e, j) => `${d.names[j]} = ${show(e)}`).join('\n')}`).toBe(want.get(o.name));
        });
      });
    }
  });
});
