// Hand-built IR designs for the emitter tests (test support only).
import type { IrDesign, IrExpr, IrModule, IrPort, IrType } from '../ir.ts';
import { S, U, at, bin, cast, cat, lit, mod, mux, ref, sext, slice, un, zext } from './test-support.ts';

const input = (name: string, type: IrType, line: number): IrPort => ({ name, dir: 'input', type, loc: at(line) });
const output = (name: string, type: IrType, line: number): IrPort => ({ name, dir: 'output', type, loc: at(line) });
const clockPort: IrPort = { name: 'clock', dir: 'input', type: U(1), loc: at(1), role: 'clock' };
const resetPort: IrPort = { name: 'reset', dir: 'input', type: U(1), loc: at(1), role: 'reset' };

/** Outputs named after their expressions: ports plus assigns. */
function outputs(entries: [string, IrExpr][], line: number): Pick<IrModule, 'ports' | 'assigns'> {
  return {
    ports: entries.map(([name, e], i) => output(name, e.type, line + i)),
    assigns: entries.map(([name, e], i) => ({ target: name, expr: e, loc: at(line + i) })),
  };
}

const ADDER = mod('Adder_w8', {
  generator: 'Adder',
  params: { width: 8 },
  doc: 'Combinational 8-bit adder: no clock.',
  ports: [input('x', U(8), 101), input('y', U(8), 102), output('sum', U(9), 103)],
  assigns: [{ target: 'sum', expr: bin('add', zext(ref('x', U(8)), 9), zext(ref('y', U(8)), 9)), loc: at(104) }],
});

const COUNTER = mod('Counter_w4', {
  generator: 'Counter',
  params: { width: 4 },
  ports: [clockPort, resetPort, input('en', U(1), 201), output('count', U(4), 202)],
  regs: [
    {
      name: 'value',
      type: U(4),
      loc: at(203),
      reset: 0n,
      next: mux(ref('en', U(1)), bin('add', ref('value', U(4)), lit(1, U(4))), ref('value', U(4))),
    },
  ],
  assigns: [{ target: 'count', expr: ref('value', U(4)), loc: at(204) }],
});

export const MACRO_SOURCE = [
  '// Behavioural model of a hard macro: registered inversion.',
  'module Macro (',
  '  input  wire       clock,',
  '  input  wire [3:0] d,',
  '  output reg  [3:0] q',
  ');',
  '  always @(posedge clock) q <= ~d;',
  'endmodule',
  '',
].join('\n');

const MACRO: IrModule = {
  ...mod('Macro', { ports: [clockPort, input('d', U(4), 301), output('q', U(4), 302)] }),
  kind: 'blackbox',
  verilog: MACRO_SOURCE,
};

const NO_SOURCE: IrModule = { ...mod('Unmodelled', { ports: [input('i', U(1), 401)] }), kind: 'blackbox' };

/** Every kind of declaration and statement, every op, signed and unsigned, widths 1..128. */
export function everythingDesign(): IrDesign {
  const u1 = ref('in_u1', U(1));
  const s8 = ref('in_s8', S(8));
  const u16 = ref('in_u16', U(16));
  const u33 = ref('in_u33', U(33));
  const s64 = ref('in_s64', S(64));
  const u128 = ref('in_u128', U(128));
  const count = ref('cnt.count', U(4));
  const acc = ref('acc', S(16));
  const s16 = sext(s8, 16);
  const ops: [string, IrExpr][] = [
    ['o_add', bin('add', s64, lit(-7, S(64)))],
    ['o_sub', bin('sub', zext(u33, 128), u128)],
    ['o_mul', bin('mul', s64, s64)],
    ['o_and', bin('and', u128, lit((1n << 127n) | 0xffn, U(128)))],
    ['o_or', bin('or', u16, zext(s8, 16))],
    ['o_xor', bin('xor', u33, lit(1n << 32n, U(33)))],
    ['o_cmp', cat(
      bin('eq', s8, lit(-1, S(8))), bin('neq', u16, lit(3, U(16))),
      bin('lt', s8, lit(5, S(8))), bin('le', s64, lit(0, S(64))), bin('gt', s16, acc), bin('ge', cast(s8, false), lit(200, U(8))),
      bin('lt', u33, lit(7, U(33))), bin('le', u16, ref('named_node', U(16))), bin('gt', u128, lit(1, U(128))), bin('ge', count, lit(9, U(4))),
    )],
    ['o_shl', bin('shl', u16, slice(u33, 3, 0))],
    ['o_shr', bin('shr', u128, slice(u16, 6, 0))],
    ['o_sra', bin('shr', s64, slice(u16, 5, 0))],
    ['o_sra_sum', bin('add', cast(bin('shr', s8, slice(u16, 2, 0)), false), slice(u16, 15, 8))],
    ['o_not', un('not', u33)],
    ['o_neg', un('neg', s8)],
    ['o_red', cat(un('andr', u16), un('orr', u128), un('xorr', s64), un('xorr', u1))],
    ['o_mux', mux(u1, s64, sext(s8, 64))],
    ['o_chain', mux(bin('eq', slice(u16, 1, 0), lit(0, U(2))), lit(10, U(8)),
      mux(bin('eq', slice(u16, 1, 0), lit(1, U(2))), cast(s8, false),
        mux(bin('eq', slice(u16, 1, 0), lit(2, U(2))), slice(u128, 127, 120), lit(0, U(8)))))],
    ['o_slice', slice(bin('mul', zext(u16, 32), zext(u16, 32)), 23, 8)],
    ['o_cat', cat(u1, s8, slice(u33, 32, 30))],
    ['o_zext', zext(bin('add', slice(u16, 7, 0), slice(u16, 15, 8)), 20)],
    ['o_sext', sext(bin('sub', s8, lit(1, S(8))), 40)],
    ['o_cast', cast(slice(u128, 99, 36), true)],
    ['o_inst', ref('c.sum', U(9))],
    ['o_macro', ref('mac.q', U(4))],
    ['o_acc', acc],
    ['o_pipe', ref('pipe', U(128))],
    ['o_flag', ref('flag', U(1))],
    ['o_lut', ref('lut_q', U(8))],
    ['o_rom', ref('rom_q', U(12))],
    ['o_scratch', ref('scratch_q', S(6))],
  ];
  const outs = outputs(ops, 20);
  const top = mod('Everything', {
    generator: 'Everything',
    params: { width: 16, depth: 12, name: 'demo', flag: true, big: 1n << 70n },
    doc: 'Every IR construct once.\nUsed by the emitter tests.',
    ports: [
      input('in_u1', U(1), 10), input('in_s8', S(8), 11), input('in_u16', U(16), 12), input('in_u33', U(33), 13),
      input('in_s64', S(64), 14), input('in_u128', U(128), 15), clockPort, resetPort,
      ...outs.ports,
    ],
    wires: [
      { name: 'named_node', type: U(16), loc: at(70) },
      { name: 'c_sum', type: U(9), loc: at(71) }, // clashes with instance output c.sum
    ],
    assigns: [
      { target: 'named_node', expr: bin('add', u16, zext(count, 16)), loc: at(70) },
      { target: 'c_sum', expr: bin('xor', ref('c.sum', U(9)), lit(0x155, U(9))), loc: at(71) },
      ...outs.assigns,
    ],
    instances: [
      { name: 'c', module: 'Adder_w8', inputs: { x: slice(u16, 7, 0), y: slice(ref('named_node', U(16)), 15, 8) }, loc: at(80) },
      { name: 'cnt', module: 'Counter_w4', inputs: { en: u1 }, loc: at(81) },
      { name: 'mac', module: 'Macro', inputs: { d: bin('xor', count, slice(u16, 3, 0)) }, loc: at(82) },
    ],
    regs: [
      {
        // when (reset) -5 elsewhen (in_u1) 0 elsewhen (named_node[0]) acc + in_s8 (else hold)
        name: 'acc',
        type: S(16),
        loc: at(90),
        reset: (1n << 16n) - 5n,
        next: mux(u1, lit(0, S(16)), mux(slice(ref('named_node', U(16)), 0, 0), bin('add', acc, s16), acc)),
      },
      { name: 'pipe', type: U(128), loc: at(91), next: bin('xor', u128, lit(0xdeadbeefn << 64n, U(128))) },
      // Holds while in_u1: printed as if (!in_u1).
      { name: 'flag', type: U(1), loc: at(92), reset: 1n, next: mux(u1, ref('flag', U(1)), un('xorr', u16)) },
    ],
    mems: [
      {
        name: 'lut',
        type: U(8),
        depth: 12,
        addrWidth: 4,
        init: [1n, 2n, 3n],
        readPorts: [{ name: 'lut_q', addr: slice(u16, 3, 0), en: lit(1, U(1)), loc: at(94) }],
        writePorts: [{ addr: slice(u16, 7, 4), data: slice(u16, 15, 8), en: u1, loc: at(95) }],
        loc: at(93),
      },
      {
        name: 'rom',
        type: U(12),
        depth: 16,
        addrWidth: 4,
        init: Array.from({ length: 16 }, (_, i) => BigInt(i * 200)),
        readPorts: [{ name: 'rom_q', addr: slice(u33, 3, 0), en: u1, loc: at(97) }],
        writePorts: [],
        loc: at(96),
      },
      {
        // Address wider than needed: range check plus low bits.
        name: 'scratch',
        type: S(6),
        depth: 4,
        addrWidth: 2,
        readPorts: [{ name: 'scratch_q', addr: bin('add', slice(u16, 4, 0), lit(1, U(5))), en: lit(1, U(1)), loc: at(99) }],
        writePorts: [{ addr: slice(u33, 4, 0), data: cast(slice(s8, 5, 0), true), en: bin('and', u1, slice(u16, 9, 9)), loc: at(100) }],
        loc: at(98),
      },
    ],
  });
  return { top: 'Everything', modules: [ADDER, COUNTER, MACRO, NO_SOURCE, top] };
}

export const SWEEP_WIDTHS = [1, 2, 7, 8, 31, 32, 33, 63, 64, 65, 127, 128];

/**
 * One module per width with every op on unsigned and signed operands, under
 * one top. Multipliers wider than `maxMulWidth` can be left out (Yosys needs
 * more than a minute for the 64..128-bit ones).
 */
export function widthsDesign(maxMulWidth = Infinity): IrDesign {
  const modules = SWEEP_WIDTHS.map((w) => {
    const x = ref('x', U(w));
    const y = ref('y', U(w));
    const sx = ref('sx', S(w));
    const sy = ref('sy', S(w));
    const amt = ref('amt', U(Math.max(1, Math.ceil(Math.log2(w + 1)))));
    const cond = ref('cond', U(1));
    const ops: [string, IrExpr][] = [];
    for (const [tag, p, q] of [['u', x, y], ['s', sx, sy]] as const) {
      for (const op of ['add', 'sub', 'mul', 'and', 'or', 'xor', 'eq', 'neq', 'lt', 'le', 'gt', 'ge'] as const) {
        if (op !== 'mul' || w <= maxMulWidth) ops.push([`${op}_${tag}`, bin(op, p, q)]);
      }
      ops.push([`shl_${tag}`, bin('shl', p, amt)], [`shr_${tag}`, bin('shr', p, amt)]);
      ops.push([`not_${tag}`, un('not', p)], [`neg_${tag}`, un('neg', p)]);
      ops.push([`andr_${tag}`, un('andr', p)], [`orr_${tag}`, un('orr', p)], [`xorr_${tag}`, un('xorr', p)]);
      ops.push([`mux_${tag}`, mux(cond, p, q)]);
      ops.push([`zext_${tag}`, zext(p, w + 3)], [`sext_${tag}`, sext(bin('add', p, q), w + 5)]);
      ops.push([`cast_${tag}`, cast(p, tag === 'u')]);
      ops.push([`slice_${tag}`, slice(bin('xor', p, q), w - 1, Math.floor(w / 2))]);
      ops.push([`cat_${tag}`, cat(p, slice(q, 0, 0))]);
    }
    const outs = outputs(ops, 500);
    return mod(`Ops_w${w}`, {
      generator: 'Ops',
      params: { width: w },
      ports: [input('x', U(w), 1), input('y', U(w), 2), input('sx', S(w), 3), input('sy', S(w), 4), input('amt', amt.type, 5), input('cond', U(1), 6), ...outs.ports],
      assigns: outs.assigns,
    });
  });
  // The top feeds every instance from its own inputs and xors one output of each together.
  const widest = 128;
  const top = mod('Widths', {
    ports: [input('a', U(widest), 1), input('b', U(widest), 2), input('k', U(8), 3), input('sel', U(1), 4), output('digest', U(1), 5)],
    instances: modules.map((m, i) => {
      const w = SWEEP_WIDTHS[i];
      const amtWidth = m.ports.find((p) => p.name === 'amt')!.type.width;
      const part = (e: IrExpr) => slice(e, w - 1, 0);
      return {
        name: `ops${w}`,
        module: m.name,
        inputs: {
          x: part(ref('a', U(widest))),
          y: part(ref('b', U(widest))),
          sx: cast(part(ref('b', U(widest))), true),
          sy: cast(part(ref('a', U(widest))), true),
          amt: slice(ref('k', U(8)), amtWidth - 1, 0),
          cond: ref('sel', U(1)),
        },
        loc: at(10 + i),
      };
    }),
    assigns: [
      {
        target: 'digest',
        expr: SWEEP_WIDTHS.map((w) => ref(`ops${w}.lt_s`, U(1))).reduce((p, q) => bin('xor', p, q)),
        loc: at(40),
      },
    ],
  });
  return { top: 'Widths', modules: [...modules, top] };
}
