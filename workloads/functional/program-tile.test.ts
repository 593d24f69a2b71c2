// The drift-compensation readout region: over the layer's pairs (the
// default) against the whole tile (GlobalDriftCompensation of the device
// model, an independent implementation).
import { expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { programTile } from './program-tile.ts';

const layerArb = fc
  .record({
    rows: fc.integer({ min: 2, max: 24 }),
    cols: fc.integer({ min: 2, max: 24 }),
    gbits: fc.constantFrom(2, 4),
    tS: fc.constantFrom(3600, 86_400, 31_536_000),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .chain((p) => fc.record({ p: fc.constant(p), levels: fc.array(fc.integer({ min: -(2 ** p.gbits - 1), max: 2 ** p.gbits - 1 }), { minLength: p.rows * p.cols, maxLength: p.rows * p.cols }) }));

fcTest.prop([layerArb], { seed: 41, numRuns: 40 })('a layer filling the whole tile: layer alpha = whole-tile alpha (seed 41)', ({ p, levels }) => {
  const o = { gbits: p.gbits, tS: p.tS, seed: p.seed, rows: p.rows, cols: p.cols };
  const layer = programTile(levels, p.rows, p.cols, { ...o, compensationRegion: 'layer' });
  const tile = programTile(levels, p.rows, p.cols, { ...o, compensationRegion: 'tile' });
  expect(layer.alpha).toBeCloseTo(tile.alpha, 10);
  expect(layer.alpha).toBeGreaterThan(1);
  // The region changes alpha only: the programmed levels are the same devices.
  expect(layer.plus).toEqual(tile.plus);
  expect(layer.minus).toEqual(tile.minus);
});

fcTest.prop([layerArb], { seed: 42, numRuns: 20 })('a small strong layer in a big tile: the whole-tile alpha is larger (unused pairs at 0 drift fastest) (seed 42)', ({ p }) => {
  const lMax = 2 ** p.gbits - 1;
  // Full-scale weights: the layer's devices sit at high conductance, where drift is slowest.
  const levels = Array.from({ length: p.rows * p.cols }, (_, i) => (i % 2 ? lMax : -lMax));
  const o = { gbits: p.gbits, tS: p.tS, seed: p.seed, rows: 64, cols: 64 };
  const layer = programTile(levels, p.rows, p.cols, { ...o, compensationRegion: 'layer' });
  const tile = programTile(levels, p.rows, p.cols, { ...o, compensationRegion: 'tile' });
  expect(tile.alpha).toBeGreaterThan(layer.alpha);
  expect(programTile(levels, p.rows, p.cols, o).alpha).toBe(layer.alpha); // 'layer' is the default
});
