// The sampler RTL is lint-clean (Verilator -Wall, Icarus, Yosys), rejects
// parameters the spec does not allow with a clear message, and holds no
// random source of its own: the only hash in the design is the twin's.
import { describe, expect, it } from 'vitest';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { elaborate } from '../../gen/index.ts';
import { DEFAULT_SAMPLER_CONFIG, Sampler, SamplerDigital, SamplerLane } from './index.ts';

describe('sampler RTL', () => {
  const configs = [
    DEFAULT_SAMPLER_CONFIG,
    { lanes: 1, rows: 1, gbits: 1, adcBits: 2, numberBits: 8, windowLog2: 1, deadband: 0 },
    // (8-bit levels lint too, but the twin's 256-entry sigma table takes Yosys minutes)
    { lanes: 5, rows: 3, gbits: 5, adcBits: 5, numberBits: 16, windowLog2: 12, deadband: 2048 },
  ];
  it.each(configs)('is lint-clean with $lanes lanes, $rows rows, $adcBits-bit ADC, window 2^$windowLog2', async (config) => {
    await expectLintClean(Sampler(config));
  }, 300_000);

  it('is lint-clean without the twin (SamplerDigital, the part next to the hard macro)', async () => {
    await expectLintClean(SamplerDigital(DEFAULT_SAMPLER_CONFIG));
  }, 300_000);

  it('emits one lane module for all lanes, and no hash outside the twin', () => {
    const design = elaborate(Sampler(DEFAULT_SAMPLER_CONFIG));
    const names = design.modules.map((m) => m.name);
    expect(names.filter((n) => n.startsWith('SamplerLane'))).toHaveLength(1);
    // The only pseudo-random function is the twin's noise hash (it stands in for the devices' physics).
    const digital = elaborate(SamplerDigital(DEFAULT_SAMPLER_CONFIG));
    expect(digital.modules.map((m) => m.name).filter((n) => /Lowbias|Noise|Twin/.test(n))).toEqual([]);
    // A hash or a multiplicative generator needs a multiplier; the sampler's logic has none.
    const ir = JSON.stringify(digital, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(ir).not.toMatch(/"op":"mul"/);
    expect(JSON.stringify(elaborate(Sampler(DEFAULT_SAMPLER_CONFIG)), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toMatch(/"op":"mul"/);
  });

  it('rejects parameters outside the spec with the rule they break', () => {
    expect(() => Sampler({ ...DEFAULT_SAMPLER_CONFIG, lanes: 33 })).toThrow(/Sampler: lanes must be a whole number from 1 to 32, got 33/);
    expect(() => Sampler({ ...DEFAULT_SAMPLER_CONFIG, numberBits: 7 })).toThrow(/numberBits must be a whole number from 8 to 16/);
    expect(() => Sampler({ ...DEFAULT_SAMPLER_CONFIG, windowLog2: 4, deadband: 9 })).toThrow(/deadband must be a whole number from 0 to 8, got 9/);
    expect(() => SamplerLane({ ...DEFAULT_SAMPLER_CONFIG, adcBits: 1 })).toThrow(/SamplerLane: adcBits must be a whole number from 2 to 8/);
  });
});
