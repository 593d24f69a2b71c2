// `neurotile train [--out F] [--open-set] [--seed S] [--epochs N] [--hidden H]
// [--dataset-dir DIR] [--train-limit N] [--validation-images N] [--tune-images N]
// [--permute-labels]`:
// option checks (BadInput, exit 2), the training pipeline, the file written,
// and the summary for humans and for --json. tools/cli/commands/train.ts only
// wires it to the CLI.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BadInput } from '../bad-input.ts';
import { loadFashionMnist } from '../fashion-mnist.ts';
import { pool2x2 } from '../encoding.ts';
import { networkJson, floatLayersOf } from '../network/format.ts';
import { annLogits } from '../functional/float-run.ts';
import { argmaxRow } from '../metrics.ts';
import { TRAIN_DEFAULTS, trainNetwork } from './train-network.ts';

export interface TrainCommandOptions {
  out?: string;
  openSet?: boolean;
  seed?: string;
  epochs?: string;
  hidden?: string;
  datasetDir?: string;
  trainLimit?: string;
  tuneImages?: string;
  validationImages?: string;
  permuteLabels?: boolean;
}

/** Shipped network files, relative to the repository root. */
export const SHIPPED_NETWORKS = {
  closedSet: 'workloads/networks/fashion-mnist-snn.json',
  openSet: 'workloads/networks/fashion-mnist-snn-open-set.json',
} as const;

function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isSafeInteger(v) && v >= min && v <= max)) throw new BadInput(`${flag}: must be a whole number from ${min} to ${max}, got '${text}'`);
  return v;
}

export async function runTrainCommand(o: TrainCommandOptions, root: string, progress: (line: string) => void) {
  const opts = {
    ...TRAIN_DEFAULTS,
    seed: wholeNumber('--seed', o.seed, TRAIN_DEFAULTS.seed, 0, 2 ** 31 - 1),
    epochs: wholeNumber('--epochs', o.epochs, TRAIN_DEFAULTS.epochs, 1, 1000),
    hidden: wholeNumber('--hidden', o.hidden, TRAIN_DEFAULTS.hidden, 1, 255),
    trainLimit: o.trainLimit === undefined ? undefined : wholeNumber('--train-limit', o.trainLimit, 0, 100, 60000),
    tuneImages: wholeNumber('--tune-images', o.tuneImages, TRAIN_DEFAULTS.tuneImages, 10, 60000),
    validationImages: wholeNumber('--validation-images', o.validationImages, TRAIN_DEFAULTS.validationImages, 10, 30000),
    openSet: Boolean(o.openSet),
    permuteLabels: Boolean(o.permuteLabels),
    datasetDir: o.datasetDir ?? TRAIN_DEFAULTS.datasetDir,
    progress,
  };
  const out = resolve(root, o.out ?? (opts.openSet ? SHIPPED_NETWORKS.openSet : SHIPPED_NETWORKS.closedSet));
  // Fail on a bad data folder before minutes of work, and read the test split for the float figure.
  const test = loadFashionMnist('test', opts.datasetDir);
  const start = performance.now();
  const r = await trainNetwork(opts);
  const text = networkJson(r.network);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } catch (err) {
    throw new BadInput(`--out: cannot write '${out}' (${err instanceof Error ? err.message : String(err)})`);
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  // Float test accuracy of the trained network (the float baseline; the chip's figures come from `emulate`).
  const pooled = pool2x2(test.images, test.count);
  const accOf = (which: 'float' | 'quantized') => {
    const [l1, l2] = floatLayersOf(r.network, which);
    let ok = 0;
    let n = 0;
    for (let i = 0; i < test.count; i++) {
      const k = r.network.classes.indexOf(test.labels[i]!);
      if (k < 0) continue;
      n++;
      if (argmaxRow(annLogits(pooled.subarray(i * 196, (i + 1) * 196), l1, l2), l2.outputs, 0) === k) ok++;
    }
    return ok / n;
  };
  const floatTestAccuracy = { float: accOf('float'), quantized: accOf('quantized') };
  const seconds = { ...r.seconds, total: (performance.now() - start) / 1000 };
  const json = {
    out,
    sha256,
    bytes: Buffer.byteLength(text),
    name: r.network.name,
    seed: opts.seed,
    epochs: opts.epochs,
    hidden: opts.hidden,
    classes: r.network.classes,
    heldOutClasses: r.network.heldOutClasses,
    layers: r.network.layers.map((l) => ({ name: l.name, shift: l.shift, threshold: l.threshold, clipScale: l.clipScale, unitRate: l.unitRate })),
    readout: r.network.readout,
    floatTestAccuracy,
    seconds,
  };
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const human = [
    `wrote ${out} (${json.bytes} bytes, sha256 ${sha256})`,
    `network ${r.network.name}: 196 -> ${opts.hidden} -> ${r.network.classes.length}, seed ${opts.seed}, ${opts.epochs} epochs`,
    ...json.layers.map((l) => `  ${l.name}: ADC shift ${l.shift}, threshold ${l.threshold}, clip scale ${l.clipScale.toFixed(4)}`),
    `float ANN on the test set: ${pct(floatTestAccuracy.float)} (float weights), ${pct(floatTestAccuracy.quantized)} (GBITS ${r.network.chip.gbits} levels)`,
    `time: training ${seconds.training.toFixed(1)} s, mapping ${seconds.mapping.toFixed(1)} s, readout fit ${seconds.readout.toFixed(1)} s, total ${seconds.total.toFixed(1)} s`,
  ].join('\n');
  return { json, human: `${human}\n` };
}
