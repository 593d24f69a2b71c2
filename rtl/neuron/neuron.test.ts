// The neuron array RTL is lint-clean (Verilator -Wall, Icarus, Yosys) and
// rejects parameters the spec does not allow with a clear message.
import { describe, expect, it } from 'vitest';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { elaborate } from '../../gen/index.ts';
import { NeuronArray } from './index.ts';

describe('neuron array RTL', () => {
  const configs = [
    { cols: 16, adcShare: 4, adcBits: 6, vBits: 16, refBits: 4, numberBits: 8, lanes: 4 },
    { cols: 1, adcShare: 1, adcBits: 1, vBits: 4, refBits: 8, numberBits: 8, lanes: 1 },
    { cols: 12, adcShare: 4, adcBits: 8, vBits: 24, refBits: 1, numberBits: 16, lanes: 2 },
  ];
  it.each(configs)('is lint-clean with $cols neurons, share $adcShare, vBits $vBits', async (config) => {
    await expectLintClean(NeuronArray(config));
  }, 300_000);

  it('emits the update block once for all units', () => {
    const names = elaborate(NeuronArray(configs[0]!)).modules.map((m) => m.name);
    expect(names.filter((n) => n.startsWith('NeuronUpdate'))).toHaveLength(1);
  });

  it('rejects parameters outside the spec', () => {
    expect(() => NeuronArray({ ...configs[0]!, adcShare: 3 })).toThrow(/adcShare must be a power of two that divides cols \(16\)/);
    expect(() => NeuronArray({ ...configs[0]!, vBits: 3 })).toThrow(/vBits must be a whole number from 4 to 24, got 3/);
    expect(() => NeuronArray({ ...configs[0]!, numberBits: 7 })).toThrow(/numberBits must be a whole number from 8 to 16/);
  });
});
