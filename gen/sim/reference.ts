// An independent reference evaluator for IR expressions, written straight
// from the op semantics in gen/ir.ts with plain BigInt arithmetic (mod, floor
// division, powers of two) and no code shared with the compiled simulator.
// Slow on purpose: the property tests compare the simulator against it.
import type { IrExpr } from '../ir.ts';

const pow2 = (n: number | bigint): bigint => 2n ** BigInt(n);

/** v modulo 2^w, in [0, 2^w). */
const wrap = (v: bigint, w: number): bigint => {
  const m = pow2(w);
  return ((v % m) + m) % m;
};

/** The w-bit pattern v read as two's complement. */
const toSigned = (v: bigint, w: number): bigint => (v >= pow2(w - 1) ? v - pow2(w) : v);

/** Floor division (BigInt `/` truncates toward zero). */
const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return (a % b !== 0n && a < 0n !== b < 0n) ? q - 1n : q;
};

const bit = (v: bigint, i: number): bigint => floorDiv(v, pow2(i)) % 2n;

/** Bitwise op on two w-bit patterns, bit by bit. */
const bitwise = (a: bigint, b: bigint, w: number, f: (x: bigint, y: bigint) => bigint): bigint => {
  let r = 0n;
  for (let i = 0; i < w; i++) r += f(bit(a, i), bit(b, i)) * pow2(i);
  return r;
};

const asBool = (c: boolean): bigint => (c ? 1n : 0n);

/** Evaluates `expr`; `env(name)` gives each ref's bit pattern. Returns the result's bit pattern. */
export function evalExpr(expr: IrExpr, env: (name: string) => bigint): bigint {
  const w = expr.type.width;
  const ev = (e: IrExpr) => evalExpr(e, env);
  switch (expr.kind) {
    case 'ref':
      return env(expr.name);
    case 'const':
      return expr.value;
    case 'cast':
    case 'zext':
      return ev(expr.a);
    case 'sext':
      return wrap(toSigned(ev(expr.a), expr.a.type.width), w);
    case 'slice':
      return floorDiv(ev(expr.a), pow2(expr.lo)) % pow2(w);
    case 'cat': {
      let r = 0n;
      for (const p of expr.parts) r = r * pow2(p.type.width) + ev(p);
      return r;
    }
    case 'mux':
      return ev(expr.cond) !== 0n ? ev(expr.a) : ev(expr.b);
    case 'unary':
      return unary(expr.op, ev(expr.a), expr.a.type.width, w);
    case 'binary':
      return binary(expr.op, ev(expr.a), ev(expr.b), expr.a.type.width, expr.a.type.signed, w);
  }
}

function unary(op: Extract<IrExpr, { kind: 'unary' }>['op'], a: bigint, wa: number, w: number): bigint {
  switch (op) {
    case 'not':
      return pow2(w) - 1n - a;
    case 'neg':
      return wrap(-a, w);
    case 'andr':
      return asBool(a === pow2(wa) - 1n);
    case 'orr':
      return asBool(a !== 0n);
    case 'xorr': {
      let ones = 0n;
      for (let i = 0; i < wa; i++) ones += bit(a, i);
      return ones % 2n;
    }
  }
}

function binary(op: Extract<IrExpr, { kind: 'binary' }>['op'], a: bigint, b: bigint, wa: number, signed: boolean, w: number): bigint {
  const num = (v: bigint) => (signed ? toSigned(v, wa) : v);
  switch (op) {
    case 'add':
      return wrap(a + b, w);
    case 'sub':
      return wrap(a - b, w);
    case 'mul':
      return wrap(a * b, w);
    case 'and':
      return bitwise(a, b, w, (x, y) => x * y);
    case 'or':
      return bitwise(a, b, w, (x, y) => (x + y > 0n ? 1n : 0n));
    case 'xor':
      return bitwise(a, b, w, (x, y) => (x + y) % 2n);
    case 'eq':
      return asBool(a === b);
    case 'neq':
      return asBool(a !== b);
    case 'lt':
      return asBool(num(a) < num(b));
    case 'le':
      return asBool(num(a) <= num(b));
    case 'gt':
      return asBool(num(a) > num(b));
    case 'ge':
      return asBool(num(a) >= num(b));
    case 'shl':
      // Bits shifted past the top are lost; an amount >= W leaves nothing.
      return b >= BigInt(w) ? 0n : wrap(a * pow2(b), w);
    case 'shr': {
      // Logical for unsigned a; arithmetic (floor division of the signed value) for signed a.
      const amount = b >= BigInt(w) ? BigInt(w) : b;
      return wrap(floorDiv(num(a), pow2(amount)), w);
    }
  }
}
