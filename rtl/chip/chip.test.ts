// The chip RTL is lint-clean (Verilator -Wall, Icarus, Yosys) and rejects
// meshes the spec does not allow.
import { describe, expect, it } from 'vitest';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { elaborate } from '../../gen/index.ts';
import { DEFAULT_TILE_CONFIG } from '../tile/index.ts';
import { Chip } from './chip.ts';

describe('chip RTL', () => {
  it.each([
    [1, 1],
    [2, 1],
    [2, 2],
  ])('a %i x %i chip is lint-clean', async (width, height) => {
    await expectLintClean(Chip({ width, height, tile: DEFAULT_TILE_CONFIG }));
  }, 900_000);

  it('emits the tile once for every position', () => {
    const names = elaborate(Chip({ width: 2, height: 2, tile: DEFAULT_TILE_CONFIG })).modules.map((m) => m.name);
    expect(names.filter((n) => n.startsWith('Tile_'))).toHaveLength(1);
  });

  it('rejects meshes the router cannot address', () => {
    expect(() => Chip({ width: 3, height: 1, tile: DEFAULT_TILE_CONFIG })).toThrow(/width must be a whole number from 1 to 2, got 3/);
    expect(() => Chip({ width: 4, height: 8, tile: { ...DEFAULT_TILE_CONFIG, xBits: 3, yBits: 3 } })).toThrow(/width x height must be a whole number from 1 to 16, got 32/);
  });
});
