// checkFits on random chip configurations (fast-check): a network fits a
// chip exactly when the rules written out here (independently of plan.ts)
// hold, and every misfit is one BadInput line naming the chip.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { REFERENCE_TILE } from '../../emulator/tile/index.ts';
import { loadNetwork } from '../network/format.ts';
import { checkFits } from './plan.ts';

const net = loadNetwork(new URL('../networks/fashion-mnist-snn.json', import.meta.url).pathname);

describe('checkFits', () => {
  test.prop(
    [
      fc.record({
        width: fc.integer({ min: 1, max: 4 }),
        height: fc.integer({ min: 1, max: 2 }),
        rows: fc.constantFrom(64, 128, 196, 197, 200, 256),
        cols: fc.constantFrom(8, 10, 64, 127, 128, 256),
        gbits: fc.integer({ min: 1, max: 8 }),
        classes: fc.integer({ min: 0, max: 16 }),
        vBits: fc.integer({ min: 4, max: 24 }),
      }),
    ],
    { numRuns: 300 },
  )('fits exactly when the mesh, rows, columns, levels, classes and threshold width allow it', (c) => {
    const chip = { width: c.width, height: c.height, tile: { ...REFERENCE_TILE, rows: c.rows, cols: c.cols, gbits: c.gbits, classes: c.classes, vBits: c.vBits } };
    // The shipped network: 196 + bias -> 128 on tile (0,0), 128 + bias -> 10 on tile (1,0), 4-bit levels.
    const thetaMax = Math.max(...net.layers.map((l) => l.threshold));
    const fits = c.width >= 2 && c.rows >= 197 && c.cols >= 128 && c.gbits === 4 && c.classes >= 10 && thetaMax <= 2 ** (c.vBits - 1) - 1;
    let error: unknown;
    try {
      checkFits(net, chip);
    } catch (err) {
      error = err;
    }
    expect(error === undefined).toBe(fits);
    if (error) {
      expect((error as Error).name).toBe('BadInput');
      expect((error as Error).message).toMatch(/^network 'fashion-mnist-snn' does not fit the chip \(/);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
