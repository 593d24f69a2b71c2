// `neurotile emulate`: inference on the cycle-accurate chip emulator:
// accuracy, calibration, OOD AUROC, cycles and energy per inference
// (tools/emulate, workloads/inference). This file only wires it up.
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';

export const emulate: CommandModule = {
  name: 'emulate',
  summary: 'run Fashion-MNIST inference on the chip emulator: accuracy, calibration, OOD AUROC, cycles and energy per inference',
  configure(cmd: Command) {
    cmd
      .option('--config <file>', 'JSON of chip parameters (the chip target\'s keys, plus clockHz); default: the reference chip at 100 MHz')
      .option('--network <file>', 'network file (default: workloads/networks/fashion-mnist-snn.json)')
      .option('--dataset-dir <dir>', 'folder with the Fashion-MNIST .gz files (default /usr/share/datasets/fashion-mnist)')
      .option('--limit <n>', 'the first n test images (default: all 10,000)')
      .option('--samples <s>', 'samples S per image, 1..255 (default 1)')
      .option('--timesteps <t>', "timesteps T per sample (default: the network's)")
      .option('--t-s <seconds>', 'time since programming the devices are drifted to (default 3600)')
      .option('--no-drift-compensation', 'do not divide thresholds by the global drift-compensation factor')
      .option('--seed <x>', 'seed of programming noise, read noise and the samplers (default 1)')
      .option('--workers <n>', 'worker threads (default: the number of cores, at most 8)');
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { runEmulate } = await import('../../emulate/run-emulate.ts');
    const { formatEmulate } = await import('../../emulate/format.ts');
    const { progressBar } = await import('../../emulate/progress.ts');
    const { createProgress } = await import('../progress.ts');
    const quiet = ctx.json || Boolean(opts.quiet);
    const write = (s: string) => process.stderr.write(s);
    // At a terminal the shared bar (tools/cli/progress.ts); elsewhere a line every 10%.
    const bar = createProgress({ unit: 'images', total: 1, json: ctx.json, quiet: Boolean(opts.quiet) });
    const progress = bar.active
      ? (done: number, total: number) => {
          bar.setTotal(total);
          bar.update(done);
        }
      : progressBar('emulate', write, false);
    let json;
    try {
      json = await runEmulate(opts, {
        root: ctx.root,
        version: ctx.generator.replace(/^neurotile /, ''),
        ...(quiet ? {} : { progress, log: bar.active ? () => {} : ctx.progress }),
      });
    } finally {
      bar.stop();
    }
    return { exitCode: 0, json: json as unknown as Record<string, unknown>, human: formatEmulate(json) };
  },
};
