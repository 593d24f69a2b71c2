// The tile RTL is lint-clean (Verilator -Wall, Icarus, Yosys) in small and odd
// configurations and rejects parameters the spec does not allow.
import { describe, expect, it } from 'vitest';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { elaborate } from '../../gen/index.ts';
import { DEFAULT_TILE_CONFIG, Tile, type TileConfig } from './index.ts';

describe('tile RTL', () => {
  const configs: TileConfig[] = [
    DEFAULT_TILE_CONFIG,
    // 1 x 1 crossbar, one class, one lane, fanout 1
    { ...DEFAULT_TILE_CONFIG, rows: 1, cols: 1, adcShare: 1, classes: 1, fanout: 1, sampler: { ...DEFAULT_TILE_CONFIG.sampler, lanes: 1 } },
    // odd sizes: 40 rows (two CSR words of row masks), 12 columns, 3 units, no classes
    { ...DEFAULT_TILE_CONFIG, rows: 40, cols: 12, adcShare: 4, classes: 0, fanout: 3, vBits: 10, refBits: 2, xBits: 2, yBits: 2, sampler: { ...DEFAULT_TILE_CONFIG.sampler, lanes: 3 } },
  ];
  it.each(configs)('is lint-clean at $rows x $cols, share $adcShare, $classes classes', async (config) => {
    await expectLintClean(Tile(config));
  }, 600_000);

  it('shares one NeuronUpdate and one router FIFO module', () => {
    const names = elaborate(Tile(configs[0]!)).modules.map((m) => m.name);
    expect(names.filter((n) => n.startsWith('NeuronUpdate'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('Fifo'))).toHaveLength(1);
  });

  it('rejects parameters outside the spec', () => {
    expect(() => Tile({ ...DEFAULT_TILE_CONFIG, classes: 17 })).toThrow(/classes must be a whole number from 0 to 16, got 17/);
    expect(() => Tile({ ...DEFAULT_TILE_CONFIG, fanout: 9 })).toThrow(/fanout must be a whole number from 1 to 8, got 9/);
    expect(() => Tile({ ...DEFAULT_TILE_CONFIG, adcShare: 3 })).toThrow(/adcShare must be a power of two that divides cols/);
  });
});
