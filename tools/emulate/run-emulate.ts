// `neurotile emulate`: options -> network, chip config, data -> the run on
// the chip emulator (workloads/inference) -> the one JSON object (the shape
// docs/cli.md documents; `report` and `sweep` read it) and the human table.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { referenceEnergyTable } from '../../emulator/energy/index.ts';
import { loadFashionMnist, take } from '../../workloads/fashion-mnist.ts';
import { loadNetwork } from '../../workloads/network/format.ts';
import { runInference } from '../../workloads/inference/run.ts';
import { checkFits } from '../../workloads/inference/plan.ts';
import { loadChipConfig } from './config.ts';
import { parseEmulateOptions, type EmulateCliOptions } from './options.ts';

export interface EmulateContext {
  root: string;
  version: string;
  /** Progress bar callback (undefined: none). */
  progress?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

export async function runEmulate(cli: EmulateCliOptions, ctx: EmulateContext) {
  const o = parseEmulateOptions(cli, ctx.root);
  const energyTable = referenceEnergyTable();
  const cfg = loadChipConfig(o.config, energyTable.clockHz);
  const net = loadNetwork(o.network);
  checkFits(net, cfg.chip);
  const sha256 = createHash('sha256').update(readFileSync(o.network)).digest('hex');
  const data = take(loadFashionMnist('test', o.datasetDir), o.limit);
  const timesteps = o.timesteps ?? net.timesteps;
  const cond = { tS: o.tS, compensate: o.driftCompensation, seed: o.seed, timesteps, samples: o.samples };
  const r = await runInference({ net, chip: cfg.chip, clockHz: cfg.clockHz, energyTable, data, cond, workers: o.workers, progress: ctx.progress, log: ctx.log });
  const openSet = net.heldOutClasses.length > 0;
  const json = {
    command: 'emulate',
    version: ctx.version,
    config: {
      chip: cfg.chip,
      configFile: cfg.file ?? null,
      clockHz: cfg.clockHz,
      network: { file: o.network, sha256, name: net.name, openSet, classes: net.classes, heldOutClasses: net.heldOutClasses },
      timesteps,
      samples: o.samples,
      tS: o.tS,
      driftCompensation: o.driftCompensation,
      seed: o.seed,
      limit: o.limit,
      datasetDir: o.datasetDir,
      workers: r.workers,
    },
    images: r.images,
    seconds: r.seconds,
    imagesPerSecond: r.imagesPerSecond,
    metrics: r.metrics,
    readout: r.readout,
    chipDecision: r.chipDecision,
    float: r.float,
    ood: r.ood,
    perInference: r.perInference,
    energy: r.energy,
    counters: r.counters,
    energyTable,
    programming: { alpha: r.alpha, thresholds: r.thresholds, samplersCalibrated: r.samplersCalibrated },
  };
  return json;
}

export type EmulateJson = Awaited<ReturnType<typeof runEmulate>>;
