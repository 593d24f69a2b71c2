// `neurotile emulate`: inference on the cycle-accurate chip emulator:
// accuracy, calibration, OOD AUROC, cycles and energy per inference
// (tools/emulate, workloads/inference). This file only wires it up;
// tools/emulate/options.ts checks the values again (the same bounds).
import { defineCommand, opt, type OptionSpec } from '../options.ts';

/** On unless --no-drift-compensation is given (commander's negatable option). */
const compensation: OptionSpec<boolean> & { default: boolean } = { flags: '--no-drift-compensation', help: 'do not divide thresholds (and leak) by the global drift-compensation factor', default: true };

export const emulate = defineCommand({
  name: 'emulate',
  summary: 'run Fashion-MNIST inference on the chip emulator: accuracy, calibration, OOD AUROC, cycles and energy per inference',
  options: {
    config: opt.text('--config <file>', "JSON of chip parameters (the chip target's keys, plus clockHz); default: the reference chip at 100 MHz"),
    network: opt.text('--network <file>', 'network file (default: workloads/networks/fashion-mnist-snn.json)'),
    datasetDir: opt.text('--dataset-dir <dir>', 'folder with the Fashion-MNIST .gz files (default /usr/share/datasets/fashion-mnist)'),
    limit: opt.int('--limit <n>', 'the first n test images (default: all 10,000)', { min: 1, max: 10000 }),
    samples: opt.int('--samples <s>', 'samples S per image', { min: 1, max: 255, default: 1 }),
    timesteps: opt.int('--timesteps <t>', "timesteps T per sample (default: the network's)", { min: 2, max: 4096 }),
    tS: opt.number('--t-s <seconds>', 'time since programming the devices are drifted to', { min: 1, max: 1e10, default: 3600, unit: 's' }),
    driftCompensation: compensation,
    seed: opt.int('--seed <x>', 'seed of programming noise, read noise and the samplers', { min: 0, max: 2 ** 32 - 1, default: 1 }),
    workers: opt.int('--workers <n>', 'worker threads (default: the number of cores, at most 8)', { min: 1, max: 16 }),
  },
  async run(o, ctx) {
    const { runEmulate } = await import('../../emulate/run-emulate.ts');
    const { formatEmulate } = await import('../../emulate/format.ts');
    const { progressBar } = await import('../../emulate/progress.ts');
    const { createProgress } = await import('../progress.ts');
    const str = (v: number | undefined) => (v === undefined ? undefined : String(v));
    const quiet = ctx.json;
    // At a terminal the shared bar (tools/cli/progress.ts); elsewhere a line every 10%.
    const bar = createProgress({ unit: 'images', total: 1, json: ctx.json });
    const progress = bar.active
      ? (done: number, total: number) => {
          bar.setTotal(total);
          bar.update(done);
        }
      : // Lines through ctx.progress, which --quiet silences.
        progressBar('emulate', (line) => ctx.progress(line.replace(/\n$/, '')), false);
    let json;
    try {
      json = await runEmulate(
        { ...o, limit: str(o.limit), samples: str(o.samples), timesteps: str(o.timesteps), tS: str(o.tS), seed: str(o.seed), workers: str(o.workers) },
        {
          root: ctx.root,
          version: ctx.generator.replace(/^neurotile /, ''),
          ...(quiet ? {} : { progress, log: bar.active ? () => {} : ctx.progress }),
        },
      );
    } finally {
      bar.stop();
    }
    return { exitCode: 0, json: json as unknown as Record<string, unknown>, human: formatEmulate(json) };
  },
});
