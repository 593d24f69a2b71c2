// The network trained offline: inputs (196 pooled intensities as rates
// k / 256, plus a constant-1 bias input) -> H hidden units with the clipped
// ReLU min(max(a, 0), 1) (the firing rate of an integrate-and-fire neuron
// with reset by subtraction, at most one spike per timestep) -> K outputs.
// Weights are stored per layer as (inputs + 1) x outputs row-major: row r is
// crossbar row r, the last row the always-on bias row.
//
// Training is quantization-aware (forward through the signed conductance
// levels, straight-through gradients to the float master weights) with noise
// injection (Gaussian weight noise relative to the clip scale, like
// aihwkit's hardware-aware training, and the input rate noise of T Bernoulli
// timesteps). Everything is seeded: the same options give the same bits.
import { mulberry32 } from '../../emulator/device/index.ts';
import { bestClipScale, levelWeight, signedLevel } from './quantize.ts';

export interface Layer {
  inputs: number;
  outputs: number;
  /** (inputs + 1) x outputs, row-major; the last row is the bias. */
  w: Float64Array;
}

export interface Mlp {
  hidden: Layer;
  output: Layer;
}

/** Normal deviates from a seeded uniform source (Box-Muller, both branches used in order). */
export class Normals {
  private spare: number | undefined;
  constructor(private readonly uniform: () => number) {}
  next(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
}

function initLayer(inputs: number, outputs: number, normals: Normals): Layer {
  const w = new Float64Array((inputs + 1) * outputs);
  const s = Math.sqrt(2 / inputs); // He initialisation; bias row starts at 0
  for (let i = 0; i < inputs * outputs; i++) w[i] = s * normals.next();
  return { inputs, outputs, w };
}

export function initMlp(inputs: number, hidden: number, outputs: number, seed: number): Mlp {
  const normals = new Normals(mulberry32(seed));
  return { hidden: initLayer(inputs, hidden, normals), output: initLayer(hidden, outputs, normals) };
}

/** Forward through one layer: out[j] = sum_r x[r] w[r, j] + w[bias, j]; rows with x = 0 are skipped. */
export function layerForward(x: ArrayLike<number>, w: ArrayLike<number>, inputs: number, outputs: number, out: Float64Array): Float64Array {
  const bias = inputs * outputs;
  for (let j = 0; j < outputs; j++) out[j] = w[bias + j]!;
  for (let r = 0; r < inputs; r++) {
    const xr = x[r]!;
    if (xr === 0) continue;
    const base = r * outputs;
    for (let j = 0; j < outputs; j++) out[j]! += xr * w[base + j]!;
  }
  return out;
}

export const clip01 = (a: number): number => (a <= 0 ? 0 : a >= 1 ? 1 : a);

export interface TrainConfig {
  epochs: number;
  batch: number;
  learningRate: number;
  seed: number;
  /** Levels of one device: 2^GBITS - 1. */
  lMax: number;
  /** Std of the injected weight noise, relative to the layer's clip scale (0 = none). */
  weightNoise: number;
  /** Input rate noise of this many Bernoulli timesteps (0 = none). */
  inputNoiseTimesteps: number;
  /** Epochs before quantization-aware training starts (float warm-up). */
  floatEpochs: number;
}

export interface TrainData {
  /** n x inputs rates in [0, 1]. */
  x: Float32Array;
  /** n targets, 0..K-1 (output neuron index). */
  y: Uint8Array;
  n: number;
}

interface AdamState {
  m: Float64Array;
  v: Float64Array;
}

/** Quantized copy of a layer's weights for clip scale c (the forward weights of QAT). */
function quantizedInto(w: Float64Array, c: number, lMax: number, out: Float64Array): void {
  for (let i = 0; i < w.length; i++) out[i] = levelWeight(signedLevel(w[i]!, c, lMax), c, lMax);
}

export interface EpochLog {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  scales: [number, number];
}

/**
 * Trains `net` in place with Adam (cosine-decayed learning rate) on softmax
 * cross-entropy. Returns per-epoch logs. Deterministic for a given config.
 */
export function trainMlp(net: Mlp, data: TrainData, cfg: TrainConfig, onEpoch?: (log: EpochLog) => void): EpochLog[] {
  const rand = mulberry32(cfg.seed ^ 0x5bd1e995);
  const normals = new Normals(rand);
  const layers = [net.hidden, net.output];
  const adam: AdamState[] = layers.map((l) => ({ m: new Float64Array(l.w.length), v: new Float64Array(l.w.length) }));
  const grads = layers.map((l) => new Float64Array(l.w.length));
  const fwd = layers.map((l) => new Float64Array(l.w.length));
  const { inputs } = net.hidden;
  const H = net.hidden.outputs;
  const K = net.output.outputs;
  const x = new Float64Array(inputs);
  const a1 = new Float64Array(H);
  const h = new Float64Array(H);
  const z = new Float64Array(K);
  const dz = new Float64Array(K);
  const dh = new Float64Array(H);
  const order = Uint32Array.from({ length: data.n }, (_, i) => i);
  const stepsPerEpoch = Math.ceil(data.n / cfg.batch);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  const b1 = 0.9;
  const b2 = 0.999;
  let step = 0;
  const logs: EpochLog[] = [];

  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const qat = epoch >= cfg.floatEpochs;
    // Fisher-Yates shuffle from the seeded stream.
    for (let i = data.n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let lossSum = 0;
    let right = 0;
    const scales = layers.map((l) => bestClipScale(l.w, cfg.lMax)) as [number, number];
    for (let s = 0; s < stepsPerEpoch; s++) {
      const lo = s * cfg.batch;
      const hi = Math.min(data.n, lo + cfg.batch);
      // Forward weights of this batch: quantized (QAT) and noisy (noise injection).
      layers.forEach((l, li) => {
        const f = fwd[li]!;
        if (qat) quantizedInto(l.w, scales[li]!, cfg.lMax, f);
        else f.set(l.w);
        if (cfg.weightNoise > 0) {
          const sd = cfg.weightNoise * scales[li]!;
          for (let i = 0; i < f.length; i++) f[i]! += sd * normals.next();
        }
      });
      grads.forEach((g) => g.fill(0));
      const [f1, f2] = fwd as [Float64Array, Float64Array];
      const [g1, g2] = grads as [Float64Array, Float64Array];
      for (let b = lo; b < hi; b++) {
        const n = order[b]!;
        for (let r = 0; r < inputs; r++) {
          const p = data.x[n * inputs + r]!;
          let v = p;
          if (cfg.inputNoiseTimesteps > 0 && p > 0 && p < 1) v = Math.max(0, Math.min(1, p + Math.sqrt((p * (1 - p)) / cfg.inputNoiseTimesteps) * normals.next()));
          x[r] = v;
        }
        layerForward(x, f1, inputs, H, a1);
        for (let j = 0; j < H; j++) h[j] = clip01(a1[j]!);
        layerForward(h, f2, H, K, z);
        // Softmax cross-entropy.
        let zMax = -Infinity;
        for (let k = 0; k < K; k++) zMax = Math.max(zMax, z[k]!);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(z[k]! - zMax);
        const y = data.y[n]!;
        lossSum += Math.log(sum) - (z[y]! - zMax);
        let best = 0;
        for (let k = 1; k < K; k++) if (z[k]! > z[best]!) best = k;
        if (best === y) right++;
        for (let k = 0; k < K; k++) dz[k] = Math.exp(z[k]! - zMax) / sum - (k === y ? 1 : 0);
        // Backward: output layer, then hidden (gradient only inside the linear part of the clip).
        for (let j = 0; j < H; j++) {
          let d = 0;
          const base = j * K;
          const hj = h[j]!;
          for (let k = 0; k < K; k++) {
            d += f2[base + k]! * dz[k]!;
            if (hj !== 0) g2[base + k]! += hj * dz[k]!;
          }
          dh[j] = a1[j]! > 0 && a1[j]! < 1 ? d : 0;
        }
        for (let k = 0; k < K; k++) g2[H * K + k]! += dz[k]!;
        for (let r = 0; r < inputs; r++) {
          const xr = x[r]!;
          if (xr === 0) continue;
          const base = r * H;
          for (let j = 0; j < H; j++) g1[base + j]! += xr * dh[j]!;
        }
        for (let j = 0; j < H; j++) g1[inputs * H + j]! += dh[j]!;
      }
      // Adam step with a cosine learning-rate schedule.
      step++;
      const lr = 0.5 * cfg.learningRate * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      const inv = 1 / (hi - lo);
      layers.forEach((l, li) => {
        const g = grads[li]!;
        const { m, v } = adam[li]!;
        for (let i = 0; i < l.w.length; i++) {
          const gi = g[i]! * inv;
          m[i] = b1 * m[i]! + (1 - b1) * gi;
          v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
          l.w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
        }
      });
    }
    const log: EpochLog = { epoch: epoch + 1, loss: lossSum / data.n, trainAccuracy: right / data.n, scales };
    logs.push(log);
    onEpoch?.(log);
  }
  return logs;
}

/** Logits of the float network for one input (weights as given: float or quantized). */
export function mlpLogits(x: ArrayLike<number>, w1: ArrayLike<number>, w2: ArrayLike<number>, inputs: number, hidden: number, outputs: number): Float64Array {
  const a = layerForward(x, w1, inputs, hidden, new Float64Array(hidden));
  for (let j = 0; j < hidden; j++) a[j] = clip01(a[j]!);
  return layerForward(a, w2, hidden, outputs, new Float64Array(outputs));
}
