// A small signed ALU: exercises signed arithmetic, shifts, comparisons and switch.
import { module, SInt, UInt, Bool, mux, cat } from '../index.ts';

export const ALU_OPS = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'sra'] as const;

/** Combinational signed ALU; `op` indexes ALU_OPS; results are exact (2 * width bits). */
export const SignedAlu = (width: number) =>
  module('SignedAlu', { width }, (m) => {
    const a = m.input('a', SInt(width));
    const b = m.input('b', SInt(width));
    const op = m.input('op', UInt(3));
    const shamt = m.input('shamt', UInt(3));
    const result = m.output('result', SInt(2 * width));
    const less = m.output('less', Bool());
    const parity = m.output('parity', Bool());
    result.set(0);
    m.switch(op)
      .is(0, () => result.set(a.add(b)))
      .is(1, () => result.set(a.sub(b)))
      .is(2, () => result.set(a.mul(b)))
      .is(3, () => result.set(a.and(b)))
      .is(4, () => result.set(a.or(b)))
      .is(5, () => result.set(a.xor(b)))
      .is(6, () => result.set(a.shl(shamt).pad(2 * width).trunc(2 * width)))
      .is(7, () => result.set(a.shr(shamt)));
    less.set(a.lt(b));
    parity.set(cat(a.asUInt(), b.asUInt()).xorR());
    return { a, b, op, shamt, result, less, parity };
  });

/** Saturating accumulator: registers, enables and mux chains. */
export const SaturatingAccumulator = (width: number, inputWidth: number) =>
  module('SaturatingAccumulator', { width, inputWidth }, (m) => {
    const inValue = m.input('in_value', SInt(inputWidth));
    const inValid = m.input('in_valid', Bool());
    const clear = m.input('clear', Bool());
    const acc = m.reg('acc', SInt(width), { reset: 0 });
    const sum = m.node('sum', acc.add(inValue));
    const max = (1n << BigInt(width - 1)) - 1n;
    const min = -(1n << BigInt(width - 1));
    const clipped = mux(sum.gt(max), max, mux(sum.lt(min), min, sum));
    m.when(clear, () => acc.set(0)).elsewhen(inValid, () => acc.set(clipped.trunc(width)));
    m.output('value', SInt(width)).set(acc);
    m.output('saturated', Bool()).set(acc.eq(max).or(acc.eq(min)));
  });
