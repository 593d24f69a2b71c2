// Property: a mux tree that `pick` builds, which the simulator's code generator
// may turn into one load from its state array (expr-js.ts, lookup), reads what
// pick's contract says: items[index] for an index below the item count, else
// items[0]. Random designs mix the items' kinds (registers declared in item
// order, so their slots are consecutive, or in another order, through a slot
// table; inputs; wires computed in the same function, which keep the muxes
// since the full variant may not store them;
// constants), index widths from 1 to 7 bits (an index wider than the tree adds
// a range check) and read the pick in comb logic, in a register's next value
// and in the index of a second pick, under every evaluation policy.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { elaborate, module, UInt, lit, pick } from '../index.ts';
import type { Signal } from '../index.ts';
import { compileSim } from './compile.ts';

const W = 8;
type Kind = 'reg' | 'input' | 'wire' | 'const';
interface Spec {
  kinds: Kind[];
  /** Registers declared in item order (consecutive slots) or reversed. */
  regOrder: 'items' | 'reversed';
  indexWidth: number;
  consts: number[];
  evaluation: 'activity' | 'full' | 'adaptive';
  cycles: { index: number; index2: number; data: number[] }[];
}

const specArb: fc.Arbitrary<Spec> = fc
  .record({
    kinds: fc.array(fc.constantFrom<Kind>('reg', 'reg', 'reg', 'input', 'wire', 'const'), { minLength: 1, maxLength: 20 }),
    regOrder: fc.constantFrom('items' as const, 'reversed' as const),
    indexWidth: fc.integer({ min: 1, max: 7 }),
    evaluation: fc.constantFrom('activity' as const, 'full' as const, 'adaptive' as const),
    steps: fc.integer({ min: 2, max: 12 }),
    seed: fc.nat(),
  })
  .map(({ kinds, steps, seed, ...s }) => {
    let x = seed + 1;
    const next = (bits: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) & (2 ** bits - 1);
    return {
      ...s,
      kinds,
      consts: kinds.map(() => next(W)),
      cycles: Array.from({ length: steps }, () => ({ index: next(s.indexWidth), index2: next(s.indexWidth), data: kinds.map(() => next(W)) })),
    };
  });

const design = (spec: Spec) =>
  elaborate(
    module('PickLookup', { kinds: spec.kinds.join(','), order: spec.regOrder, iw: spec.indexWidth, consts: spec.consts.join(',') }, (m) => {
      const index = m.input('index', UInt(spec.indexWidth));
      const index2 = m.input('index2', UInt(spec.indexWidth));
      const data = spec.kinds.map((_, k) => m.input(`d${k}`, UInt(W)));
      const regOf = new Map<number, Signal>();
      const regItems = spec.kinds.map((k, i) => i).filter((i) => spec.kinds[i] === 'reg');
      for (const i of spec.regOrder === 'items' ? regItems : [...regItems].reverse()) regOf.set(i, m.reg(`r${i}`, UInt(W), { reset: 0 }));
      const items = spec.kinds.map((kind, i) => {
        if (kind === 'reg') {
          regOf.get(i)!.set(data[i]);
          return regOf.get(i)!;
        }
        if (kind === 'input') return data[i];
        if (kind === 'wire') return m.node(`w${i}`, data[i].xor(0x5a));
        return lit(spec.consts[i], UInt(W));
      });
      const out = m.output('out', UInt(W));
      out.set(pick(items, index));
      // The pick in a register's next value (an edge function; without the wires, so that only
      // the comb picks read them: the full variant then keeps them in locals, not in $s) ...
      const held = m.reg('held', UInt(W), { reset: 0 });
      held.set(pick(items.map((item, i) => (spec.kinds[i] === 'wire' ? data[i] : item)), index2));
      m.output('held_out', UInt(W)).set(held);
      // ... and as the index of another pick (its low bits).
      const chained = m.output('chained', UInt(W));
      chained.set(pick(items, pick(items, index).bits(spec.indexWidth - 1, 0)));
      return { index };
    }),
  );

const OUTPUTS = ['out', 'held_out', 'chained'];

/** The outputs of every cycle by pick's contract: items[i] for i < count, else items[0]; registers hold the previous cycle's data. */
function expected(spec: Spec): number[][] {
  let regs = spec.kinds.map(() => 0);
  let held = 0;
  return spec.cycles.map((cycle) => {
    const items = spec.kinds.map((kind, i) => (kind === 'reg' ? regs[i] : kind === 'input' ? cycle.data[i] : kind === 'wire' ? cycle.data[i] ^ 0x5a : spec.consts[i]));
    const picked = (i: number) => (i < items.length ? items[i] : items[0]);
    const row = [picked(cycle.index), held, picked(picked(cycle.index) & (2 ** spec.indexWidth - 1))];
    const heldItems = spec.kinds.map((kind, i) => (kind === 'wire' ? cycle.data[i] : items[i]));
    held = cycle.index2 < heldItems.length ? heldItems[cycle.index2] : heldItems[0];
    regs = cycle.data.slice();
    return row;
  });
}

function check(spec: Spec): void {
  const want = expected(spec);
  // Poke, peek, step: peeks settle through the activity variant.
  const sim = compileSim(design(spec), { evaluation: spec.evaluation });
  spec.cycles.forEach((cycle, c) => {
    sim.poke('index', cycle.index);
    sim.poke('index2', cycle.index2);
    cycle.data.forEach((v, k) => sim.poke(`d${k}`, v));
    OUTPUTS.forEach((name, k) => expect(sim.peek(name), `cycle ${c}: ${name}`).toBe(BigInt(want[c][k])));
    sim.step();
  });
  // Every cycle in one batch: full evaluation runs without peeks in between (values it keeps in locals only).
  const batch = compileSim(design(spec), { evaluation: spec.evaluation });
  const ins = ['index', 'index2', ...spec.kinds.map((_, k) => `d${k}`)].map((n) => batch.portIndex(n));
  const outs = OUTPUTS.map((n) => batch.portIndex(n));
  const columns = outs.map(() => new Float64Array(spec.cycles.length));
  batch.runRows(spec.cycles.map((cycle) => [cycle.index, cycle.index2, ...cycle.data]), ins, outs, outs.map(() => W), columns, []);
  spec.cycles.forEach((_, c) => OUTPUTS.forEach((name, k) => expect(columns[k]![c], `batch cycle ${c}: ${name}`).toBe(want[c][k])));
}

describe('pick trees read as lookups', () => {
  test.prop([specArb], { numRuns: 150 })('read what pick promises, in comb logic, registers and nested picks', check);
});
