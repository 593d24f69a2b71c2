// The float software run that `emulate` reports next to the chip's figures:
// the same network without device noise, as the float ANN (trained float
// weights, and the quantized levels times the clip scale) and as the float
// rate-coded SNN (Bernoulli inputs, IF neurons, T timesteps, S = 1).
import { INPUT_ROWS } from './encoding.ts';
import { floatLayersOf, type NetworkFile } from './network/format.ts';
import { annLogits } from './functional/float-run.ts';
import { runParallel } from './functional/parallel.ts';
import { argmaxRow, classificationMetrics, oodAuroc, type ClassificationMetrics, type OodAuroc, type Predictive } from './metrics.ts';

export interface LabelledPooled {
  n: number;
  /** n x 196 pooled intensities. */
  pooled: Uint8Array;
  /** n output-neuron indices (net.classes.indexOf(label)). */
  targets: ArrayLike<number>;
}

/** Softmax of the ANN logits of every item. */
export function annPredictive(net: NetworkFile, which: 'float' | 'quantized', pooled: Uint8Array, n: number): Predictive {
  const [l1, l2] = floatLayersOf(net, which);
  const K = l2.outputs;
  const probs = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const z = annLogits(pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS), l1, l2);
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, z[k]!);
    let s = 0;
    for (let k = 0; k < K; k++) s += probs[i * K + k] = Math.exp(z[k]! - m);
    for (let k = 0; k < K; k++) probs[i * K + k]! /= s;
  }
  return { probs, classes: K };
}

export interface SoftwareRun {
  ann: ClassificationMetrics;
  annQuantized: ClassificationMetrics;
  /** Accuracy of the float rate-coded SNN (argmax of spike counts, S = 1). */
  snnAccuracy: number;
  timesteps: number;
  /** Max-softmax / entropy AUROC of the float ANN, when OOD items are given. */
  oodAuroc?: OodAuroc;
}

export async function softwareRun(net: NetworkFile, data: LabelledPooled, o: { timesteps: number; seed: number; ood?: { n: number; pooled: Uint8Array }; workers?: number }): Promise<SoftwareRun> {
  const K = net.classes.length;
  const counts = await runParallel({ kind: 'float-snn', float: floatLayersOf(net, 'quantized'), seed: o.seed, pooled: data.pooled, samples: 1, timesteps: o.timesteps }, data.n, o.workers);
  let ok = 0;
  for (let i = 0; i < data.n; i++) if (argmaxRow(counts, K, i) === data.targets[i]) ok++;
  const ann = annPredictive(net, 'float', data.pooled, data.n);
  return {
    ann: classificationMetrics(ann, data.targets),
    annQuantized: classificationMetrics(annPredictive(net, 'quantized', data.pooled, data.n), data.targets),
    snnAccuracy: ok / data.n,
    timesteps: o.timesteps,
    ...(o.ood ? { oodAuroc: oodAuroc(ann, annPredictive(net, 'float', o.ood.pooled, o.ood.n)) } : {}),
  };
}
