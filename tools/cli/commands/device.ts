// `neurotile device`: statistics of the PCM device model (programmed, drifted
// and read conductance). The emulator's device module validates and formats;
// its BadInput errors are bad input (exit 2) like a UsageError.
import type { Command } from 'commander';
import type { CommandModule } from '../cli.ts';

export const device: CommandModule = {
  name: 'device',
  summary: 'statistics of the PCM device model (programmed, drifted, read conductance)',
  configure(cmd: Command) {
    cmd
      .option('--g-us <uS>', 'target conductance in microsiemens')
      .option('--t-s <seconds>', 'time since programming')
      .option('--n <count>', 'number of devices sampled')
      .option('--seed <seed>', 'noise seed');
  },
  async run(opts) {
    const { runDeviceCommand } = await import('../../../emulator/device/cli.ts');
    const r = runDeviceCommand({ gUs: opts.gUs as string | undefined, tS: opts.tS as string | undefined, n: opts.n as string | undefined, seed: opts.seed as string | undefined });
    return { exitCode: 0, json: r.json as unknown as Record<string, unknown>, human: `${r.text}\n` };
  },
};
