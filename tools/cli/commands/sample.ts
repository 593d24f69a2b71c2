// `neurotile sample`: the LFSR-free sampler on the emulator: density, error,
// correlation, NIST randomness tests and cost per bit (tools/sampler-report.ts).
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';

export const sample: CommandModule = {
  name: 'sample',
  summary: 'the LFSR-free sampler on the emulator: density, error, correlation, randomness tests, cost per bit',
  configure(cmd: Command) {
    cmd
      .option('--p <p>', 'Bernoulli probability to sample (quantized to k/256), default 0.5')
      .option('--n <bits>', 'unbiased bits to collect, default 100000')
      .option('--lanes <count>', 'sampler lanes (entropy-macro columns), 1..32, default 16')
      .option('--t-s <seconds>', 'time since programming the entropy macro was drifted to, default 0')
      .option('--seed <seed>', "seed of the twin's read noise, default 1")
      .option('--read-noise <x>', 'read noise scale, 0 = off, default 1')
      .option('--raw <file>', 'write the N unbiased bits to FILE, packed msb first (written whole or not at all)');
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { parseSampleOptions, runSample, formatSample } = await import('../../sampler-report.ts');
    const report = runSample(parseSampleOptions(opts), ctx.progress);
    return { exitCode: report.passed ? 0 : 1, json: report as unknown as Record<string, unknown>, human: `${formatSample(report)}\n` };
  },
};
