// Exact simplifications and constant folding applied just before printing.
// They keep `& 1'b1` and
// friends out of the Verilog and, more importantly, keep Verilator -Wall
// quiet: Verilator constant-propagates `x & 0` and then reports the
// comparison that became constant (CMPCONST / UNSIGNED), and it rejects
// constant shift amounts of 2^32 and more. Every rule preserves the node's
// type and its value at that width.
//
// Folding is done here rather than with gen/passes/fold.ts so that the
// emitter's exactness does not depend on another pass (and because that
// pass folds `sext` of an unsigned constant as a zero-extension).
import type { IrExpr, IrModule, IrType } from '../ir.ts';
import { mapExpr, mapModuleExprs } from '../passes/walk.ts';

const mask = (w: number) => (1n << BigInt(w)) - 1n;

/** Bottom-up, so every node sees its operands already simplified. */
export function simplifyModule(m: IrModule): IrModule {
  const memo = new Map<IrExpr, IrExpr>();
  return mapModuleExprs(m, (e) => mapExpr(e, (x) => simplifyNode(foldNode(x)), memo));
}

const constant = (value: bigint, type: IrType): IrExpr => ({ kind: 'const', value: value & mask(type.width), type });

/** `x` with the type of the node it replaces (same width; a cast if the signedness differs). */
function as(x: IrExpr, type: IrType): IrExpr {
  return x.type.signed === type.signed ? x : { kind: 'cast', a: x, type };
}

function constValue(e: IrExpr): bigint | undefined {
  if (e.kind === 'const') return e.value;
  if (e.kind === 'cast') return constValue(e.a);
  return undefined;
}

export function simplifyNode(e: IrExpr): IrExpr {
  if (e.kind === 'unary' || e.kind === 'zext' || e.kind === 'sext' || e.kind === 'cast') return simplifyUnary(e);
  if (e.kind === 'mux') {
    const c = constValue(e.cond);
    return c === undefined ? e : as(c !== 0n ? e.a : e.b, e.type);
  }
  if (e.kind !== 'binary') return e;
  const t = e.type;
  const a = constValue(e.a);
  const b = constValue(e.b);
  if (a !== undefined && b !== undefined) return e; // folded already
  if (e.a === e.b) return sameOperands(e) ?? e;
  const ones = mask(t.width);
  const other = a !== undefined ? e.b : e.a;
  const k = a ?? b;
  switch (e.op) {
    case 'and':
      if (k === 0n) return constant(0n, t);
      if (k === ones) return as(other, t);
      return e;
    case 'or':
      if (k === ones) return constant(ones, t);
      if (k === 0n) return as(other, t);
      return e;
    case 'xor':
      return k === 0n ? as(other, t) : e;
    case 'add':
      return k === 0n ? as(other, t) : e;
    case 'sub':
      return b === 0n ? as(e.a, t) : e;
    case 'mul':
      if (k === 0n) return constant(0n, t);
      if (k === 1n) return as(other, t);
      return e;
    case 'shl':
    case 'shr':
      if (a === 0n) return constant(0n, t);
      if (b !== undefined) return constantShift(e, b);
      return e.b.type.width > 32 ? narrowShiftAmount(e) : e;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return constantComparison(e, a, b) ?? e;
    default:
      return e;
  }
}

/** Reductions of one bit, double negation, nested extensions and casts. */
function simplifyUnary(e: IrExpr & { kind: 'unary' | 'zext' | 'sext' | 'cast' }): IrExpr {
  const a = e.a;
  if (e.kind === 'unary') {
    if (e.op !== 'not' && e.op !== 'neg' && a.type.width === 1) return as(a, e.type);
    if (e.op === 'not' && a.kind === 'unary' && a.op === 'not') return as(a.a, e.type);
    return e;
  }
  if (e.kind === 'cast') return a.kind === 'cast' ? as(a.a, e.type) : e;
  if (a.type.width === e.type.width) return as(a, e.type);
  // zext(zext(x)) and sext(sext(x)) are one extension of x; so is sext of a
  // strict zext (its top bit is 0). zext(sext(x)) is not.
  const strict = (a.kind === 'zext' || a.kind === 'sext') && a.a.type.width < a.type.width;
  if (strict && (a.kind === e.kind || a.kind === 'zext')) return { kind: a.kind, a: (a as { a: IrExpr }).a, type: e.type };
  return e;
}

/** `x ^ x`, `x - x`, `x == x`, ...: the result does not depend on x. */
function sameOperands(e: IrExpr & { kind: 'binary' }): IrExpr | undefined {
  switch (e.op) {
    case 'xor':
    case 'sub':
    case 'neq':
    case 'lt':
    case 'gt':
      return constant(0n, e.type);
    case 'eq':
    case 'le':
    case 'ge':
      return constant(1n, e.type);
    case 'and':
    case 'or':
      return as(e.a, e.type);
    default:
      return undefined;
  }
}

/** What shifting by W or more leaves: 0, or W copies of the sign bit for an arithmetic shift. */
function overflowed(e: IrExpr & { kind: 'binary' }): IrExpr {
  const w = e.type.width;
  if (e.op === 'shl' || !e.a.type.signed) return constant(0n, e.type);
  const msb: IrExpr = { kind: 'slice', a: e.a, hi: w - 1, lo: w - 1, type: { width: 1, signed: false } };
  return { kind: 'sext', a: msb, type: e.type };
}

/**
 * Verilator rejects shift amounts of 2^32 and more once it has
 * constant-propagated them, so amounts wider than 32 bits are split: any
 * upper bit set means the amount exceeds every width (<= 4096).
 */
function narrowShiftAmount(e: IrExpr & { kind: 'binary' }): IrExpr {
  const bw = e.b.type.width;
  const upper: IrExpr = { kind: 'slice', a: e.b, hi: bw - 1, lo: 32, type: { width: bw - 32, signed: false } };
  const low: IrExpr = { kind: 'slice', a: e.b, hi: 31, lo: 0, type: { width: 32, signed: false } };
  const any: IrExpr = { kind: 'unary', op: 'orr', a: upper, type: { width: 1, signed: false } };
  return { kind: 'mux', cond: any, a: overflowed(e), b: { ...e, b: low }, type: e.type };
}

/** A shift by a constant: trivial amounts disappear, others get a literal just wide enough. */
function constantShift(e: IrExpr & { kind: 'binary' }, amount: bigint): IrExpr {
  const w = e.type.width;
  if (amount === 0n) return as(e.a, e.type);
  if (amount >= BigInt(w)) return overflowed(e);
  const width = amount.toString(2).length;
  if (e.b.kind === 'const' && e.b.type.width === width) return e;
  return { ...e, b: { kind: 'const', value: amount, type: { width, signed: false } } };
}

/** A comparison with the end of the other operand's range has a constant result (bit patterns compared). */
function constantComparison(e: IrExpr & { kind: 'binary' }, a: bigint | undefined, b: bigint | undefined): IrExpr | undefined {
  const w = e.a.type.width;
  const signed = e.a.type.signed;
  const min = signed ? 1n << BigInt(w - 1) : 0n;
  const max = signed ? (1n << BigInt(w - 1)) - 1n : mask(w);
  const result = (v: bigint) => constant(v, e.type);
  if (b !== undefined) {
    if (b === min && e.op === 'lt') return result(0n);
    if (b === min && e.op === 'ge') return result(1n);
    if (b === max && e.op === 'le') return result(1n);
    if (b === max && e.op === 'gt') return result(0n);
  } else if (a !== undefined) {
    if (a === min && e.op === 'gt') return result(0n);
    if (a === min && e.op === 'le') return result(1n);
    if (a === max && e.op === 'ge') return result(1n);
    if (a === max && e.op === 'lt') return result(0n);
  }
  return undefined;
}

const toSigned = (v: bigint, w: number) => ((v >> BigInt(w - 1)) & 1n ? v - (1n << BigInt(w)) : v);

/** A node whose operands are all constants, as a constant (gen/ir.ts semantics); other nodes unchanged. */
export function foldNode(e: IrExpr): IrExpr {
  const t = e.type;
  const w = t.width;
  switch (e.kind) {
    case 'ref':
    case 'const':
      return e;
    case 'unary': {
      const a = constValue(e.a);
      if (a === undefined) return e;
      const aw = e.a.type.width;
      const v = { not: ~a, neg: -a, andr: a === mask(aw) ? 1n : 0n, orr: a !== 0n ? 1n : 0n, xorr: BigInt(a.toString(2).split('1').length - 1) & 1n }[e.op];
      return constant(v, t);
    }
    case 'binary': {
      const a = constValue(e.a);
      const b = constValue(e.b);
      if (a === undefined || b === undefined) return e;
      const sa = e.a.type.signed ? toSigned(a, e.a.type.width) : a;
      const sb = e.b.type.signed ? toSigned(b, e.b.type.width) : b;
      const bool = (x: boolean) => (x ? 1n : 0n);
      const shift = b >= BigInt(w) ? BigInt(w) : b;
      const v = {
        add: a + b, sub: a - b, mul: a * b, and: a & b, or: a | b, xor: a ^ b,
        eq: bool(a === b), neq: bool(a !== b), lt: bool(sa < sb), le: bool(sa <= sb), gt: bool(sa > sb), ge: bool(sa >= sb),
        shl: shift >= BigInt(w) ? 0n : a << shift,
        shr: e.a.type.signed ? toSigned(a, w) >> shift : a >> shift,
      }[e.op];
      return constant(v, t);
    }
    case 'mux':
      return e; // simplifyNode takes the arm
    case 'slice': {
      const a = constValue(e.a);
      return a === undefined ? e : constant(a >> BigInt(e.lo), t);
    }
    case 'cat': {
      const parts = e.parts.map(constValue);
      if (parts.some((p) => p === undefined)) return e;
      return constant(parts.reduce<bigint>((acc, p, i) => (acc << BigInt(e.parts[i].type.width)) | p!, 0n), t);
    }
    case 'zext':
    case 'cast': {
      const a = constValue(e.a);
      return a === undefined ? e : constant(a, t);
    }
    case 'sext': {
      const a = constValue(e.a);
      return a === undefined ? e : constant(toSigned(a, e.a.type.width), t);
    }
  }
}
