// The stochastic-computing operations of docs/tile-spec.md § Bitstream ALU,
// each a small module with a per-cycle interface: stream bits in, a stream
// bit out. Stateless gates have no enable (a consumer stalls by not sampling
// them); the stateful blocks take `en` (advance at this edge) and `clear`
// (restart at this edge; clear wins).
import { lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { checkInt } from '../../gen/lib/params.ts';
import { checkTanhStates, countBits } from './params.ts';

export interface SngIO {
  value: Signal;
  random: Signal;
  stream: Signal;
}

/** Comparator stream generator: stream = random < value, so P(stream) = value / 2^K for a uniform K-bit random number. */
export const ComparatorSng = (bits: number): ModuleDef<SngIO> => {
  checkInt('ComparatorSng', 'bits', bits, 1, 16);
  return module(
    'ComparatorSng',
    { bits },
    (m) => {
      const value = m.input('value', UInt(bits));
      const random = m.input('random', UInt(bits));
      const stream = m.output('stream', Bool());
      stream.set(random.lt(value));
      return { value, random, stream };
    },
    { doc: `Comparator stream generator: stream = random < value (${bits}-bit).` },
  );
};

export interface GateIO {
  a: Signal;
  b: Signal;
  y: Signal;
}

const gate = (name: string, doc: string, f: (a: Signal, b: Signal) => Signal): ModuleDef<GateIO> =>
  module(
    name,
    {},
    (m) => {
      const a = m.input('a', Bool());
      const b = m.input('b', Bool());
      const y = m.output('y', Bool());
      y.set(f(a, b));
      return { a, b, y };
    },
    { doc },
  );

/** Unipolar multiply: y = a AND b, P(y) = pa pb for independent streams (min(pa, pb) for correlated ones). */
export const ScAnd = (): ModuleDef<GateIO> => gate('ScAnd', 'Unipolar multiply (independent inputs): y = a & b.', (a, b) => a.and(b));
/** Bipolar multiply: y = a XNOR b, x_y = x_a x_b (x = 2p - 1) for independent streams. */
export const ScXnor = (): ModuleDef<GateIO> => gate('ScXnor', 'Bipolar multiply (independent inputs): y = ~(a ^ b).', (a, b) => a.xor(b).not());
/** y = a OR b: pa + pb - pa pb for independent streams (max(pa, pb) for correlated ones). */
export const ScOr = (): ModuleDef<GateIO> => gate('ScOr', 'OR (independent: pa + pb - pa pb; correlated: max).', (a, b) => a.or(b));
/** y = a XOR b: |pa - pb| for positively correlated streams (same random number). */
export const ScXor = (): ModuleDef<GateIO> => gate('ScXor', 'XOR (correlated inputs: |pa - pb|).', (a, b) => a.xor(b));

export interface MuxIO {
  a: Signal;
  b: Signal;
  sel: Signal;
  y: Signal;
}

/** Scaled add: y = sel ? b : a; with P(sel) = 1/2 independent of a and b, P(y) = (pa + pb) / 2. */
export const ScMux = (): ModuleDef<MuxIO> =>
  module(
    'ScMux',
    {},
    (m) => {
      const a = m.input('a', Bool());
      const b = m.input('b', Bool());
      const sel = m.input('sel', Bool());
      const y = m.output('y', Bool());
      y.set(mux(sel, b, a));
      return { a, b, sel, y };
    },
    { doc: 'Scaled add: y = sel ? b : a (sel independent, P(sel) = 1/2).' },
  );

export interface StreamCounterIO {
  en: Signal;
  stream: Signal;
  clear: Signal;
  count: Signal;
}

/** Stream -> binary: counts the ones of the stream (one bit per `en` cycle), modulo 2^width. */
export const StreamCounter = (width: number): ModuleDef<StreamCounterIO> => {
  checkInt('StreamCounter', 'width', width, 1, 32);
  return module(
    'StreamCounter',
    { width },
    (m) => {
      const en = m.input('en', Bool());
      const stream = m.input('stream', Bool());
      const clear = m.input('clear', Bool());
      const count = m.output('count', UInt(width));
      const ones = m.reg('ones', UInt(width), { reset: 0 });
      m.when(clear, () => ones.set(0)).elsewhen(en.and(stream), () => ones.set(ones.addWrap(1)));
      count.set(ones);
      return { en, stream, clear, count };
    },
    { doc: `Stream counter: ones of the stream, ${width} bits.` },
  );
};

export interface CordivIO {
  en: Signal;
  clear: Signal;
  dividend: Signal;
  divisor: Signal;
  quotient: Signal;
}

/**
 * CORDIV (Chen & Hayes, ISVLSI 2016): quotient = divisor ? dividend : the
 * dividend bit of the last cycle the divisor was 1. With the dividend
 * stream contained in the divisor stream (both from the same random
 * number, pa <= pb), P(quotient) = P(dividend | divisor) = pa / pb.
 */
export const CordivDivider = (): ModuleDef<CordivIO> =>
  module(
    'CordivDivider',
    {},
    (m) => {
      const en = m.input('en', Bool());
      const clear = m.input('clear', Bool());
      const dividend = m.input('dividend', Bool());
      const divisor = m.input('divisor', Bool());
      const quotient = m.output('quotient', Bool());
      const held = m.reg('held', Bool(), { reset: 0 });
      m.when(clear, () => held.set(0)).elsewhen(en.and(divisor), () => held.set(dividend));
      quotient.set(mux(divisor, dividend, held));
      return { en, clear, dividend, divisor, quotient };
    },
    { doc: 'CORDIV divider: quotient = divisor ? dividend : last dividend seen with divisor = 1 (correlated inputs).' },
  );

export interface StanhIO {
  en: Signal;
  clear: Signal;
  x: Signal;
  y: Signal;
}

/**
 * Brown & Card's stochastic tanh (IEEE TC 2001): a saturating up/down
 * counter over `states` states, up on a 1, down on a 0; y = state >= states/2.
 * For a bipolar input x, the bipolar output approximates tanh(states/2 x).
 * It starts (reset, clear) at states/2.
 */
export const StanhFsm = (states: number): ModuleDef<StanhIO> => {
  checkTanhStates('StanhFsm', states);
  const w = countBits(states - 1);
  return module(
    'StanhFsm',
    { states },
    (m) => {
      const en = m.input('en', Bool());
      const clear = m.input('clear', Bool());
      const x = m.input('x', Bool());
      const y = m.output('y', Bool());
      const state = m.reg('state', UInt(w), { reset: states / 2 });
      const up = mux(state.eq(states - 1), state, state.addWrap(1));
      const down = mux(state.eq(0), state, state.subWrap(1));
      m.when(clear, () => state.set(states / 2)).elsewhen(en, () => state.set(mux(x, up, down)));
      y.set(state.ge(lit(states / 2, UInt(w))));
      return { en, clear, x, y };
    },
    { doc: `Brown-Card stochastic tanh: ${states}-state saturating counter, y = state >= ${states / 2}.` },
  );
};
