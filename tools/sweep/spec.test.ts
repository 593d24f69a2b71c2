// The sweep spec (errors name the field, points in grid order with stable
// ids, shards), the Pareto front against its definition on random point
// clouds, and the CSV table format.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { expandPoints, metricsFor, parseSpec, shardsOf } from './spec.ts';
import { paretoFront } from './table.ts';
import { arrayList } from './slurm-engine.ts';

const bad = (value: unknown) => {
  try {
    parseSpec(value, 'sweep.json');
  } catch (err) {
    expect((err as Error).name).toBe('UsageError');
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('sweep spec', () => {
  it('names the file and the field in every error', () => {
    expect(bad({ grid: { 'chip.adcBits': [4, 'x', null] } })).toMatch(/^sweep\.json: grid\.chip\.adcBits\[2\]: /);
    expect(bad({ grid: { colour: [1] } })).toMatch(/^sweep\.json: grid\.colour: not a point field/);
    expect(bad({ points: [{ timesteps: 0 }] })).toMatch(/^sweep\.json: points\[0\]\.timesteps: /);
    expect(bad({ points: [{}], shardSize: 0 })).toMatch(/^sweep\.json: shardSize: /);
    expect(bad({ points: [{}], slurm: { time: 'soon' } })).toMatch(/^sweep\.json: slurm\.time: Slurm time/);
    expect(bad({ points: [{}], frobnicate: 1 })).toMatch(/^sweep\.json: \(top level\): .*'frobnicate'/);
    expect(bad({})).toBe("sweep.json: no points: give 'grid' or 'points'");
    const cosimWithChip = parseSpec({ points: [{ kind: 'cosim', target: 'fifo', chip: { adcBits: 4 } }] }, 'sweep.json');
    expect(() => expandPoints(cosimWithChip, 'sweep.json')).toThrow("sweep.json: point 0: 'chip.adcBits' is not a parameter of a cosim point");
  });

  it('expands the grid with the last key fastest, then the list; ids carry index and parameter hash', () => {
    const spec = parseSpec({ base: { timesteps: 4 }, grid: { 'chip.adcBits': [4, 8], samples: [1, 2, 3] }, points: [{ tS: 86400 }], shardSize: 4 }, 's');
    const pts = expandPoints(spec);
    expect(pts.map((p) => [p.params['chip.adcBits'], p.params.samples])).toEqual([
      [4, 1], [4, 2], [4, 3], [8, 1], [8, 2], [8, 3], [undefined, undefined],
    ]);
    expect(pts[6]!.params).toEqual({ seed: 1, tS: 86400, timesteps: 4 });
    expect(pts.every((p, i) => p.id.startsWith(`p${String(i).padStart(4, '0')}-`))).toBe(true);
    expect(new Set(pts.map((p) => p.id)).size).toBe(7);
    // The same parameters give the same id; other images give another one.
    expect(expandPoints(spec).map((p) => p.id)).toEqual(pts.map((p) => p.id));
    const otherImages = parseSpec({ ...spec, images: { count: 10, seed: 1 } }, 's');
    expect(expandPoints(otherImages)[0]!.id).not.toBe(pts[0]!.id);
    expect(shardsOf(pts, 4).map((s) => s.length)).toEqual([4, 3]);
    expect(metricsFor(parseSpec({ points: [{}], metrics: ['ece'] }, 's'), 'emulate')).toEqual(['accuracy', 'ece', 'latencyUs', 'energyPj']);
  });

  it('cosim points get their defaults, seeds per point', () => {
    const pts = expandPoints(parseSpec({ base: { kind: 'cosim', target: 'router' }, grid: { seed: [5, 6] } }, 's'));
    expect(pts.map((p) => p.params)).toEqual([
      { runs: 50, seed: 5, sim: 'dsl', target: 'router' },
      { runs: 50, seed: 6, sim: 'dsl', target: 'router' },
    ]);
  });

  it('writes --array lists compactly', () => {
    expect(arrayList([0, 1, 2, 3, 7, 9, 10])).toBe('0-3,7,9-10');
    expect(arrayList([4])).toBe('4');
  });
});

type Cand = { id: string; acc: number; energy: number; latency: number };
const cloud = fc.array(
  fc.record({ acc: fc.integer({ min: 0, max: 20 }), energy: fc.integer({ min: 1, max: 20 }), latency: fc.integer({ min: 1, max: 20 }) }),
  { minLength: 1, maxLength: 30 },
);

/** The definition, written out: c is on the front when no other point is at least as good everywhere and better somewhere. */
function onFrontByDefinition(c: Cand, all: Cand[], withLatency: boolean): boolean {
  return !all.some((o) => {
    const ge = [o.acc >= c.acc, o.energy <= c.energy, ...(withLatency ? [o.latency <= c.latency] : [])];
    const gt = [o.acc > c.acc, o.energy < c.energy, ...(withLatency ? [o.latency < c.latency] : [])];
    return ge.every(Boolean) && gt.some(Boolean);
  });
}

describe('Pareto front', () => {
  test.prop([cloud, fc.boolean()])('is exactly the set of non-dominated points, in order of energy', (raw, withLatency) => {
    const cands = raw.map((r, i) => ({ id: `p${i}`, ...r }));
    const front = paretoFront(cands, withLatency);
    const expected = cands.filter((c) => onFrontByDefinition(c, cands, withLatency)).map((c) => c.id);
    expect([...front].sort()).toEqual([...expected].sort());
    const energies = front.map((id) => cands.find((c) => c.id === id)!.energy);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    // Along the 2-D front, more energy buys strictly more accuracy.
    if (!withLatency) {
      const accs = front.map((id) => cands.find((c) => c.id === id)!.acc);
      for (let i = 1; i < accs.length; i++) if (energies[i]! > energies[i - 1]!) expect(accs[i]!).toBeGreaterThan(accs[i - 1]!);
    }
  });
});

describe('grid expansion', () => {
  const grid = fc.dictionary(fc.constantFrom('timesteps', 'samples', 'seed', 'chip.adcBits', 'chip.gbits', 'chip.adcShare'), fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }), { minKeys: 1, maxKeys: 4 });
  test.prop([grid, fc.integer({ min: 1, max: 7 })])('gives the product of the value counts, every combination once, shards covering them in order', (g, shardSize) => {
    const pts = expandPoints(parseSpec({ grid: g, shardSize }, 's'));
    const keys = Object.keys(g);
    expect(pts).toHaveLength(keys.reduce((n, k) => n * g[k]!.length, 1));
    const combos = pts.map((p) => JSON.stringify(keys.map((k) => p.params[k])));
    expect(new Set(combos).size).toBe(pts.length);
    expect(new Set(pts.map((p) => p.id)).size).toBe(pts.length);
    const shards = shardsOf(pts, shardSize);
    expect(shards.flat()).toEqual(pts);
    expect(shards.every((s, i) => s.length === (i < shards.length - 1 ? shardSize : pts.length - shardSize * (shards.length - 1)))).toBe(true);
  });
});
