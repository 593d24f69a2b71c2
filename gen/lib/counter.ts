// Counters: a modulo-N up counter with enable, clear and a wrap pulse, and an
// up/down counter (wrapping or saturating).
import { module } from '../dsl/module.ts';
import type { ModuleDef } from '../dsl/module.ts';
import { UInt, Bool, MAX_WIDTH } from '../dsl/types.ts';
import { Signal, mux } from '../dsl/signal.ts';
import type { ParamValue } from '../ir.ts';
import { checkInt, paramError } from './params.ts';

export interface CounterOptions {
  /**
   * The count runs 0, 1, ..., wrapAt - 1, 0, ... (a modulo-wrapAt counter).
   * 1 <= wrapAt <= 2^width; default 2^width (the natural wrap).
   */
  wrapAt?: number | bigint;
}

export interface CounterIO {
  en: Signal;
  clear: Signal;
  count: Signal;
  wrap: Signal;
}

/**
 * An up counter of `width` bits.
 *
 * Ports: `en`, `clear` (Bool inputs), `count` (UInt(width) output, the
 * register), `wrap` (Bool output).
 *
 * Cycle semantics: at a rising edge, `clear = 1` sets the count to 0
 * (clear wins over en); else `en = 1` advances it, from wrapAt - 1 back to 0;
 * else it holds. Reset (synchronous) sets it to 0. `wrap = en & !clear &
 * (count == wrapAt - 1)`: 1 in the cycle whose edge wraps the count (a
 * carry out for chaining counters).
 */
export function Counter(width: number, options: CounterOptions = {}): ModuleDef<CounterIO> {
  checkInt('Counter', 'width', width, 1, MAX_WIDTH);
  const natural = 1n << BigInt(width);
  if (options.wrapAt !== undefined && typeof options.wrapAt !== 'bigint' && !Number.isSafeInteger(options.wrapAt)) {
    paramError(`Counter: wrapAt must be a whole number (a bigint above 2^53), got ${String(options.wrapAt)}`);
  }
  const wrapAt = options.wrapAt === undefined ? natural : BigInt(options.wrapAt);
  if (wrapAt < 1n || wrapAt > natural) paramError(`Counter: wrapAt must be from 1 to 2^${width} = ${natural}, got ${wrapAt}`);
  const params: Record<string, ParamValue> = { width };
  if (wrapAt !== natural) params.wrapAt = wrapAt;
  return module(
    'Counter',
    params,
    (m) => {
      const en = m.input('en', Bool());
      const clear = m.input('clear', Bool());
      const count = m.output('count', UInt(width));
      const wrap = m.output('wrap', Bool());
      const value = m.reg('value', UInt(width), { reset: 0 });
      const last = m.node('at_last', value.eq(wrapAt - 1n));
      const next = wrapAt === natural ? value.addWrap(1) : mux(last, 0, value.addWrap(1));
      m.when(clear, () => value.set(0)).elsewhen(en, () => value.set(next));
      count.set(value);
      wrap.set(en.and(clear.not()).and(last));
      return { en, clear, count, wrap };
    },
    { doc: `${width}-bit counter counting 0..${wrapAt - 1n} with enable and synchronous clear.` },
  );
}

export interface UpDownCounterOptions {
  /** true: stop at 0 and 2^width - 1 instead of wrapping around. Default false. */
  saturate?: boolean;
}

export interface UpDownCounterIO {
  inc: Signal;
  dec: Signal;
  clear: Signal;
  count: Signal;
  is_zero: Signal;
  is_max: Signal;
}

/**
 * An up/down counter of `width` bits (e.g. credits or occupancy).
 *
 * Ports: `inc`, `dec`, `clear` (Bool inputs); `count` (UInt(width) output),
 * `is_zero` (count == 0), `is_max` (count == 2^width - 1).
 *
 * Cycle semantics: at a rising edge, `clear = 1` sets 0 (it wins); else
 * inc without dec adds 1 and dec without inc subtracts 1; inc and dec
 * together, or neither, hold. Without `saturate` the count wraps modulo
 * 2^width; with `saturate` an increment at the maximum and a decrement at 0
 * are ignored. Reset (synchronous) sets 0.
 */
export function UpDownCounter(width: number, options: UpDownCounterOptions = {}): ModuleDef<UpDownCounterIO> {
  checkInt('UpDownCounter', 'width', width, 1, MAX_WIDTH);
  const saturate = options.saturate ?? false;
  const params: Record<string, ParamValue> = { width };
  if (saturate) params.saturate = true;
  return module(
    'UpDownCounter',
    params,
    (m) => {
      const inc = m.input('inc', Bool());
      const dec = m.input('dec', Bool());
      const clear = m.input('clear', Bool());
      const count = m.output('count', UInt(width));
      const isZero = m.output('is_zero', Bool());
      const isMax = m.output('is_max', Bool());
      const value = m.reg('value', UInt(width), { reset: 0 });
      const zero = m.node('at_zero', value.eq(0));
      const max = m.node('at_max', value.andR());
      const up = saturate ? inc.and(dec.not()).and(max.not()) : inc.and(dec.not());
      const down = saturate ? dec.and(inc.not()).and(zero.not()) : dec.and(inc.not());
      m.when(clear, () => value.set(0))
        .elsewhen(up, () => value.set(value.addWrap(1)))
        .elsewhen(down, () => value.set(value.subWrap(1)));
      count.set(value);
      isZero.set(zero);
      isMax.set(max);
      return { inc, dec, clear, count, is_zero: isZero, is_max: isMax };
    },
    { doc: `${width}-bit up/down counter, ${saturate ? 'saturating' : 'wrapping'}, with synchronous clear.` },
  );
}
