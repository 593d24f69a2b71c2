// Hand-written IR for the simulator's tests (no builder involved, so these
// tests pin the simulator to the IR contract alone).
import type { BinaryOp, IrDesign, IrExpr, IrMem, IrModule, IrPort, IrReg, IrType, UnaryOp } from '../ir.ts';

export const U = (width: number): IrType => ({ width, signed: false });
export const S = (width: number): IrType => ({ width, signed: true });

export const ref = (name: string, type: IrType): IrExpr => ({ kind: 'ref', name, type });
export const lit = (value: bigint | number, type: IrType): IrExpr => ({ kind: 'const', value: BigInt(value), type });

const COMPARE = new Set<BinaryOp>(['eq', 'neq', 'lt', 'le', 'gt', 'ge']);
export const bin = (op: BinaryOp, a: IrExpr, b: IrExpr): IrExpr => ({ kind: 'binary', op, a, b, type: COMPARE.has(op) ? U(1) : a.type });
export const un = (op: UnaryOp, a: IrExpr): IrExpr => ({ kind: 'unary', op, a, type: op === 'not' || op === 'neg' ? a.type : U(1) });
export const mux = (cond: IrExpr, a: IrExpr, b: IrExpr): IrExpr => ({ kind: 'mux', cond, a, b, type: a.type });
export const slice = (a: IrExpr, hi: number, lo: number): IrExpr => ({ kind: 'slice', a, hi, lo, type: U(hi - lo + 1) });
export const cat = (...parts: IrExpr[]): IrExpr => ({ kind: 'cat', parts, type: U(parts.reduce((n, p) => n + p.type.width, 0)) });
export const zext = (a: IrExpr, width: number): IrExpr => ({ kind: 'zext', a, type: { width, signed: a.type.signed } });

export const input = (name: string, type: IrType): IrPort => ({ name, dir: 'input', type, loc: 'fixture' });
export const output = (name: string, type: IrType): IrPort => ({ name, dir: 'output', type, loc: 'fixture' });
export const clockPort: IrPort = { name: 'clock', dir: 'input', type: U(1), loc: 'fixture', role: 'clock' };
export const resetPort: IrPort = { name: 'reset', dir: 'input', type: U(1), loc: 'fixture', role: 'reset' };

export const reg = (name: string, type: IrType, next: IrExpr, reset?: bigint): IrReg => ({ name, type, loc: 'fixture', next, reset });
export const assign = (target: string, expr: IrExpr) => ({ target, expr, loc: 'fixture' });

export function irModule(name: string, body: Partial<IrModule>): IrModule {
  return { name, kind: 'module', generator: name, params: {}, loc: 'fixture', ports: [], wires: [], regs: [], mems: [], instances: [], assigns: [], ...body };
}

export const design = (...modules: IrModule[]): IrDesign => ({ top: modules[modules.length - 1].name, modules });

/** count <= reset ? 0 : en ? count + 1 : count (wrapping). */
export function counterModule(name = 'Counter', width = 8): IrModule {
  const t = U(width);
  const count = ref('value', t);
  return irModule(name, {
    ports: [clockPort, resetPort, input('en', U(1)), output('count', t)],
    regs: [reg('value', t, mux(ref('en', U(1)), bin('add', count, lit(1, t)), count), 0n)],
    assigns: [assign('count', count)],
  });
}

/**
 * A FIFO on a synchronous, read-first memory: the read port always fetches the
 * word at the next head, and a bypass register covers a word written into the
 * very slot being read.
 */
export function fifoModule(width = 8, depth = 16): IrModule {
  const a = Math.log2(depth);
  if (!Number.isInteger(a)) throw new Error('fifoModule: depth must be a power of two');
  const bit = U(1);
  const [tA, tC, tD] = [U(a), U(a + 1), U(width)];
  const r = (n: string, t: IrType) => ref(n, t);
  const enqFire = r('enq_fire', bit);
  const deqFire = r('deq_fire', bit);
  const count = r('count_q', tC);
  const headNext = r('head_next', tA);
  const one = lit(1, bit);
  const mem: IrMem = {
    name: 'slots',
    type: tD,
    depth,
    addrWidth: a,
    readPorts: [{ name: 'slot_out', addr: headNext, en: one, loc: 'fixture' }],
    writePorts: [{ addr: r('tail', tA), data: r('enq_data', tD), en: enqFire, loc: 'fixture' }],
    loc: 'fixture',
  };
  return irModule(`Fifo_w${width}_d${depth}`, {
    ports: [
      clockPort,
      resetPort,
      input('enq_valid', bit),
      input('enq_data', tD),
      input('deq_ready', bit),
      output('enq_ready', bit),
      output('deq_valid', bit),
      output('deq_data', tD),
      output('count', tC),
    ],
    wires: ['enq_fire', 'deq_fire'].map((n) => ({ name: n, type: bit, loc: 'fixture' })).concat([{ name: 'head_next', type: tA, loc: 'fixture' }]),
    regs: [
      reg('head', tA, headNext, 0n),
      reg('tail', tA, mux(enqFire, bin('add', r('tail', tA), lit(1, tA)), r('tail', tA)), 0n),
      reg(
        'count_q',
        tC,
        mux(
          bin('and', enqFire, un('not', deqFire)),
          bin('add', count, lit(1, tC)),
          mux(bin('and', deqFire, un('not', enqFire)), bin('sub', count, lit(1, tC)), count),
        ),
        0n,
      ),
      // The word being written lands in the slot the read port fetches: forward it.
      reg('bypass', bit, bin('and', enqFire, bin('eq', r('tail', tA), headNext)), 0n),
      reg('bypass_data', tD, r('enq_data', tD)),
    ],
    mems: [mem],
    assigns: [
      assign('enq_ready', bin('neq', count, lit(depth, tC))),
      assign('deq_valid', bin('neq', count, lit(0, tC))),
      assign('enq_fire', bin('and', r('enq_valid', bit), r('enq_ready', bit))),
      assign('deq_fire', bin('and', r('deq_ready', bit), r('deq_valid', bit))),
      assign('head_next', mux(deqFire, bin('add', r('head', tA), lit(1, tA)), r('head', tA))),
      assign('deq_data', mux(r('bypass', bit), r('bypass_data', tD), r('slot_out', tD))),
      assign('count', count),
    ],
  });
}
