// The crossbar macro's state and one conversion round, computed at once (the
// RTL twin sweeps the rows over R cycles; the sum is the same). Integer-only.
import { adcCount, checkCrossbarParams, maxLevel, SIGMA_BITS, type CrossbarParams } from './params.ts';
import { deviateZ, deviceId, noisyRead, readKey } from './noise.ts';

/** ADC transfer: clamp(floor(I / 2^shift), -2^(k-1), 2^(k-1) - 1). */
export function adcCode(current: number, shift: number, bits: number): number {
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  const q = Math.floor(current / 2 ** shift);
  return Math.min(hi, Math.max(lo, q));
}

/** What the host writes into the macro: conductance levels, the sigma table, the seed. */
export class CrossbarMacroState {
  readonly plus: Uint8Array;
  readonly minus: Uint8Array;
  readonly sigma: Uint16Array;
  seed = 0;
  /** Reads started since reset or the last seed write; read n uses readKey(seed, n). */
  readIndex = 0;

  constructor(readonly p: CrossbarParams) {
    checkCrossbarParams(p);
    this.plus = new Uint8Array(p.rows * p.cols);
    this.minus = new Uint8Array(p.rows * p.cols);
    this.sigma = new Uint16Array(maxLevel(p) + 1);
  }

  reset(): void {
    // Levels live in memory (not reset); sigma table, seed and read index are registers.
    this.sigma.fill(0);
    this.seed = 0;
    this.readIndex = 0;
  }

  writePair(row: number, col: number, plus: number, minus: number): void {
    if (row >= this.p.rows || col >= this.p.cols) return; // outside the array: ignored
    this.plus[row * this.p.cols + col] = plus & maxLevel(this.p);
    this.minus[row * this.p.cols + col] = minus & maxLevel(this.p);
  }

  writeSigma(level: number, value: number): void {
    if (level > maxLevel(this.p)) return;
    this.sigma[level] = value & (2 ** SIGMA_BITS - 1);
  }

  writeSeed(seed: number): void {
    this.seed = seed >>> 0;
    this.readIndex = 0;
  }

  /** Takes the key of the next read (and counts the read). */
  nextReadKey(): number {
    const key = readKey(this.seed, this.readIndex);
    this.readIndex = (this.readIndex + 1) >>> 0;
    return key;
  }

  /** Column current (fixed point, 2^-8 level units) of column `col` for the active rows. */
  columnCurrent(key: number, col: number, spikes: bigint): number {
    const { cols, rows } = this.p;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      if (((spikes >> BigInt(r)) & 1n) === 0n) continue;
      const i = r * cols + col;
      const lp = this.plus[i]!;
      const lm = this.minus[i]!;
      sum += noisyRead(lp, this.sigma[lp]!, deviateZ(key, deviceId(r, col, cols, false)));
      sum -= noisyRead(lm, this.sigma[lm]!, deviateZ(key, deviceId(r, col, cols, true)));
    }
    return sum;
  }

  /** Codes of conversion round `round`: ADC a converts column a * ADC_SHARE + round. */
  convert(key: number, round: number, spikes: bigint, shift: number): number[] {
    const codes: number[] = [];
    for (let a = 0; a < adcCount(this.p); a++) {
      codes.push(adcCode(this.columnCurrent(key, a * this.p.adcShare + round, spikes), shift, this.p.adcBits));
    }
    return codes;
  }
}

/** Packs signed k-bit codes, ADC a at bits [a k, a k + k). */
export function packCodes(codes: readonly number[], bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  let v = 0n;
  codes.forEach((c, a) => {
    v |= (BigInt(c) & mask) << BigInt(a * bits);
  });
  return v;
}

/** Inverse of packCodes. */
export function unpackCodes(packed: bigint, count: number, bits: number): number[] {
  const mask = (1n << BigInt(bits)) - 1n;
  const out: number[] = [];
  for (let a = 0; a < count; a++) {
    const u = Number((packed >> BigInt(a * bits)) & mask);
    out.push(u >= 2 ** (bits - 1) ? u - 2 ** bits : u);
  }
  return out;
}
