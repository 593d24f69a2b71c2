// Random, well-formed IR expression trees for property tests: every op,
// widths 1..128 and beyond, both signednesses. A tree is generated as a small
// spec (`Gen`) that shrinks well, and turned into valid IR by toIr().
import fc from 'fast-check';
import type { BinaryOp, IrExpr, IrType, UnaryOp } from '../ir.ts';
import { evalExpr } from './reference.ts';

export type Pattern = 'raw' | 'zero' | 'ones' | 'signMin' | 'signMax';
export type Gen =
  | { kind: 'leaf'; width: number; signed: boolean; pattern: Pattern; raw: bigint; asConst: boolean }
  | { kind: 'unary'; op: UnaryOp; a: Gen }
  | { kind: 'binary'; op: BinaryOp; a: Gen; b: Gen; amountBits: number }
  | { kind: 'mux'; cond: Gen; a: Gen; b: Gen }
  | { kind: 'slice'; a: Gen; lo: number; len: number }
  | { kind: 'cat'; parts: Gen[] }
  | { kind: 'ext'; signExtend: boolean; signed: boolean; extra: number; a: Gen }
  | { kind: 'cast'; a: Gen };

export const UNARY: UnaryOp[] = ['not', 'neg', 'andr', 'orr', 'xorr'];
export const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'eq', 'neq', 'lt', 'le', 'gt', 'ge', 'shl', 'shr'];
const COMPARE = new Set<BinaryOp>(['eq', 'neq', 'lt', 'le', 'gt', 'ge']);
// Widths around the simulator's representation boundaries (32-bit numbers, 53-bit doubles, 64-bit words).
export const EDGE_WIDTHS = [1, 2, 7, 8, 16, 31, 32, 33, 52, 53, 54, 63, 64, 65, 96, 127, 128];

const widthArb = fc.oneof(fc.constantFrom(...EDGE_WIDTHS), fc.integer({ min: 1, max: 128 }));

export const { node: genArb } = fc.letrec<{ node: Gen }>((tie) => {
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

export interface Leaf {
  name: string;
  type: IrType;
  value: bigint;
}

/** `e` adapted to `type`: extended (by its own signedness) or truncated, then cast. */
export function fitTo(e: IrExpr, type: IrType): IrExpr {
  let out = e;
  if (out.type.width < type.width) {
    out = { kind: out.type.signed ? 'sext' : 'zext', a: out, type: { width: type.width, signed: out.type.signed } };
  } else if (out.type.width > type.width) {
    out = { kind: 'slice', a: out, hi: type.width - 1, lo: 0, type: { width: type.width, signed: false } };
  }
  return out.type.signed === type.signed ? out : { kind: 'cast', a: out, type };
}

export function leafValue(g: Extract<Gen, { kind: 'leaf' }>): bigint {
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

export function toIr(g: Gen, leaves: Leaf[], inputLeaf?: (g: Extract<Gen, { kind: 'leaf' }>) => IrExpr): IrExpr {
  const sub = (x: Gen) => toIr(x, leaves, inputLeaf);
  switch (g.kind) {
    case 'leaf': {
      const type = { width: g.width, signed: g.signed };
      const value = leafValue(g);
      if (g.asConst) return { kind: 'const', value, type };
      // Designs with a fixed set of input ports map the leaf onto one of them.
      if (inputLeaf) return inputLeaf(g);
      const name = `in${leaves.length}`;
      leaves.push({ name, type, value });
      return { kind: 'ref', name, type };
    }
    case 'unary': {
      const a = sub(g.a);
      const type = g.op === 'not' || g.op === 'neg' ? a.type : { width: 1, signed: false };
      return { kind: 'unary', op: g.op, a, type };
    }
    case 'binary': {
      const a = sub(g.a);
      let b = sub(g.b);
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
      let cond = sub(g.cond);
      if (cond.type.width > 1) cond = { kind: 'unary', op: 'orr', a: cond, type: { width: 1, signed: false } };
      const a = sub(g.a);
      const b = fitTo(sub(g.b), a.type);
      return { kind: 'mux', cond, a, b, type: a.type };
    }
    case 'slice': {
      const a = sub(g.a);
      const lo = g.lo % a.type.width;
      const hi = lo + (g.len % (a.type.width - lo));
      return { kind: 'slice', a, hi, lo, type: { width: hi - lo + 1, signed: false } };
    }
    case 'cat': {
      const parts = g.parts.map(sub);
      return { kind: 'cat', parts, type: { width: parts.reduce((n, p) => n + p.type.width, 0), signed: false } };
    }
    case 'ext': {
      const a = sub(g.a);
      return { kind: g.signExtend ? 'sext' : 'zext', a, type: { width: a.type.width + g.extra, signed: g.signed } };
    }
    case 'cast': {
      const a = sub(g.a);
      return { kind: 'cast', a, type: { width: a.type.width, signed: !a.type.signed } };
    }
  }
}

export const isConstTree = (e: IrExpr): boolean =>
  e.kind === 'const' || ((e.kind === 'slice' || e.kind === 'cast' || e.kind === 'zext' || e.kind === 'sext') && isConstTree(e.a));

/** Compact rendering for failure messages: op:width[s](operands). */
export function show(e: IrExpr): string {
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

