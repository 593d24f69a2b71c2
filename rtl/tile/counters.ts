// The tile's activity counters (docs/tile-spec.md § Tile, "Activity
// counters"): one 32-bit wrapping register per counter, each advanced by its
// increment every cycle, all cleared together; read back by index.
import { lit, module, mux, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { indexWidth } from '../../gen/lib/params.ts';
import { COUNTER_BITS, COUNTER_NAMES } from './params.ts';

/** Width of every increment input: holds the largest per-cycle count, 2 x 256 x 256 device reads. */
export const INCREMENT_BITS = 18;

export function ActivityCounters(): ModuleDef<Record<string, Signal>> {
  return module(
    'ActivityCounters',
    {},
    (m) => {
      const clear = m.input('clear', Bool());
      const index = m.input('read_index', UInt(indexWidth(COUNTER_NAMES.length)));
      const value = m.output('read_value', UInt(COUNTER_BITS));
      const io: Record<string, Signal> = { clear, read_index: index, read_value: value };
      const regs = COUNTER_NAMES.map((name) => {
        const inc = (io[`${name}_inc`] = m.input(`${name}_inc`, UInt(INCREMENT_BITS)));
        const reg = m.reg(name, UInt(COUNTER_BITS), { reset: 0 });
        // Clearing wins over the count of the same cycle.
        m.when(clear, () => reg.set(0)).otherwise(() => reg.set(reg.addWrap(inc.zext(COUNTER_BITS))));
        return reg;
      });
      value.set(mux(index.lt(COUNTER_NAMES.length), pick(regs, index), lit(0, UInt(COUNTER_BITS))));
      return io;
    },
    { doc: `The tile's ${COUNTER_NAMES.length} activity counters (${COUNTER_BITS}-bit, wrapping).` },
  );
}
