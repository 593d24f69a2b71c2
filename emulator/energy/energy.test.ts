// The energy model: every counter has an entry, energy recomputed from the
// JSON table and counters by an independent sum equals energyOf, the
// component breakdown sums to the total, pJ/SOP and the side-by-side list.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { COMPONENTS, COUNTER_NAMES, checkEnergyTable, energyOf, pjPerSynapticOp, referenceEnergyTable, sideBySide, sumCounters, synapticOps, zeroCounters, type Counters } from './index.ts';

const raw = JSON.parse(readFileSync(new URL('./table.json', import.meta.url), 'utf8'));

describe('reference energy table', () => {
  test('one entry per counter, each with value, component, status, source, node and scaling', () => {
    expect(Object.keys(raw.entries).sort()).toEqual([...COUNTER_NAMES].sort());
    expect(COUNTER_NAMES).toHaveLength(19);
    for (const name of COUNTER_NAMES) {
      const e = raw.entries[name];
      expect(e.pj, name).toBeGreaterThanOrEqual(0);
      expect(['published', 'derived', 'estimate']).toContain(e.status);
      for (const k of ['source', 'node', 'scaled']) expect(typeof e[k] === 'string' && e[k].length > 0, `${name}.${k}`).toBe(true);
    }
    expect(raw.staticPowerPerTileW.value).toBeGreaterThan(0);
    expect(raw.clockHz).toBe(100e6);
  });

  test('a table missing an entry or with a stray one is rejected', () => {
    const t = referenceEnergyTable();
    const { spikes: _gone, ...rest } = t.entries;
    expect(() => checkEnergyTable({ ...t, entries: rest as typeof t.entries })).toThrow(/missing entries spikes/);
    expect(() => checkEnergyTable({ ...t, entries: { ...t.entries, bogus: t.entries.spikes } as typeof t.entries })).toThrow(/unknown entries bogus/);
  });

  test('the ADC entry is the Murmann envelope at ENOB 8: 0.27 + 1.45e-7 * 4^8 pJ', () => {
    expect(raw.entries.adc_conversions.pj).toBeCloseTo(0.27 + 1.45e-7 * 4 ** 8, 2);
  });
});

const countsArb = fc.record(Object.fromEntries(COUNTER_NAMES.map((c) => [c, fc.integer({ min: 0, max: 2 ** 32 - 1 })])) as Record<string, fc.Arbitrary<number>>) as fc.Arbitrary<Counters>;

describe('energy from counters (fast-check, seed 20; replay with the same seed)', () => {
  fcTest.prop([countsArb], { seed: 20, numRuns: 200 })('recomputed from the JSON equals energyOf; components sum to the total', (counters) => {
    const r = energyOf(counters);
    // Independent recomputation straight from the JSON file.
    let expected = (raw.staticPowerPerTileW.value * counters.cycles * 1e12) / raw.clockHz;
    for (const name of COUNTER_NAMES) expected += counters[name] * raw.entries[name].pj;
    // Same terms, summed in another order: equal up to rounding (relative 1e-12).
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    close(r.totalPj, expected);
    close(COMPONENTS.reduce((s, c) => s + r.byComponent[c], 0), r.totalPj);
    close(Object.values(r.byCounter).reduce((a, b) => a + b, 0) + r.staticPj, r.totalPj);
  });
});

describe('hand-worked run', () => {
  test('1000 ADC conversions and 10^5 cycles on 2 tiles at 100 MHz', () => {
    const c = { ...zeroCounters(), adc_conversions: 1000, cycles: 100_000 };
    const r = energyOf(c, referenceEnergyTable(), { tiles: 2 });
    // ADC: 1000 x 0.28 pJ; clock: 10^5 x 0.5 pJ; static: 5 uW x 10^5 / 10^8 s = 5 nJ = 5000 pJ.
    expect(r.byComponent.adc).toBeCloseTo(280, 9);
    expect(r.byComponent.control).toBeCloseTo(50_000, 6);
    expect(r.staticPj).toBeCloseTo(5000, 6);
    expect(r.totalPj).toBeCloseTo(280 + 50_000 + 5000, 6);
    expect(r.seconds).toBeCloseTo(0.5e-3, 12);
    expect(energyOf(c, referenceEnergyTable(), { clockHz: 50e6 }).staticPj).toBeCloseTo(10_000, 6);
  });

  test('pJ per synaptic op: one SOP per sensed pair; side by side with the published chips', () => {
    const c = { ...zeroCounters(), device_reads: 2000 };
    expect(synapticOps(c)).toBe(1000);
    expect(pjPerSynapticOp(5000, synapticOps(c))).toBe(5);
    expect(pjPerSynapticOp(1, 0)).toBeNaN();
    const table = sideBySide(5);
    expect(table[0]).toMatchObject({ name: 'neurotile (this run)', pjPerSop: 5 });
    expect(table.map((r) => r.name)).toEqual(expect.arrayContaining(['ODIN', 'Loihi', 'TrueNorth', 'SpiNNaker2', 'IBM HERMES (one-phase)']));
    expect(table.find((r) => r.name === 'ODIN')!.pjPerSop).toBe(12.7);
  });

  test('counters of several tiles sum per name; negative counts are rejected', () => {
    const a = { ...zeroCounters(), spikes: 3, cycles: 10 };
    const b = { ...zeroCounters(), spikes: 4, cycles: 10 };
    expect(sumCounters(a, b)).toMatchObject({ spikes: 7, cycles: 20 });
    expect(() => energyOf({ ...zeroCounters(), spikes: -1 })).toThrow(/spikes must be a count >= 0/);
  });
});
