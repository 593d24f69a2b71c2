// Example designs used by the tests and the docs.
import { module, UInt, Bool, Bundle, Flipped, mux, cat } from '../index.ts';

/** A wrapping counter with enable and synchronous clear. */
export const Counter = (width: number) =>
  module('Counter', { width }, (m) => {
    const en = m.input('en', Bool());
    const clear = m.input('clear', Bool());
    const count = m.output('count', UInt(width));
    const value = m.reg('value', UInt(width), { reset: 0 });
    m.when(clear, () => value.set(0)).elsewhen(en, () => value.set(value.addWrap(1)));
    count.set(value);
    return { en, clear, count };
  });

/** Two counters and a comparator: exercises instances, bundles and dedup. */
export const CounterPair = (width: number) =>
  module('CounterPair', { width }, (m) => {
    const io = m.input('io', Bundle({ en: Bool(), clear: Bool(), same: Flipped(Bool()), sum: Flipped(UInt(width + 1)) }));
    const a = m.instance('a', Counter(width));
    const b = m.instance('b', Counter(width));
    a.en.set(io.en);
    a.clear.set(io.clear);
    b.en.set(io.en.and(a.count.bit(0)));
    b.clear.set(io.clear);
    io.same.set(a.count.eq(b.count));
    io.sum.set(m.node('total', a.count.add(b.count)));
    return io;
  });

export { mux, cat };
