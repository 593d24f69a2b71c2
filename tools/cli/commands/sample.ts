// `neurotile sample`: the LFSR-free sampler on the emulator: density, error,
// correlation, NIST randomness tests and cost per bit (tools/sampler-report.ts).
import type { CommandResult } from '../cli.ts';
import { defineCommand, opt } from '../options.ts';

export const sample = defineCommand({
  name: 'sample',
  summary: 'the LFSR-free sampler on the emulator: density, error, correlation, randomness tests, cost per bit',
  options: {
    p: opt.number('--p <p>', 'Bernoulli probability to sample, strictly below 1, quantized to k/256', { min: 0, minExclusive: true, max: 1, default: 0.5 }),
    n: opt.int('--n <bits>', 'unbiased bits to collect', { min: 1, max: 100_000_000, default: 100_000 }),
    lanes: opt.int('--lanes <count>', 'sampler lanes (entropy-macro columns)', { min: 1, max: 32, default: 16 }),
    tS: opt.number('--t-s <seconds>', 'time since programming the entropy macro', { min: 0, max: 1e12, default: 0, unit: 's' }),
    seed: opt.int('--seed <seed>', "seed of the twin's read noise", { min: 0, max: 0xffffffff, default: 1 }),
    readNoise: opt.number('--read-noise <x>', 'read noise scale, 0 = off', { min: 0, max: 100, default: 1 }),
    raw: opt.text('--raw <file>', 'write the N unbiased bits to FILE, packed msb first (written whole or not at all)'),
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { parseSampleOptions, runSample, formatSample } = await import('../../sampler-report.ts');
    const report = runSample(parseSampleOptions(opts), ctx.progress);
    return { exitCode: report.passed ? 0 : 1, json: report as unknown as Record<string, unknown>, human: `${formatSample(report)}\n` };
  },
});
