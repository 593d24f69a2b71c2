// Property: for random, well-formed IR expression trees (every op, widths
// 1..128 and beyond, both signednesses), the compiled simulator computes the
// same bit patterns as the independent BigInt reference evaluator, both
// combinationally and through a register.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { BinaryOp, IrExpr, IrType, UnaryOp } from '../ir.ts';
import { compileSim } from './compile.ts';
import { evalExpr } from './reference.ts';
import { assign, design, input, irModule, output, reg } from './ir-fixtures.ts';

// ---- A spec of an expression tree; toIr() turns it into valid IR. ----------

type Pattern = 'raw' | 'zero' | 'ones' | 'signMin' | 'signMax';
type Gen =
  | { kind: 'leaf'; width: number; signed: boolean; pattern: Pattern; raw: bigint; asConst: boolean }
  | { kind: 'unary'; op: UnaryOp; a: Gen }
  | { kind: 'binary'; op: BinaryOp; a: Gen; b: Gen; amountBits: number }
  | { kind: 'mux'; cond: Gen; a: Gen; b: Gen }
  | { kind: 'slice'; a: Gen; lo: number; len: number }
  | { kind: 'cat'; parts: Gen[] }
  | { kind: 'ext'; signExtend: boolean; signed: boolean; extra: number; a: Gen }
  | { kind: 'cast'; a: Gen };

const UNARY: UnaryOp[] = ['not', 'neg', 'andr', 'orr', 'xorr'];
const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'eq', 'neq', 'lt', 'le', 'gt', 'ge', 'shl', 'shr'];
const COMPARE = new Set<BinaryOp>(['eq', 'neq', 'lt', 'le', 'gt', 'ge']);
// Widths around the simulator's representation boundaries (32-bit numbers, 53-bit doubles, 64-bit words).
const EDGE_WIDTHS = [1, 2, 7, 8, 16, 31, 32, 33, 52, 53, 54, 63, 64, 65, 96, 127, 128];

const widthArb = fc.oneof(fc.constantFrom(...EDGE_WIDTHS), fc.integer({ min: 1, max: 128 }));

const { node: genArb } = fc.letrec<{ node: Gen }>((tie) => {
  const sub = tie('node') as fc.Arbitrary<Gen>;
  return {
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
      fc.record({
        kind: fc.constant('leaf' as const),
        width: widthArb,
        signed: fc.boolean(),
        pattern: fc.constantFrom<Pattern>('raw', 'raw', 'raw', 'zero', 'ones', 'signMin', 'signMax'),
        raw: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        asConst: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), a: sub }),
      {
        // 14 ops share this branch: weight it up so each op is drawn about as often as a unary op.
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('binary' as const),
          op: fc.constantFrom(...BINARY),
          a: sub,
          b: sub,
          amountBits: fc.integer({ min: 0, max: 8 }),
        }),
      },
      fc.record({ kind: fc.constant('mux' as const), cond: sub, a: sub, b: sub }),
      fc.record({ kind: fc.constant('slice' as const), a: sub, lo: fc.nat(200), len: fc.nat(200) }),
      fc.record({ kind: fc.constant('cat' as const), parts: fc.array(sub, { minLength: 1, maxLength: 4 }) }),
      fc.record({
        kind: fc.constant('ext' as const),
        signExtend: fc.boolean(),
        signed: fc.boolean(),
        extra: fc.oneof(fc.constantFrom(0, 1, 32), fc.integer({ min: 0, max: 40 })),
        a: sub,
      }),
      fc.record({ kind: fc.constant('cast' as const), a: sub }),
    ),
  };
});

interface Leaf {
  name: string;
  type: IrType;
  value: bigint;
}

/** `e` adapted to `type`: extended (by its own signedness) or truncated, then cast. */
function fitTo(e: IrExpr, type: IrType): IrExpr {
  let out = e;
  if (out.type.width < type.width) {
    out = { kind: out.type.signed ? 'sext' : 'zext', a: out, type: { width: type.width, signed: out.type.signed } };
  } else if (out.type.width > type.width) {
    out = { kind: 'slice', a: out, hi: type.width - 1, lo: 0, type: { width: type.width, signed: false } };
  }
  return out.type.signed === type.signed ? out : { kind: 'cast', a: out, type };
}

function leafValue(g: Extract<Gen, { kind: 'leaf' }>): bigint {
  const w = BigInt(g.width);
  switch (g.pattern) {
    case 'zero':
      return 0n;
    case 'ones':
      return (1n << w) - 1n;
    case 'signMin':
      return 1n << (w - 1n);
    case 'signMax':
      return (1n << (w - 1n)) - 1n;
    case 'raw':
      return g.raw & ((1n << w) - 1n);
  }
}

function toIr(g: Gen, leaves: Leaf[]): IrExpr {
  switch (g.kind) {
    case 'leaf': {
      const type = { width: g.width, signed: g.signed };
      const value = leafValue(g);
      if (g.asConst) return { kind: 'const', value, type };
      const name = `in${leaves.length}`;
      leaves.push({ name, type, value });
      return { kind: 'ref', name, type };
    }
    case 'unary': {
      const a = toIr(g.a, leaves);
      const type = g.op === 'not' || g.op === 'neg' ? a.type : { width: 1, signed: false };
      return { kind: 'unary', op: g.op, a, type };
    }
    case 'binary': {
      const a = toIr(g.a, leaves);
      let b = toIr(g.b, leaves);
      if (g.op === 'shl' || g.op === 'shr') {
        // Mostly small amounts, so shifts do not just shift everything out.
        if (g.amountBits > 0 && b.type.width > g.amountBits) b = fitTo(b, { width: g.amountBits, signed: false });
        if (b.type.signed) b = { kind: 'cast', a: b, type: { width: b.type.width, signed: false } };
        // Constant amounts take a different code path: keep them constant through the adaptation.
        if (isConstTree(b)) b = { kind: 'const', value: evalExpr(b, () => 0n), type: b.type };
        return { kind: 'binary', op: g.op, a, b, type: a.type };
      }
      b = fitTo(b, a.type);
      return { kind: 'binary', op: g.op, a, b, type: COMPARE.has(g.op) ? { width: 1, signed: false } : a.type };
    }
    case 'mux': {
      let cond = toIr(g.cond, leaves);
      if (cond.type.width > 1) cond = { kind: 'unary', op: 'orr', a: cond, type: { width: 1, signed: false } };
      const a = toIr(g.a, leaves);
      const b = fitTo(toIr(g.b, leaves), a.type);
      return { kind: 'mux', cond, a, b, type: a.type };
    }
    case 'slice': {
      const a = toIr(g.a, leaves);
      const lo = g.lo % a.type.width;
      const hi = lo + (g.len % (a.type.width - lo));
      return { kind: 'slice', a, hi, lo, type: { width: hi - lo + 1, signed: false } };
    }
    case 'cat': {
      const parts = g.parts.map((p) => toIr(p, leaves));
      return { kind: 'cat', parts, type: { width: parts.reduce((n, p) => n + p.type.width, 0), signed: false } };
    }
    case 'ext': {
      const a = toIr(g.a, leaves);
      return { kind: g.signExtend ? 'sext' : 'zext', a, type: { width: a.type.width + g.extra, signed: g.signed } };
    }
    case 'cast': {
      const a = toIr(g.a, leaves);
      return { kind: 'cast', a, type: { width: a.type.width, signed: !a.type.signed } };
    }
  }
}

const isConstTree = (e: IrExpr): boolean =>
  e.kind === 'const' || ((e.kind === 'slice' || e.kind === 'cast' || e.kind === 'zext' || e.kind === 'sext') && isConstTree(e.a));

/** Compact rendering for failure messages: op:width[s](operands). */
function show(e: IrExpr): string {
  const t = `${e.type.width}${e.type.signed ? 's' : ''}`;
  switch (e.kind) {
    case 'ref':
      return `${e.name}:${t}`;
    case 'const':
      return `0x${e.value.toString(16)}:${t}`;
    case 'unary':
    case 'zext':
    case 'sext':
    case 'cast':
      return `${'op' in e ? e.op : e.kind}:${t}(${show(e.a)})`;
    case 'slice':
      return `${show(e.a)}[${e.hi}:${e.lo}]`;
    case 'binary':
      return `${e.op}:${t}(${show(e.a)}, ${show(e.b)})`;
    case 'mux':
      return `mux:${t}(${show(e.cond)}, ${show(e.a)}, ${show(e.b)})`;
    case 'cat':
      return `cat:${t}(${e.parts.map(show).join(', ')})`;
  }
}

// ---- The property --------------------------------------------------------------

/** One design computing every expression on an output, directly and one register later. */
function check(gens: Gen[], options = { mix: true }): void {
  const leaves: Leaf[] = [];
  const exprs = gens.map((g) => toIr(g, leaves));
  // Outputs that combine neighbours reuse the same expression objects: shared subtrees.
  const mixed = !options.mix ? [] : exprs.slice(1).map((e, i): IrExpr => ({ kind: 'binary', op: 'xor', a: e, b: fitTo(exprs[i], e.type), type: e.type }));
  const all = [...exprs, ...mixed];
  const top = irModule('Exprs', {
    ports: [
      { name: 'clock', dir: 'input', type: { width: 1, signed: false }, loc: 'test', role: 'clock' },
      ...leaves.map((l) => input(l.name, l.type)),
      ...all.map((e, i) => output(`out${i}`, e.type)),
      ...all.map((e, i) => output(`late${i}`, e.type)),
    ],
    regs: all.map((e, i) => reg(`r${i}`, e.type, e)),
    assigns: [...all.map((e, i) => assign(`out${i}`, e)), ...all.map((e, i) => assign(`late${i}`, { kind: 'ref', name: `r${i}`, type: e.type }))],
  });
  const sim = compileSim(design(top));
  const values = new Map(leaves.map((l) => [l.name, l.value]));
  for (const l of leaves) sim.poke(l.name, l.value);
  const expected = all.map((e) => evalExpr(e, (n) => values.get(n)!));
  // Only a mismatch builds a message (with the expression and its inputs); expect() then reports it.
  const compare = (port: string) =>
    all.forEach((e, i) => {
      const got = sim.peek(`${port}${i}`);
      if (got === expected[i]) return;
      const used = new Set<string>();
      collectRefs(e, used);
      const inputs = leaves.filter((l) => used.has(l.name)).map((l) => `${l.name}=0x${l.value.toString(16)}`);
      expect(got, `${port}${i} = ${show(e)}\n  inputs: ${inputs.join(' ')}`).toBe(expected[i]);
    });
  compare('out');
  sim.step();
  compare('late');
}

function collectRefs(e: IrExpr, into: Set<string>): void {
  if (e.kind === 'ref') into.add(e.name);
  else if (e.kind === 'binary') (collectRefs(e.a, into), collectRefs(e.b, into));
  else if (e.kind === 'mux') [e.cond, e.a, e.b].forEach((x) => collectRefs(x, into));
  else if (e.kind === 'cat') e.parts.forEach((x) => collectRefs(x, into));
  else if (e.kind !== 'const') collectRefs(e.a, into);
}

describe('compiled expressions agree with the reference evaluator', () => {
  test.prop([fc.array(genArb, { minLength: 1, maxLength: 8 })], { numRuns: 500 })('random expression trees', (gens) => {
    check(gens);
  });

});

// Exhaustive over the representation boundaries (sampling would miss single combinations).
describe('boundary widths, exhaustively', () => {
  const leaf = (width: number, signed: boolean, pattern: Pattern, asConst = false): Gen => ({
    kind: 'leaf',
    width,
    signed,
    pattern,
    raw: 0xf123456789abcdef8123456789abcdefn,
    asConst,
  });

  test.each(BINARY.filter((op) => op !== 'shl' && op !== 'shr'))('%s on extreme values', (op) => {
    for (const signed of [false, true]) {
      const gens: Gen[] = [];
      for (const wa of EDGE_WIDTHS) {
        for (const wb of EDGE_WIDTHS) {
          for (const [pa, pb] of [['ones', 'signMin'], ['signMin', 'ones'], ['signMax', 'signMin'], ['raw', 'ones']] as [Pattern, Pattern][]) {
            gens.push({ kind: 'binary', op, a: leaf(wa, signed, pa), b: leaf(wb, signed, pb), amountBits: 0 });
          }
        }
      }
      check(gens, { mix: false });
    }
  });

  test.each(['shl', 'shr'] as const)('%s by every amount around the width, constant and dynamic', (op) => {
    for (const signed of [false, true]) {
      const gens: Gen[] = [];
      for (const w of EDGE_WIDTHS) {
        for (const amountWidth of [1, 3, 6, 7, 40, 64]) {
          for (const asConst of [false, true]) {
            const amounts = new Set([0, 1, 2, 31, 32, 33, w - 1, w, w + 1, 2 ** amountWidth - 1].filter((k) => k >= 0 && k < 2 ** amountWidth));
            for (const k of amounts) {
              const amount: Gen = { kind: 'leaf', width: amountWidth, signed: false, pattern: 'raw', raw: BigInt(k), asConst };
              gens.push({ kind: 'binary', op, a: leaf(w, signed, 'raw'), b: amount, amountBits: 0 });
            }
          }
        }
      }
      check(gens, { mix: false });
    }
  });

  test.each(['unary', 'ext', 'slice'] as const)('%s at every boundary width', (kind) => {
    const gens: Gen[] = [];
    for (const w of EDGE_WIDTHS) {
      for (const signed of [false, true]) {
        for (const pattern of ['ones', 'signMin', 'signMax', 'raw'] as Pattern[]) {
          const a = leaf(w, signed, pattern);
          if (kind === 'unary') for (const op of UNARY) gens.push({ kind, op, a });
          if (kind === 'ext') for (const extra of [0, 1, 31, 32, 33, 64]) for (const signExtend of [false, true]) gens.push({ kind, signExtend, signed, extra, a });
          if (kind === 'slice') for (const lo of [0, 1, 31, 32, 33, 63, 64]) for (const len of [1, 31, 32, 33, 64, 200]) gens.push({ kind, a, lo, len });
        }
      }
    }
    check(gens, { mix: false });
  });
});
