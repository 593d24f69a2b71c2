// A comb template's loop (comb-templates.ts) as a WebAssembly SIMD function: four instances per
// step, one in each i32x4 lane. The crossbar's 32 ADC lanes (two hashes, two noisy reads and an
// accumulation each) ran 1.34x faster this way than as the JavaScript loop, whose code V8
// already compiles to about what a C compiler makes of it (docs/bench.md); scalar WebAssembly
// gained nothing (1.02x). It computes exactly what comb-template-code.ts's loop computes, on
// the same state array ($s, then a view of the module's memory).
//
// What it handles: every value at most 32 bits wide (anything else keeps the JavaScript loop:
// laneKernel returns undefined). Shifts by an amount that differs between instances go lane
// by lane.
//
// Values are kept as in the JavaScript simulator: the unsigned bit pattern in the low W bits of
// a lane, the bits above zero. Each instance's signals are reached as the JavaScript loop
// reaches them: at a fixed distance from the instance's base slot, through its row of the
// frame table, or at one slot all instances share.
import type { IrExpr } from '../../ir.ts';
import type { FlatDesign, Scope } from '../flatten.ts';
import type { CombTemplate } from '../comb-templates.ts';
import { addUses, operands } from '../../passes/walk.ts';
import { Code, Op, Simd, type WasmFunction } from './encode.ts';

/** Instances per step: the lanes of an i32x4. */
export const LANES = 4;

/**
 * Fewer instances keep the JavaScript loop: each step gathers and scatters every value lane by
 * lane, and a call into WebAssembly costs more than a loop iteration. Measured A/B in one process
 * (full evaluation, kernels against JavaScript loops): the tile's groups of 4 ran 0.89-1.00x,
 * the chip's groups of 8 1.02-1.03x, the crossbar's 32 ADC lanes 1.35x.
 */
export const MIN_KERNEL_INSTANCES = 8;

export interface LaneKernel {
  fn: WasmFunction;
  /**
   * The frame table, placed in the module's memory (4-byte words) at the byte address the
   * function gets as its parameter: per instance (the last one repeated up to a multiple of
   * LANES) its base byte address, then the byte addresses of the columns reached through it.
   */
  table: number[];
}

type Access = { kind: 'shared'; byte: number } | { kind: 'base'; offset: number } | { kind: 'table'; word: number };

class Ineligible extends Error {}

/** Deeper expressions keep the JavaScript loop (the lowering recurses). */
const MAX_DEPTH = 300;

// Locals: parameter 0 the table's address; then the row pointer, the end, the lane bases, a scalar scratch; then the vectors.
const P_TABLE = 0;
const L_ROW = 1;
const L_END = 2;
const L_BASE = 3; // .. L_BASE + LANES - 1
const L_AMOUNT = L_BASE + LANES;
const I32_LOCALS = L_AMOUNT; // declared i32 locals after the parameter
const FIRST_V128 = 1 + I32_LOCALS;

const mask = (w: number) => (w >= 32 ? -1 : 2 ** w - 1) | 0;
const COMPARE: Record<string, { u: number; s: number }> = {
  eq: { u: Simd.eq, s: Simd.eq },
  neq: { u: Simd.ne, s: Simd.ne },
  lt: { u: Simd.ltU, s: Simd.ltS },
  le: { u: Simd.leU, s: Simd.leS },
  gt: { u: Simd.gtU, s: Simd.gtS },
  ge: { u: Simd.geU, s: Simd.geS },
};

/** The kernel of template `t`, or undefined when it uses something the lowering does not handle. `stored(k)`: whether column k's value goes to its slot. */
export function laneKernel(flat: FlatDesign, t: CombTemplate, name: string, slotOf: (signal: number) => number, stored: (column: number) => boolean): LaneKernel | undefined {
  if (t.instances.length < MIN_KERNEL_INSTANCES) return undefined;
  try {
    return new KernelBuilder(flat, t, slotOf).build(name, stored);
  } catch (e) {
    if (e instanceof Ineligible) return undefined;
    throw e;
  }
}

class KernelBuilder {
  private readonly code = new Code();
  private readonly access: Access[];
  private readonly rowWords: number;
  private readonly bias: number;
  private readonly baseSlots: number[];
  private readonly tableColumns: number[];
  private v128Count = 0;
  /** Column -> the local holding its value in the current step (read, or assigned earlier in the body). */
  private readonly columnLocal = new Map<number, number>();
  private readonly memo = new Map<Scope, Map<IrExpr, number>>();
  private readonly uses = new Map<Scope, Map<IrExpr, number>>();
  private readonly columnScopes = new Map<Scope, Scope>();

  constructor(
    private readonly flat: FlatDesign,
    private readonly t: CombTemplate,
    private readonly slotOf: (signal: number) => number,
  ) {
    const slots = t.columns.map((c) => c.map(slotOf));
    this.baseSlots = slots[t.targetColumn[0]];
    const b = this.baseSlots;
    this.tableColumns = [];
    const raw = slots.map((c, k): Access => {
      if (c.every((s) => s === c[0])) return { kind: 'shared', byte: 4 * c[0] };
      const d = c[0] - b[0];
      if (c.every((s, i) => s - b[i] === d)) return { kind: 'base', offset: 4 * d };
      this.tableColumns.push(k);
      return { kind: 'table', word: this.tableColumns.length };
    });
    // Memory offsets are unsigned: the bases sit below the lowest slot an instance reaches from them.
    this.bias = Math.max(0, ...raw.map((a) => (a.kind === 'base' ? -a.offset : 0)));
    this.access = raw.map((a) => (a.kind === 'base' ? { kind: 'base', offset: a.offset + this.bias } : a));
    this.rowWords = 1 + this.tableColumns.length;
  }

  build(name: string, stored: (column: number) => boolean): LaneKernel {
    const t = this.t;
    for (const c of t.columns) if (this.flat.signals[c[0]].type.width > 32) throw new Ineligible();
    const first = t.assigns[0];
    for (const a of first) this.countUses(a.expr, a.scope);
    const c = this.code;
    const n = Math.ceil(t.instances.length / LANES) * LANES;
    const groupBytes = 4 * LANES * this.rowWords;
    // for (row = table; row < table + steps * groupBytes; row += groupBytes)
    c.op(Op.localGet, P_TABLE, Op.localSet, L_ROW);
    c.op(Op.localGet, P_TABLE).i32((n / LANES) * groupBytes).op(Op.i32Add, Op.localSet, L_END);
    c.op(Op.loop, 0x40);
    for (let i = 0; i < LANES; i++) c.op(Op.localGet, L_ROW, Op.i32Load, ...Code.memarg(4 * i * this.rowWords), Op.localSet, L_BASE + i);
    this.columnLocal.clear();
    this.memo.clear();
    first.forEach((a, j) => {
      const k = t.targetColumn[j];
      if (this.access[k].kind === 'shared') throw new Ineligible(); // every instance's own signal, never one slot
      this.emit(a.expr, a.scope, 0);
      const local = this.newV128();
      c.op(Op.localSet, local);
      this.columnLocal.set(k, local);
      if (stored(k)) this.store(k, local);
    });
    c.op(Op.localGet, L_ROW).i32(groupBytes).op(Op.i32Add, Op.localTee, L_ROW, Op.localGet, L_END, Op.i32LtU, Op.brIf, 0, Op.end);

    const table: number[] = [];
    for (let i = 0; i < n; i++) {
      const inst = Math.min(i, t.instances.length - 1); // the last instance again: it computes and stores the same values
      table.push(4 * this.baseSlots[inst] - this.bias, ...this.tableColumns.map((k) => 4 * this.slotOf(t.columns[k][inst])));
    }
    return { fn: { name, params: 1, i32Locals: I32_LOCALS, v128Locals: this.v128Count, body: c.bytes }, table };
  }

  private newV128(): number {
    return FIRST_V128 + this.v128Count++;
  }

  /** The scope of the first instance, resolving names to column numbers. */
  private columnScope(s: Scope): Scope {
    let c = this.columnScopes.get(s);
    if (!c) {
      const t = this.t;
      c = {
        ...s,
        resolve(name: string) {
          const k = t.columnOfSignal.get(s.resolve(name));
          if (k === undefined) throw new Ineligible();
          return k;
        },
      };
      this.columnScopes.set(s, c);
    }
    return c;
  }

  private table<T>(tables: Map<Scope, Map<IrExpr, T>>, scope: Scope): Map<IrExpr, T> {
    let m = tables.get(scope);
    if (!m) tables.set(scope, (m = new Map()));
    return m;
  }

  private countUses(root: IrExpr, scope: Scope): void {
    addUses(this.table(this.uses, scope), root);
  }

  /** Loads column k of the four instances into a new local (its value for this step). */
  private gather(k: number): number {
    const c = this.code;
    const a = this.access[k];
    const local = this.newV128();
    if (a.kind === 'shared') {
      c.i32(0).op(Op.i32Load, ...Code.memarg(a.byte)).simd(Simd.splat).op(Op.localSet, local);
      return local;
    }
    for (let i = 0; i < LANES; i++) {
      const offset = this.address(a, i);
      if (i === 0) c.simd(Simd.load32Zero, ...Code.memarg(offset));
      else c.op(Op.localGet, local).simd(Simd.load32Lane, ...Code.memarg(offset), i);
      c.op(Op.localSet, local);
    }
    return local;
  }

  private store(k: number, local: number): void {
    const a = this.access[k];
    for (let i = 0; i < LANES; i++) {
      const offset = this.address(a, i);
      this.code.op(Op.localGet, local).simd(Simd.store32Lane, ...Code.memarg(offset), i);
    }
  }

  /** Pushes lane i's address for access `a`; returns the memory offset to go with it. */
  private address(a: Access, i: number): number {
    const c = this.code;
    if (a.kind === 'base') {
      c.op(Op.localGet, L_BASE + i);
      return a.offset;
    }
    if (a.kind === 'table') {
      c.op(Op.localGet, L_ROW, Op.i32Load, ...Code.memarg(4 * (i * this.rowWords + a.word)));
      return 0;
    }
    throw new Ineligible();
  }

  /** Whether `e` has the same value in every instance (a constant, or only shared signals). */
  private uniform(e: IrExpr, scope: Scope): boolean {
    if (e.kind === 'ref') {
      const k = this.columnScope(scope).resolve(e.name);
      return this.access[k].kind === 'shared' && !this.t.targetColumn.includes(k);
    }
    return operands(e).every((x) => this.uniform(x, scope));
  }

  /** Pushes the value of `e` (one i32x4). */
  private emit(e: IrExpr, scope: Scope, depth: number): void {
    if (depth > MAX_DEPTH || e.type.width > 32) throw new Ineligible();
    const c = this.code;
    const memo = this.table(this.memo, scope);
    const done = memo.get(e);
    if (done !== undefined) {
      c.op(Op.localGet, done);
      return;
    }
    this.node(e, scope, depth + 1);
    if ((this.table(this.uses, scope).get(e) ?? 0) > 1) {
      const local = this.newV128();
      c.op(Op.localTee, local);
      memo.set(e, local);
    }
  }

  private masked(w: number): void {
    if (w < 32) this.code.v128(mask(w)).simd(Simd.and);
  }

  private node(e: IrExpr, scope: Scope, depth: number): void {
    const c = this.code;
    const w = e.type.width;
    const sub = (x: IrExpr) => this.emit(x, scope, depth);
    switch (e.kind) {
      case 'ref': {
        const k = this.columnScope(scope).resolve(e.name);
        let local = this.columnLocal.get(k);
        if (local === undefined) this.columnLocal.set(k, (local = this.gather(k)));
        c.op(Op.localGet, local);
        return;
      }
      case 'const':
        c.v128(Number(e.value) | 0);
        return;
      case 'cast':
      case 'zext':
        sub(e.a);
        return;
      case 'sext': {
        const wa = e.a.type.width;
        sub(e.a);
        if (wa === w) return;
        c.i32(32 - wa).simd(Simd.shl).i32(32 - wa).simd(Simd.shrS);
        this.masked(w);
        return;
      }
      case 'slice': {
        sub(e.a);
        if (e.lo > 0) c.i32(e.lo).simd(Simd.shrU);
        if (e.hi < e.a.type.width - 1) this.masked(w);
        return;
      }
      case 'cat': {
        let offset = 0;
        for (let i = e.parts.length - 1; i >= 0; i--) {
          sub(e.parts[i]);
          if (offset > 0) c.i32(offset).simd(Simd.shl).simd(Simd.or);
          offset += e.parts[i].type.width;
        }
        return;
      }
      case 'mux': {
        // bitselect takes the bits of the first operand where the mask is set: cond ? a : b.
        sub(e.a);
        sub(e.b);
        sub(e.cond);
        c.simd(Simd.neg).simd(Simd.bitselect);
        return;
      }
      case 'unary': {
        const wa = e.a.type.width;
        sub(e.a);
        switch (e.op) {
          case 'not':
            c.v128(mask(w)).simd(Simd.xor);
            return;
          case 'neg':
            c.simd(Simd.neg);
            this.masked(w);
            return;
          case 'andr':
            c.v128(mask(wa)).simd(Simd.eq).simd(Simd.neg);
            return;
          case 'orr':
            c.v128(0).simd(Simd.ne).simd(Simd.neg);
            return;
          case 'xorr': {
            const x = this.newV128();
            c.op(Op.localSet, x);
            for (const s of [16, 8, 4, 2, 1]) if (s < wa) c.op(Op.localGet, x, Op.localGet, x).i32(s).simd(Simd.shrU).simd(Simd.xor).op(Op.localSet, x);
            c.op(Op.localGet, x).v128(1).simd(Simd.and);
            return;
          }
        }
        throw new Ineligible();
      }
      case 'binary':
        return this.binary(e, scope, depth);
    }
  }

  private binary(e: Extract<IrExpr, { kind: 'binary' }>, scope: Scope, depth: number): void {
    const c = this.code;
    const w = e.type.width;
    const wa = e.a.type.width;
    const sub = (x: IrExpr) => this.emit(x, scope, depth);
    const simple: Record<string, number> = { add: Simd.add, sub: Simd.sub, mul: Simd.mul, and: Simd.and, or: Simd.or, xor: Simd.xor };
    if (e.op in simple) {
      sub(e.a);
      sub(e.b);
      c.simd(simple[e.op]);
      if (e.op === 'add' || e.op === 'sub' || e.op === 'mul') this.masked(w);
      return;
    }
    const cmp = COMPARE[e.op];
    if (cmp) {
      const signed = e.a.type.signed && e.op !== 'eq' && e.op !== 'neq';
      // Below 32 bits, flipping the sign bit maps two's complement order onto unsigned order.
      const flip = signed && wa < 32 ? 1 << (wa - 1) : 0;
      sub(e.a);
      if (flip) c.v128(flip).simd(Simd.xor);
      sub(e.b);
      if (flip) c.v128(flip).simd(Simd.xor);
      c.simd(signed && !flip ? cmp.s : cmp.u).simd(Simd.neg); // all ones -> 1
      return;
    }
    if (e.op !== 'shl' && e.op !== 'shr') throw new Ineligible();
    const signedShr = e.op === 'shr' && e.a.type.signed;
    sub(e.a);
    if (signedShr && wa < 32) c.i32(32 - wa).simd(Simd.shl).i32(32 - wa).simd(Simd.shrS); // sign-extended to 32 bits
    if (e.b.kind === 'const') {
      const k = e.b.value >= 32n ? 32 : Number(e.b.value);
      if (!signedShr && k >= w) {
        c.v128(0).simd(Simd.and);
        return;
      }
      c.i32(Math.min(k, 31)).simd(e.op === 'shl' ? Simd.shl : signedShr ? Simd.shrS : Simd.shrU);
      if (e.op === 'shl' || signedShr) this.masked(w);
      return;
    }
    sub(e.b);
    // i32x4 shifts take one scalar amount: the same amount in every lane shifts all four at
    // once, else lane by lane.
    const lanes = this.uniform(e.b, scope) ? [-1] : [0, 1, 2, 3];
    const value = this.newV128();
    const amounts = this.newV128();
    c.op(Op.localSet, amounts, Op.localSet, value);
    for (const lane of lanes) {
      if (lane >= 0) c.op(Op.localGet, value);
      c.op(Op.localGet, amounts).simd(Simd.extractLane, Math.max(lane, 0)).op(Op.localSet, L_AMOUNT);
      c.op(Op.localGet, value);
      if (lane >= 0) c.simd(Simd.extractLane, lane);
      const vector = lane < 0;
      if (signedShr) {
        // Amounts of 31 and more leave only sign bits.
        c.op(Op.localGet, L_AMOUNT).i32(31).op(Op.localGet, L_AMOUNT).i32(31).op(Op.i32LtU, Op.select);
        if (vector) {
          c.simd(Simd.shrS);
          this.masked(w);
        } else {
          c.op(Op.i32ShrS).i32(mask(w)).op(Op.i32And);
        }
      } else {
        c.op(Op.localGet, L_AMOUNT);
        if (vector) c.simd(e.op === 'shl' ? Simd.shl : Simd.shrU);
        else c.op(e.op === 'shl' ? Op.i32Shl : Op.i32ShrU);
        // Amounts of W and more shift everything out (shifts take the amount modulo 32).
        c.i32(mask(w)).i32(0).op(Op.localGet, L_AMOUNT).i32(w).op(Op.i32LtU, Op.select);
        if (vector) c.simd(Simd.splat).simd(Simd.and);
        else c.op(Op.i32And);
      }
      if (!vector) c.simd(Simd.replaceLane, lane).op(Op.localSet, value);
    }
    if (lanes[0] >= 0) c.op(Op.localGet, value);
  }
}
