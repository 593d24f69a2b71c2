// Slicing without temporaries: bits [hi:lo] of many expressions can be
// computed from bits of their operands, so `(a + b)[7:0]` is emitted as
// `a[7:0] + b[7:0]` and `{x, y}[11:4]` as `{x[3:0], y[7:4]}` instead of
// computing the whole value into a temporary wire and slicing that. This
// keeps the common "exact op, then .trunc()" and "pack, then unpack"
// patterns readable.
//
// Exact for any range: and/or/xor/not, mux values, cat, zext, sext, cast,
// slice. Exact for low ranges (lo = 0) only: add/sub/mul/neg and the
// shifted operand of shl (low result bits depend only on low operand bits).
// Never: shr, comparisons, reductions.
import type { IrExpr, IrType } from '../ir.ts';

const mask = (w: number) => (1n << BigInt(w)) - 1n;
const MAX_NESTING = 100;

const ANY_RANGE = new Set(['and', 'or', 'xor', 'not']);
const LOW_RANGE = new Set(['add', 'sub', 'mul', 'neg', 'shl']);

/**
 * An expression equal to bits [hi:lo] of `e`, of type UInt(hi-lo+1) like the
 * slice it replaces, or undefined when `e` itself cannot be sliced this way.
 * `opaque(x)` marks nodes that get a wire of their own anyway: slicing stops
 * there (and slices that wire).
 */
export function sliceOf(e: IrExpr, hi: number, lo: number, opaque: (x: IrExpr) => boolean): IrExpr | undefined {
  if ((lo === 0 && hi === e.type.width - 1) || opaque(e) || !distributes(e, lo)) return undefined;
  return asType(slice(e, hi, lo, opaque, 0), { width: hi - lo + 1, signed: false });
}

/** Whether bits [hi:lo] of `e` can be computed from bits of its operands. */
function distributes(e: IrExpr, lo: number): boolean {
  switch (e.kind) {
    case 'binary':
    case 'unary':
      return ANY_RANGE.has(e.op) || (lo === 0 && LOW_RANGE.has(e.op));
    case 'ref':
      return false; // a ref is part-selected directly
    default:
      return true;
  }
}

function asType(e: IrExpr, type: IrType): IrExpr {
  return e.type.signed === type.signed ? e : { kind: 'cast', a: e, type };
}

const plainSlice = (e: IrExpr, hi: number, lo: number): IrExpr =>
  lo === 0 && hi === e.type.width - 1 ? e : { kind: 'slice', a: e, hi, lo, type: { width: hi - lo + 1, signed: false } };

/** Bits [hi:lo] of e (any signedness). */
function slice(e: IrExpr, hi: number, lo: number, opaque: (x: IrExpr) => boolean, nesting: number): IrExpr {
  const w = hi - lo + 1;
  if (lo === 0 && hi === e.type.width - 1) return e;
  if (e.kind === 'const') return { kind: 'const', value: (e.value >> BigInt(lo)) & mask(w), type: { width: w, signed: false } };
  if (nesting > MAX_NESTING || opaque(e) || !distributes(e, lo)) return plainSlice(e, hi, lo);
  const t: IrType = { width: w, signed: e.type.signed };
  const sub = (x: IrExpr, h = hi, l = lo) => slice(x, h, l, opaque, nesting + 1);
  switch (e.kind) {
    case 'binary':
      if (e.op === 'shl') return { ...e, a: sub(e.a), type: t };
      return { ...e, a: sub(e.a), b: sub(e.b), type: t };
    case 'unary':
      return { ...e, a: sub(e.a), type: t };
    case 'mux':
      return { ...e, a: sub(e.a), b: sub(e.b), type: t };
    case 'cast':
      return sub(e.a);
    case 'slice':
      return sub(e.a, e.lo + hi, e.lo + lo);
    case 'zext':
    case 'sext': {
      const aw = e.a.type.width;
      if (hi < aw) return sub(e.a);
      if (e.kind === 'zext' && lo >= aw) return { kind: 'const', value: 0n, type: { width: w, signed: false } };
      // The range reaches into the extension: extend the part of the operand it covers.
      const from = Math.min(lo, aw - 1);
      const kept = sub(e.a, aw - 1, from);
      const covered = aw - from;
      if (e.kind === 'sext' && lo >= aw) return { kind: 'sext', a: kept, type: { width: w, signed: kept.type.signed } };
      return covered === w ? kept : { kind: e.kind, a: kept, type: { width: w, signed: kept.type.signed } };
    }
    case 'cat': {
      // Parts from the least significant end, keeping those that overlap [hi:lo].
      const kept: IrExpr[] = [];
      let base = 0;
      for (let i = e.parts.length - 1; i >= 0 && base <= hi; i--) {
        const p = e.parts[i];
        const top = base + p.type.width - 1;
        if (top >= lo) kept.unshift(sub(p, Math.min(hi, top) - base, Math.max(lo, base) - base));
        base = top + 1;
      }
      return kept.length === 1 ? kept[0] : { kind: 'cat', parts: kept, type: { width: w, signed: false } };
    }
    default:
      return plainSlice(e, hi, lo);
  }
}
