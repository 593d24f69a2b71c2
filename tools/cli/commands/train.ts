// `neurotile train`: trains the shipped spiking network offline,
// deterministically (workloads/train). The workload module checks the options
// (BadInput -> exit 2) and does the work; this file only wires it up.
import type { Command } from 'commander';
import type { CommandModule } from '../cli.ts';

export const train: CommandModule = {
  name: 'train',
  summary: 'train the shipped spiking network offline (deterministic: regenerates the shipped file)',
  configure(cmd: Command) {
    cmd
      .option('--out <file>', 'network file to write (default: the shipped workloads/networks/ file)')
      .option('--open-set', 'the open-set variant: classes 8 and 9 held out')
      .option('--seed <n>', 'training seed (default 1)')
      .option('--epochs <n>', 'training epochs (default 15)')
      .option('--hidden <n>', 'hidden neurons, 1..255 (default 128)')
      .option('--dataset-dir <dir>', 'folder with the Fashion-MNIST .gz files (default /usr/share/datasets/fashion-mnist)')
      .option('--train-limit <n>', 'train on the first n training images only (quick runs)')
      .option('--validation-images <n>', 'last training images held out of training for tuning (default 5000)')
      .option('--tune-images <n>', 'held-out images for the mapping search and readout fit (default 1000)')
      .option('--permute-labels', 'train on randomly permuted labels (sanity check: scores near chance)');
  },
  async run(opts, ctx) {
    const { runTrainCommand } = await import('../../../workloads/train/train-command.ts');
    const r = await runTrainCommand(opts, ctx.root, ctx.progress);
    return { exitCode: 0, json: r.json, human: r.human };
  },
};
