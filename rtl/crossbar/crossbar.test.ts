// The crossbar RTL is lint-clean (Verilator -Wall, Icarus, Yosys) and rejects
// parameters the spec does not allow with a clear message.
import { describe, expect, it } from 'vitest';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { elaborate } from '../../gen/index.ts';
import { Crossbar, CrossbarController, CrossbarTwin } from './index.ts';

describe('crossbar RTL', () => {
  const configs = [
    { rows: 16, cols: 16, gbits: 4, adcBits: 6, adcShare: 4 },
    { rows: 1, cols: 1, gbits: 1, adcBits: 1, adcShare: 1 },
    { rows: 7, cols: 12, gbits: 8, adcBits: 8, adcShare: 4 },
  ];
  it.each(configs)('is lint-clean at $rows x $cols, share $adcShare', async (config) => {
    await expectLintClean(Crossbar(config));
  }, 120_000);

  it('emits the twin and the controller as separate modules', () => {
    const design = elaborate(Crossbar(configs[0]!));
    const names = design.modules.map((m) => m.name);
    expect(names.some((n) => n.startsWith('CrossbarTwin'))).toBe(true);
    expect(names.some((n) => n.startsWith('CrossbarController'))).toBe(true);
    expect(names.filter((n) => n.startsWith('Lowbias32'))).toHaveLength(1); // deduplicated
  });

  it('rejects an ADC_SHARE that is not a power of two dividing C', () => {
    expect(() => CrossbarTwin({ rows: 4, cols: 12, gbits: 4, adcBits: 4, adcShare: 3 })).toThrow(/adcShare must be a power of two/);
    expect(() => CrossbarController({ rows: 4, cols: 6, gbits: 4, adcBits: 4, adcShare: 4 })).toThrow(/divides cols \(6\)/);
    expect(() => Crossbar({ rows: 300, cols: 6, gbits: 4, adcBits: 4, adcShare: 2 })).toThrow(/rows must be a whole number from 1 to 256/);
  });
});
