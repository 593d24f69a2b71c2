// A crossbar of differential PCM pairs (G+, G-) built from the single-device
// physics in pcm.ts: map weights to target conductances, program them, drift
// them to an inference time, and read them (fresh read noise every read).
//
// Randomness is counter-based (rng.ts): every draw is counterNormal(seed,
// device, draw), so a device's programming noise, drift exponent and k-th read
// depend only on (seed, device, k), never on visiting order.
//   device id: G+ of (r, c) = 2 (r C + c), G- of (r, c) = 2 (r C + c) + 1
//   draw:      see draws.ts (0 = programming noise, 1 = drift exponent, 2 + k = read k)

import { CounterNormals } from './rng.ts';
import {
  drift,
  driftExponent,
  pcmParams,
  program,
  readNoiseSigma,
  readWithSigma,
  type PcmParams,
} from './pcm.ts';
import { DRAW_DRIFT_EXPONENT, DRAW_PROGRAM, DRAW_READ_BASE } from './draws.ts';

/** Row-major R x C matrix; rows are the crossbar inputs, columns its outputs. */
export interface Matrix {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** Per-pair conductances (uS), row-major R x C like the weights. */
export interface PairConductances {
  plus: Float64Array;
  minus: Float64Array;
}

export function matrixFromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} entries, row 0 has ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return { rows: r, cols: c, data };
}

/**
 * Differential mapping of one weight w in [-1, 1]: positive weights on G+,
 * negative on G-, the other device targeted at 0; |w| = 1 is g_max.
 */
export function weightToPair(w: number, gMaxUs: number): { plus: number; minus: number } {
  if (!(w >= -1 && w <= 1)) throw new RangeError(`weight must be in [-1, 1], got ${w}`);
  if (w > 0) return { plus: w * gMaxUs, minus: 0 };
  if (w < 0) return { plus: 0, minus: -w * gMaxUs };
  return { plus: 0, minus: 0 }; // also maps -0 to +0 targets
}

export interface ProgramOptions {
  seed: number;
  params?: Partial<PcmParams>;
}

function pairs(n: number): PairConductances {
  return { plus: new Float64Array(n), minus: new Float64Array(n) };
}

export class PcmPairArray {
  readonly params: Readonly<PcmParams>;
  private readonly normals: CounterNormals;
  private readonly driftedG: PairConductances;
  /** Relative read sigma per device at the current time (cached: it only changes with time). */
  private readonly readSigma: PairConductances;
  private tInf = 0;
  private reads = 0;

  private constructor(
    readonly rows: number,
    readonly cols: number,
    readonly seed: number,
    params: Readonly<PcmParams>,
    /** Target conductances from the weight mapping. */
    readonly target: PairConductances,
    /** Conductances right after programming (programming noise applied). */
    readonly programmed: PairConductances,
    /** Per-device drift exponents, drawn at programming. */
    readonly nu: PairConductances,
  ) {
    this.params = params;
    this.normals = new CounterNormals(seed);
    const n = rows * cols;
    this.driftedG = pairs(n);
    this.readSigma = pairs(n);
    this.setTime(0);
  }

  /** Map weights in [-1, 1] to pairs and program every device (time t_inf = 0). */
  static program(weights: Matrix, opts: ProgramOptions): PcmPairArray {
    const { rows, cols, data } = weights;
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 0 && cols >= 0) || data.length !== rows * cols) {
      throw new RangeError(`weights: ${rows} x ${cols} needs ${rows * cols} entries, got ${data.length}`);
    }
    const p = pcmParams(opts.params);
    const normals = new CounterNormals(opts.seed);
    const n = rows * cols;
    const target = pairs(n);
    const programmed = pairs(n);
    const nu = pairs(n);
    for (let i = 0; i < n; i++) {
      const g = weightToPair(data[i]!, p.gMaxUs);
      target.plus[i] = g.plus;
      target.minus[i] = g.minus;
      const dPlus = 2 * i;
      const dMinus = 2 * i + 1;
      programmed.plus[i] = program(g.plus, normals.at(dPlus, DRAW_PROGRAM), p);
      programmed.minus[i] = program(g.minus, normals.at(dMinus, DRAW_PROGRAM), p);
      nu.plus[i] = driftExponent(g.plus, normals.at(dPlus, DRAW_DRIFT_EXPONENT), p);
      nu.minus[i] = driftExponent(g.minus, normals.at(dMinus, DRAW_DRIFT_EXPONENT), p);
    }
    return new PcmPairArray(rows, cols, opts.seed, p, target, programmed, nu);
  }

  /** Time since programming (s) the array is currently at. */
  get tInfS(): number {
    return this.tInf;
  }

  /** Noise-free drifted conductances at the current time. */
  get drifted(): Readonly<PairConductances> {
    return this.driftedG;
  }

  /** Reads done so far; the next read uses this as its read index. */
  get readCount(): number {
    return this.reads;
  }

  /** Move the array to t_inf seconds after programming (drift is from the programmed state, not cumulative). */
  driftTo(tInfS: number): void {
    if (!(Number.isFinite(tInfS) && tInfS >= 0)) throw new RangeError(`t_inf must be a finite time >= 0 s, got ${tInfS}`);
    this.setTime(tInfS);
  }

  /** One read of every device with fresh read noise; advances the read counter. */
  read(): PairConductances {
    return this.readAt(this.reads++);
  }

  /** Read number `readIndex` at the current time, without touching the counter (for replay). */
  readAt(readIndex: number): PairConductances {
    const n = this.rows * this.cols;
    const out = pairs(n);
    const draw = DRAW_READ_BASE + readIndex;
    for (let i = 0; i < n; i++) {
      out.plus[i] = this.readDevice(this.driftedG.plus[i]!, this.readSigma.plus[i]!, 2 * i, draw);
      out.minus[i] = this.readDevice(this.driftedG.minus[i]!, this.readSigma.minus[i]!, 2 * i + 1, draw);
    }
    return out;
  }

  /** Column outputs of one read: y[c] = sum_r x[r] (G+[r,c] - G-[r,c]), in uS x input units. */
  mvm(x: ArrayLike<number>): Float64Array {
    if (x.length !== this.rows) throw new RangeError(`input has ${x.length} entries, array has ${this.rows} rows`);
    const g = this.read();
    const y = new Float64Array(this.cols);
    for (let r = 0; r < this.rows; r++) {
      const xr = x[r]!;
      if (xr === 0) continue; // sparse spikes: skip silent rows
      const base = r * this.cols;
      for (let c = 0; c < this.cols; c++) y[c]! += xr * (g.plus[base + c]! - g.minus[base + c]!);
    }
    return y;
  }

  private setTime(tInfS: number): void {
    const p = this.params;
    const n = this.rows * this.cols;
    for (let i = 0; i < n; i++) {
      this.driftedG.plus[i] = drift(this.programmed.plus[i]!, this.nu.plus[i]!, tInfS, p);
      this.driftedG.minus[i] = drift(this.programmed.minus[i]!, this.nu.minus[i]!, tInfS, p);
      this.readSigma.plus[i] = readNoiseSigma(this.programmed.plus[i]!, tInfS, p);
      this.readSigma.minus[i] = readNoiseSigma(this.programmed.minus[i]!, tInfS, p);
    }
    this.tInf = tInfS;
  }

  private readDevice(gd: number, sigma: number, device: number, draw: number): number {
    return readWithSigma(gd, sigma, this.normals.at(device, draw));
  }
}
