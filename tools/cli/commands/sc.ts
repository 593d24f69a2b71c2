// `neurotile sc`: one bitstream-ALU operation on the emulator: exact,
// estimate, error (tools/sc-report.ts checks the operand ranges per op).
import type { CommandResult } from '../cli.ts';
import { defineCommand, opt } from '../options.ts';

const OPS = ['pass', 'mul', 'bmul', 'add', 'or', 'div', 'tanh', 'sub'] as const;

export const sc = defineCommand({
  name: 'sc',
  summary: 'one stochastic-computing ALU operation on the emulator: exact, estimate, error',
  options: {
    op: opt.choice('--op <op>', 'operation', OPS, 'mul'),
    a: opt.number('--a <value>', 'first operand: a probability in [0, 1] (bipolar ops bmul, tanh: a value in [-1, 1]), default 0.5', { min: -1, max: 1 }),
    b: opt.number('--b <value>', 'second operand (two-operand ops), default 0.5', { min: -1, max: 1 }),
    n: opt.int('--n <cycles>', 'stream length N', { min: 1, max: 65535, default: 1024 }),
    seed: opt.int('--seed <seed>', "seed of the sampler twin's read noise", { min: 0, max: 0xffffffff, default: 1 }),
  },
  async run(opts): Promise<CommandResult> {
    const { parseScOptions, runSc, formatSc } = await import('../../sc-report.ts');
    const report = runSc(parseScOptions(opts));
    return { exitCode: 0, json: report as unknown as Record<string, unknown>, human: `${formatSc(report)}\n` };
  },
});
