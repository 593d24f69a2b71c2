// The twin's per-read noise, in 32-bit integers (docs/tile-spec.md § Crossbar,
// "Per-read noise"). Counter-based: the noise of a device in a read is a pure
// function of (seed, read index, device id), so any read of any device can be
// recomputed alone, in any order, by the emulator and by the RTL alike.
import { NOISE_SHIFT, READ_FRAC_BITS, Z_MAX } from './params.ts';

/** "lowbias32" (Chris Wellons' hash-prospector): a 32-bit xorshift-multiply bijection. */
export function lowbias32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Key of read number n: lowbias32(seed XOR lowbias32(n)), both mod 2^32. Computed once per read. */
export function readKey(seed: number, readIndex: number): number {
  return lowbias32((seed ^ lowbias32(readIndex >>> 0)) >>> 0);
}

/** Device id, as in the float device model: G+ of (r, c) = 2 (r C + c), G- = that + 1. */
export function deviceId(row: number, col: number, cols: number, minus: boolean): number {
  return 2 * (row * cols + col) + (minus ? 1 : 0);
}

/** Irwin-Hall deviate of one device in one read: sum of the hash's four bytes minus 510, in [-510, 510]. */
export function deviateZ(key: number, device: number): number {
  const h = lowbias32((key ^ device) >>> 0);
  return (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - Z_MAX;
}

/** Noisy read of a device at `level` with sigma entry `sigma`: max(0, level 2^8 + floor(z S / 2^8)). */
export function noisyRead(level: number, sigma: number, z: number): number {
  return Math.max(0, level * 2 ** READ_FRAC_BITS + ((z * sigma) >> NOISE_SHIFT));
}
