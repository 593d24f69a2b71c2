// The float software run of a network (no device noise, no ADC): the ANN it
// was trained as, and the rate-coded spiking network in float arithmetic
// (Bernoulli inputs k / 256 as on chip, integrate-and-fire neurons with reset
// by subtraction, threshold = the activation that stands for one spike per
// timestep, the same layer-2 pipeline delay as the chip).
import { lowbias32 } from '../../emulator/crossbar/index.ts';
import { clip01, layerForward } from '../train/mlp.ts';

export interface FloatLayer {
  inputs: number;
  outputs: number;
  /** (inputs + 1) x outputs float weights, last row the bias. */
  w: ArrayLike<number>;
  /** Activation value that one spike per timestep stands for (the float threshold). */
  unitRate: number;
}

/** ANN logits of one pooled image (inputs k / 256). */
export function annLogits(pooled: ArrayLike<number>, l1: FloatLayer, l2: FloatLayer): Float64Array {
  const x = Float64Array.from({ length: l1.inputs }, (_, r) => pooled[r]! / 256);
  const h = layerForward(x, l1.w, l1.inputs, l1.outputs, new Float64Array(l1.outputs));
  for (let j = 0; j < h.length; j++) h[j] = clip01(h[j]!);
  return layerForward(h, l2.w, l2.inputs, l2.outputs, new Float64Array(l2.outputs));
}

/** Spike counts (samples x outputs) of the float rate-coded SNN for one pooled image. */
export function floatSnnCounts(pooled: ArrayLike<number>, item: number, l1: FloatLayer, l2: FloatLayer, samples: number, timesteps: number, seed: number): Int32Array {
  const H = l1.outputs;
  const K = l2.outputs;
  const out = new Int32Array(samples * K);
  const v1 = new Float64Array(H);
  const v2 = new Float64Array(K);
  const spiked = new Uint8Array(H);
  const next = new Uint8Array(H);
  const bias1 = l1.inputs * H;
  const bias2 = l2.inputs * K;
  const inSeed = lowbias32((seed ^ 0x5eed0f10) >>> 0);
  for (let s = 0; s < samples; s++) {
    const run = item * samples + s;
    v1.fill(0);
    v2.fill(0);
    spiked.fill(0);
    for (let t = 0; t < timesteps; t++) {
      const stepKey = lowbias32((inSeed ^ lowbias32((run * timesteps + t) >>> 0)) >>> 0);
      for (let j = 0; j < H; j++) v1[j]! += l1.w[bias1 + j]!;
      for (let r = 0; r < l1.inputs; r++) {
        const u = (lowbias32((stepKey ^ (r >> 2)) >>> 0) >>> (8 * (r & 3))) & 0xff;
        if (u >= pooled[r]!) continue;
        const base = r * H;
        for (let j = 0; j < H; j++) v1[j]! += l1.w[base + j]!;
      }
      for (let k = 0; k < K; k++) v2[k]! += l2.w[bias2 + k]!;
      for (let j = 0; j < H; j++) {
        if (!spiked[j]) continue;
        const base = j * K;
        for (let k = 0; k < K; k++) v2[k]! += l2.w[base + k]!;
      }
      for (let j = 0; j < H; j++) {
        next[j] = v1[j]! >= l1.unitRate ? 1 : 0;
        if (next[j]) v1[j]! -= l1.unitRate;
      }
      spiked.set(next);
      for (let k = 0; k < K; k++) {
        if (v2[k]! >= l2.unitRate) {
          v2[k]! -= l2.unitRate;
          out[s * K + k]!++;
        }
      }
    }
  }
  return out;
}
