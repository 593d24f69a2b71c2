// `neurotile train`: trains the shipped spiking network offline,
// deterministically (workloads/train). The workload module checks the options
// again (BadInput -> exit 2) and does the work; this file only wires it up.
import { defineCommand, opt } from '../options.ts';

export const train = defineCommand({
  name: 'train',
  summary: 'train the shipped spiking network offline (deterministic: regenerates the shipped file)',
  options: {
    out: opt.text('--out <file>', 'network file to write (default: the shipped workloads/networks/ file)'),
    openSet: opt.flag('--open-set', 'the open-set variant: classes 8 and 9 held out'),
    seed: opt.int('--seed <n>', 'training seed', { min: 0, max: 2 ** 31 - 1, default: 1 }),
    epochs: opt.int('--epochs <n>', 'training epochs', { min: 1, max: 1000, default: 15 }),
    hidden: opt.int('--hidden <n>', 'hidden neurons', { min: 1, max: 255, default: 255 }),
    datasetDir: opt.text('--dataset-dir <dir>', 'folder with the Fashion-MNIST .gz files (default /usr/share/datasets/fashion-mnist)'),
    trainLimit: opt.int('--train-limit <n>', 'train on the first n training images only (quick runs)', { min: 100, max: 60000 }),
    validationImages: opt.int('--validation-images <n>', 'last training images held out of training for tuning', { min: 10, max: 30000, default: 5000 }),
    tuneImages: opt.int('--tune-images <n>', 'held-out images for the mapping search and readout fit', { min: 10, max: 60000, default: 1000 }),
    permuteLabels: opt.flag('--permute-labels', 'train on randomly permuted labels (sanity check: scores near chance)'),
  },
  async run(opts, ctx) {
    const { runTrainCommand } = await import('../../../workloads/train/train-command.ts');
    const str = (v: number | undefined) => (v === undefined ? undefined : String(v));
    const r = await runTrainCommand(
      {
        ...opts,
        seed: str(opts.seed),
        epochs: str(opts.epochs),
        hidden: str(opts.hidden),
        trainLimit: str(opts.trainLimit),
        validationImages: str(opts.validationImages),
        tuneImages: str(opts.tuneImages),
      },
      ctx.root,
      ctx.progress,
    );
    return { exitCode: 0, json: r.json, human: r.human };
  },
});
