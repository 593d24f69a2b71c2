// Accuracy analysis: matrix-vector product error of a noisy crossbar vs the
// ideal product, as a function of the time after programming, with and
// without global drift compensation. Two paths:
//   - float: the device model as is (PcmPairArray: programming noise, drift,
//     fresh read noise every read; GlobalDriftCompensation);
//   - twin: the same programmed-and-drifted devices quantized to GBITS levels,
//     read with the integer per-read noise of the spec (no ADC: the exact
//     column sums), compensated the same way from the twin's own reads.
import { GlobalDriftCompensation, PcmPairArray, Rng, pcmParams, type Matrix } from '../device/index.ts';
import { quantizePairs, sigmaTable } from './host.ts';
import { deviateZ, noisyRead, readKey } from './noise.ts';
import { READ_FRAC_BITS } from './params.ts';

export interface MvmErrorOptions {
  rows: number;
  cols: number;
  gbits: number;
  timesS: number[];
  /** Spike vectors averaged per time. */
  vectors: number;
  /** Probability that a row spikes. */
  density: number;
  seed: number;
}

export interface MvmErrorRow {
  tS: number;
  /** Relative RMS error ||y - y_ideal|| / ||y_ideal|| over all columns and vectors. */
  float: number;
  floatCompensated: number;
  twin: number;
  twinCompensated: number;
}

/** Weights uniform in [-1, 1]. */
function randomWeights(rows: number, cols: number, rng: Rng): Matrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => 2 * rng.uniform() - 1) };
}

/** The twin's integer reads of every pair for read `n`, in uS (G+ - G- per pair). */
function twinPairReads(levels: { plus: Uint8Array; minus: Uint8Array }, sigma: Uint16Array, seed: number, n: number, gbits: number, gMax: number) {
  const key = readKey(seed, n);
  const scale = gMax / (2 ** gbits - 1) / 2 ** READ_FRAC_BITS;
  const out = new Float64Array(levels.plus.length);
  for (let i = 0; i < out.length; i++) {
    const lp = levels.plus[i]!;
    const lm = levels.minus[i]!;
    out[i] = (noisyRead(lp, sigma[lp]!, deviateZ(key, 2 * i)) - noisyRead(lm, sigma[lm]!, deviateZ(key, 2 * i + 1))) * scale;
  }
  return out;
}

const meanAbs = (xs: Float64Array) => Math.max(1e-4, xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length);

export function mvmErrorTable(o: MvmErrorOptions): MvmErrorRow[] {
  const p = pcmParams();
  const rng = new Rng(o.seed, 1);
  const w = randomWeights(o.rows, o.cols, rng);
  const xs = Array.from({ length: o.vectors }, () => Float64Array.from({ length: o.rows }, () => (rng.uniform() < o.density ? 1 : 0)));
  const ideal = xs.map((x) => {
    const y = new Float64Array(o.cols);
    for (let r = 0; r < o.rows; r++) if (x[r]) for (let c = 0; c < o.cols; c++) y[c]! += w.data[r * o.cols + c]! * p.gMaxUs;
    return y;
  });
  const relErr = (ys: Float64Array[]) => {
    let e = 0;
    let n = 0;
    ys.forEach((y, k) => y.forEach((v, c) => ((e += (v - ideal[k]![c]!) ** 2), (n += ideal[k]![c]! ** 2))));
    return Math.sqrt(e / n);
  };

  const array = PcmPairArray.program(w, { seed: o.seed });
  const comp = GlobalDriftCompensation.calibrate(array);
  // The twin's reference readout: levels and sigma at t = 0, one read.
  const seed32 = o.seed >>> 0;
  let twinRead = 0;
  const levels0 = quantizePairs(array.drifted, o.gbits);
  const twinRef = meanAbs(twinPairReads(levels0, sigmaTable(o.gbits, 0), seed32, twinRead++, o.gbits, p.gMaxUs));

  return o.timesS.map((t) => {
    array.driftTo(t);
    const alpha = comp.alpha(array);
    const yFloat = xs.map((x) => array.mvm(x));
    const levels = quantizePairs(array.drifted, o.gbits);
    const sigma = sigmaTable(o.gbits, t);
    const twinAlpha = twinRef / meanAbs(twinPairReads(levels, sigma, seed32, twinRead++, o.gbits, p.gMaxUs));
    const yTwin = xs.map((x) => {
      const g = twinPairReads(levels, sigma, seed32, twinRead++, o.gbits, p.gMaxUs);
      const y = new Float64Array(o.cols);
      for (let r = 0; r < o.rows; r++) if (x[r]) for (let c = 0; c < o.cols; c++) y[c]! += g[r * o.cols + c]!;
      return y;
    });
    const scaled = (ys: Float64Array[], a: number) => ys.map((y) => y.map((v) => v * a));
    return {
      tS: t,
      float: relErr(yFloat),
      floatCompensated: relErr(scaled(yFloat, alpha)),
      twin: relErr(yTwin),
      twinCompensated: relErr(scaled(yTwin, twinAlpha)),
    };
  });
}

export const MVM_ERROR_TIMES: readonly { label: string; s: number }[] = [
  { label: '1 s', s: 1 },
  { label: '1 min', s: 60 },
  { label: '1 h', s: 3600 },
  { label: '1 day', s: 86_400 },
  { label: '1 week', s: 604_800 },
  { label: '1 month', s: 2_592_000 },
  { label: '1 year', s: 31_536_000 },
];
