// Signals and the expression operators, with the width rules of docs/dsl.md:
// widening ops are exact (+, -, * never lose a bit), wrapping ops say so in
// their name, and nothing is ever truncated without an explicit call.
import type { IrExpr, IrType, BinaryOp, UnaryOp } from '../ir.ts';
import { fail } from './errors.ts';
import { GroundType, MAX_WIDTH, checkWidth } from './types.ts';

/** What a signal can be assigned as, if anything. */
export type Assignable =
  | { kind: 'wire' | 'output' | 'reg'; name: string; loc: string }
  | { kind: 'instance-input'; instance: string; port: string; loc: string };

/** Why a signal cannot be assigned: names its existing driver for the error message. */
export type DriverNote = string;

/** The module a signal belongs to; implemented by ModuleBuilder. */
export interface SignalOwner {
  readonly name: string;
  connect(target: Signal, value: SignalLike): void;
}

export type SignalLike = Signal | number | bigint | boolean;

let activeOwner: SignalOwner | undefined;

/** The module whose body is running now (signals may only be combined inside it). */
export function setActiveOwner(owner: SignalOwner | undefined): SignalOwner | undefined {
  const previous = activeOwner;
  activeOwner = owner;
  return previous;
}

function requireActive(what: string): SignalOwner {
  if (!activeOwner) fail(`${what} used outside a module body: build expressions inside module(..., (m) => { ... })`);
  return activeOwner;
}

function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** Smallest type that holds a JS integer literal, given the signedness it must have. */
function literalType(value: bigint, signed: boolean): IrType {
  if (!signed) {
    if (value < 0n) fail(`negative literal ${value} used as an unsigned value: use an SInt operand or .asSInt()`);
    return { width: Math.max(1, value.toString(2).length), signed: false };
  }
  const magnitude = value < 0n ? -value - 1n : value;
  return { width: magnitude === 0n ? 1 : magnitude.toString(2).length + 1, signed: true };
}

export function toBigInt(value: number | bigint | boolean): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    fail(`literal ${value} is not a safe integer: use a bigint (e.g. ${Math.trunc(value)}n)`);
  }
  return BigInt(value);
}

/** A constant expression with a checked width. */
export function constExpr(value: bigint, type: IrType): IrExpr {
  checkWidth(type.width, 'literal');
  const lo = type.signed ? -(1n << BigInt(type.width - 1)) : 0n;
  const hi = type.signed ? (1n << BigInt(type.width - 1)) - 1n : mask(type.width);
  if (value < lo || value > hi) {
    fail(`literal ${value} does not fit in ${type.signed ? 'SInt' : 'UInt'}(${type.width}) (range ${lo}..${hi})`);
  }
  return { kind: 'const', value: value & mask(type.width), type };
}

function extend(expr: IrExpr, width: number): IrExpr {
  if (width === expr.type.width) return expr;
  checkWidth(width, 'result');
  return { kind: expr.type.signed ? 'sext' : 'zext', a: expr, type: { width, signed: expr.type.signed } };
}

function describe(s: Signal): string {
  const t = `${s.type.signed ? 'SInt' : 'UInt'}(${s.type.width})`;
  return s.expr.kind === 'ref' ? `'${s.expr.name}' ${t}` : t;
}

export class Signal {
  constructor(
    readonly expr: IrExpr,
    readonly owner: SignalOwner,
    /** Set when the signal may appear on the left of .set(). */
    readonly assignable?: Assignable,
    /** Set when the signal is driven by something else, for "more than one driver" errors. */
    readonly drivenBy?: DriverNote,
  ) {}

  get type(): IrType {
    return this.expr.type;
  }
  get width(): number {
    return this.expr.type.width;
  }
  get signed(): boolean {
    return this.expr.type.signed;
  }
  get groundType(): GroundType {
    return new GroundType(this.width, this.signed);
  }

  /** Last-connect assignment (inside when/otherwise blocks: under that condition). */
  set(value: SignalLike): void {
    this.owner.connect(this, value);
  }

  // ---- operand handling -------------------------------------------------

  /** This signal's expression, checked to belong to the module being built. */
  private use(): IrExpr {
    return useIn(this, requireActive('an expression'));
  }

  /** Turns the other operand into an expression of this signal's signedness. */
  private operand(other: SignalLike, op: string): IrExpr {
    const owner = requireActive('an expression');
    if (other instanceof Signal) {
      const e = useIn(other, owner);
      if (e.type.signed !== this.signed) {
        fail(
          `${op}: operands differ in signedness (${describe(this)} and ${describe(other)}); ` +
            `convert one with .asSInt(), .toSInt() or .asUInt()`,
        );
      }
      return e;
    }
    const v = toBigInt(other);
    return constExpr(v, literalType(v, this.signed));
  }

  private make(expr: IrExpr): Signal {
    if (expr.type.width > MAX_WIDTH) fail(`result width ${expr.type.width} exceeds the limit of ${MAX_WIDTH}`);
    return new Signal(expr, requireActive('an expression'));
  }

  private binaryAt(op: BinaryOp, other: SignalLike, width: number, signed = this.signed): Signal {
    const a = this.use();
    const b = this.operand(other, op);
    return this.make({ kind: 'binary', op, a: extend(a, width), b: extend(b, width), type: { width, signed } });
  }

  private widths(other: SignalLike, op: string): number {
    return Math.max(this.width, this.operand(other, op).type.width);
  }

  // ---- arithmetic ---------------------------------------------------------

  /** Exact sum: width max(wa, wb) + 1. */
  add(other: SignalLike): Signal {
    return this.binaryAt('add', other, this.widths(other, 'add') + 1);
  }
  /** Sum modulo 2^max(wa, wb): the carry is dropped on purpose. */
  addWrap(other: SignalLike): Signal {
    return this.binaryAt('add', other, this.widths(other, 'addWrap'));
  }
  /** Exact difference: width max(wa, wb) + 1, always signed (UInt - UInt can be negative). */
  sub(other: SignalLike): Signal {
    const width = this.widths(other, 'sub') + 1;
    if (this.signed) return this.binaryAt('sub', other, width);
    const a = this.use();
    const b = this.operand(other, 'sub');
    const signed = (e: IrExpr): IrExpr => ({ kind: 'cast', a: extend(e, width), type: { width, signed: true } });
    return this.make({ kind: 'binary', op: 'sub', a: signed(a), b: signed(b), type: { width, signed: true } });
  }
  /** Difference modulo 2^max(wa, wb), same signedness as the operands. */
  subWrap(other: SignalLike): Signal {
    return this.binaryAt('sub', other, this.widths(other, 'subWrap'));
  }
  /** Exact product: width wa + wb. */
  mul(other: SignalLike): Signal {
    const b = this.operand(other, 'mul');
    return this.binaryAt('mul', other, this.width + b.type.width);
  }
  /** Product modulo 2^max(wa, wb). */
  mulWrap(other: SignalLike): Signal {
    return this.binaryAt('mul', other, this.widths(other, 'mulWrap'));
  }
  /** Exact negation: SInt(w + 1). */
  neg(): Signal {
    const width = this.width + 1;
    const a = this.use();
    const widened: IrExpr = this.signed
      ? extend(a, width)
      : { kind: 'cast', a: extend(a, width), type: { width, signed: true } };
    return this.make({ kind: 'unary', op: 'neg', a: widened, type: { width, signed: true } });
  }

  // ---- bitwise ------------------------------------------------------------

  /** Bitwise AND; the narrower operand is extended (zero or sign) to the wider width. */
  and(other: SignalLike): Signal {
    return this.binaryAt('and', other, this.widths(other, 'and'));
  }
  or(other: SignalLike): Signal {
    return this.binaryAt('or', other, this.widths(other, 'or'));
  }
  xor(other: SignalLike): Signal {
    return this.binaryAt('xor', other, this.widths(other, 'xor'));
  }
  not(): Signal {
    return this.make({ kind: 'unary', op: 'not', a: this.use(), type: this.type });
  }
  andR(): Signal {
    return this.make({ kind: 'unary', op: 'andr', a: this.use(), type: { width: 1, signed: false } });
  }
  orR(): Signal {
    return this.make({ kind: 'unary', op: 'orr', a: this.use(), type: { width: 1, signed: false } });
  }
  xorR(): Signal {
    return this.make({ kind: 'unary', op: 'xorr', a: this.use(), type: { width: 1, signed: false } });
  }

  // ---- shifts ---------------------------------------------------------------

  /** Left shift that keeps every bit: by a constant n the width grows by n; by a UInt(k) signal by 2^k - 1. */
  shl(amount: number | Signal): Signal {
    if (typeof amount === 'number') {
      checkShift(amount);
      if (amount === 0) return this.make(this.use());
      const zeros = constExpr(0n, { width: amount, signed: false });
      const joined: IrExpr = { kind: 'cat', parts: [this.use(), zeros], type: { width: this.width + amount, signed: false } };
      return this.make(this.signed ? { kind: 'cast', a: joined, type: { width: joined.type.width, signed: true } } : joined);
    }
    const amt = shiftAmount(amount);
    if (amt.type.width > 12) fail(`shl by a ${amt.type.width}-bit amount would grow the result by 2^${amt.type.width} bits: use .shlWrap()`);
    const width = this.width + Number(mask(amt.type.width));
    return this.make({ kind: 'binary', op: 'shl', a: extend(this.use(), width), b: amt, type: { width, signed: this.signed } });
  }
  /** Left shift modulo 2^w: bits shifted past the top are dropped on purpose. */
  shlWrap(amount: number | Signal): Signal {
    const amt = typeof amount === 'number' ? shiftConst(amount) : shiftAmount(amount);
    return this.make({ kind: 'binary', op: 'shl', a: this.use(), b: amt, type: this.type });
  }
  /** Right shift (arithmetic for SInt). By a constant n the width shrinks by n (to at least 1). */
  shr(amount: number | Signal): Signal {
    if (typeof amount === 'number') {
      checkShift(amount);
      if (amount === 0) return this.make(this.use());
      if (amount >= this.width) {
        return this.signed ? this.bit(this.width - 1).asSInt() : this.make(constExpr(0n, { width: 1, signed: false }));
      }
      const kept = this.bits(this.width - 1, amount);
      return this.signed ? kept.asSInt() : kept;
    }
    return this.make({ kind: 'binary', op: 'shr', a: this.use(), b: shiftAmount(amount), type: this.type });
  }

  // ---- comparisons --------------------------------------------------------

  private compare(op: BinaryOp, other: SignalLike): Signal {
    const width = this.widths(other, op);
    const a = extend(this.use(), width);
    const b = extend(this.operand(other, op), width);
    return this.make({ kind: 'binary', op, a, b, type: { width: 1, signed: false } });
  }
  eq(other: SignalLike): Signal {
    return this.compare('eq', other);
  }
  neq(other: SignalLike): Signal {
    return this.compare('neq', other);
  }
  lt(other: SignalLike): Signal {
    return this.compare('lt', other);
  }
  le(other: SignalLike): Signal {
    return this.compare('le', other);
  }
  gt(other: SignalLike): Signal {
    return this.compare('gt', other);
  }
  ge(other: SignalLike): Signal {
    return this.compare('ge', other);
  }

  // ---- bits and widths ----------------------------------------------------

  /** Bits hi..lo (inclusive), unsigned. */
  bits(hi: number, lo: number): Signal {
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width) {
      fail(`bits(${hi}, ${lo}) out of range for ${describe(this)}: need ${this.width - 1} >= hi >= lo >= 0`);
    }
    return this.make({ kind: 'slice', a: this.use(), hi, lo, type: { width: hi - lo + 1, signed: false } });
  }
  bit(index: number): Signal {
    return this.bits(index, index);
  }
  /** Zero-extend to a width >= the current one. */
  zext(width: number): Signal {
    return this.widen(width, 'zext');
  }
  /** Sign-extend to a width >= the current one. */
  sext(width: number): Signal {
    return this.widen(width, 'sext');
  }
  /** Extend by the signal's own signedness. */
  pad(width: number): Signal {
    return this.widen(width, this.signed ? 'sext' : 'zext');
  }
  private widen(width: number, kind: 'zext' | 'sext'): Signal {
    checkWidth(width, kind);
    if (width < this.width) fail(`${kind}(${width}) would narrow ${describe(this)}: use .trunc(${width}) to drop bits`);
    if (width === this.width) return this.make(this.use());
    return this.make({ kind, a: this.use(), type: { width, signed: this.signed } });
  }
  /** Keep the low `width` bits (explicit truncation), same signedness. */
  trunc(width: number): Signal {
    checkWidth(width, 'trunc');
    if (width > this.width) fail(`trunc(${width}) is wider than ${describe(this)}: use .pad(${width})`);
    if (width === this.width) return this.make(this.use());
    const low = this.bits(width - 1, 0);
    return this.signed ? low.asSInt() : low;
  }
  /** Reinterpret the same bits as signed. */
  asSInt(): Signal {
    return this.make(this.signed ? this.use() : { kind: 'cast', a: this.use(), type: { width: this.width, signed: true } });
  }
  /** Reinterpret the same bits as unsigned. */
  asUInt(): Signal {
    return this.make(this.signed ? { kind: 'cast', a: this.use(), type: { width: this.width, signed: false } } : this.use());
  }
  /** Value-preserving conversion of a UInt(w) to SInt(w + 1). */
  toSInt(): Signal {
    if (this.signed) return this.make(this.use());
    return this.zext(this.width + 1).asSInt();
  }
}

function checkShift(amount: number): void {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_WIDTH) fail(`invalid shift amount ${amount}`);
}

function shiftConst(amount: number): IrExpr {
  checkShift(amount);
  return constExpr(BigInt(amount), literalType(BigInt(amount), false));
}

function shiftAmount(amount: Signal): IrExpr {
  if (amount.signed) fail(`shift amount ${describe(amount)} must be unsigned`);
  return useIn(amount, requireActive('a shift'));
}

/** The signal's expression, after checking it belongs to `owner`. */
export function useIn(s: Signal, owner: SignalOwner): IrExpr {
  if (s.owner !== owner) {
    const name = s.expr.kind === 'ref' ? `'${s.expr.name}'` : 'an expression';
    fail(
      `${name} belongs to module '${s.owner.name}' and cannot be read inside module '${owner.name}': ` +
        `pass it through a port`,
    );
  }
  return s.expr;
}

/** Expression for a value of any accepted kind, as seen by module `owner`. */
export function exprOf(value: SignalLike, owner: SignalOwner, like?: IrType): IrExpr {
  if (value instanceof Signal) return useIn(value, owner);
  const v = toBigInt(value);
  return like ? constExpr(v, like) : constExpr(v, literalType(v, false));
}

export { extend, literalType, describe };

/** cond ? a : b, with a and b extended to the wider width (they must agree in signedness). */
export function mux(cond: SignalLike, a: SignalLike, b: SignalLike): Signal {
  const owner = requireActive('mux');
  const c = exprOf(cond, owner);
  if (c.type.width !== 1) fail(`mux condition must be 1 bit wide, got ${c.type.width} bits: compare it (e.g. .neq(0)) first`);
  const signed = (a instanceof Signal && a.signed) || (b instanceof Signal && b.signed);
  const ea = a instanceof Signal ? useIn(a, owner) : constExpr(toBigInt(a), literalType(toBigInt(a), signed));
  const eb = b instanceof Signal ? useIn(b, owner) : constExpr(toBigInt(b), literalType(toBigInt(b), signed));
  if (ea.type.signed !== eb.type.signed) fail('mux: the two values differ in signedness; convert one with .asSInt() or .asUInt()');
  const width = Math.max(ea.type.width, eb.type.width);
  return new Signal({ kind: 'mux', cond: c, a: extend(ea, width), b: extend(eb, width), type: { width, signed } }, owner);
}

/** Concatenation; the first argument becomes the most significant bits. */
export function cat(...parts: Signal[]): Signal {
  const owner = requireActive('cat');
  if (parts.length === 0) fail('cat needs at least one signal');
  const exprs = parts.map((p) => useIn(p, owner));
  const width = exprs.reduce((w, e) => w + e.type.width, 0);
  if (width > MAX_WIDTH) fail(`cat result width ${width} exceeds the limit of ${MAX_WIDTH}`);
  return new Signal({ kind: 'cat', parts: exprs, type: { width, signed: false } }, owner);
}

/** A literal of an explicit type: `lit(5, UInt(8))`. */
export function lit(value: number | bigint | boolean, type?: GroundType): Signal {
  const owner = requireActive('lit');
  const v = toBigInt(value);
  return new Signal(constExpr(v, type ? { width: type.width, signed: type.signed } : literalType(v, v < 0n)), owner);
}

/** Element `index` of a vector of signals, as a mux chain (out-of-range indices give element 0). */
export function pick(items: Signal[], index: Signal): Signal {
  if (items.length === 0) fail('pick from an empty vector');
  if (index.signed) fail('pick index must be unsigned');
  // A balanced tree of 2-way multiplexers on the index bits, lsb first: depth log2(n), not n (long
  // chains are slow to compile and to simulate). Indices past the end read items[0].
  const reachable = index.width >= 31 ? items.length : Math.min(items.length, 2 ** index.width);
  const levels = Math.max(0, Math.ceil(Math.log2(reachable)));
  let level = Array.from({ length: 2 ** levels }, (_, i) => (i < reachable ? items[i]! : items[0]!));
  for (let b = 0; b < levels; b++) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(level[i] === level[i + 1] ? level[i]! : mux(index.bit(b), level[i + 1]!, level[i]!));
    level = next;
  }
  // Index bits above the tree: any of them set means past the end.
  if (index.width > levels) {
    const high = index.bits(index.width - 1, levels).orR();
    return mux(high, items[0]!, level[0]!);
  }
  return level[0]!;
}

export type { UnaryOp };
