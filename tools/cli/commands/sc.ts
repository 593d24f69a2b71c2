// `neurotile sc`: one bitstream-ALU operation on the emulator: exact,
// estimate, error (tools/sc-report.ts).
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';

export const sc: CommandModule = {
  name: 'sc',
  summary: 'one stochastic-computing ALU operation on the emulator: exact, estimate, error',
  configure(cmd: Command) {
    cmd
      .option('--op <op>', 'pass, mul, bmul, add, or, div, tanh or sub (default mul)')
      .option('--a <value>', 'first operand: a probability in [0, 1] (bipolar ops bmul, tanh: a value in [-1, 1]), default 0.5')
      .option('--b <value>', 'second operand (two-operand ops), default 0.5')
      .option('--n <cycles>', 'stream length N, default 1024')
      .option('--seed <seed>', "seed of the sampler twin's read noise, default 1");
  },
  async run(opts): Promise<CommandResult> {
    const { parseScOptions, runSc, formatSc } = await import('../../sc-report.ts');
    const report = runSc(parseScOptions(opts));
    return { exitCode: 0, json: report as unknown as Record<string, unknown>, human: `${formatSc(report)}\n` };
  },
};
