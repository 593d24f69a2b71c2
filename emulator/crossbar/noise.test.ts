import { describe, expect, it } from 'vitest';
import { deviateZ, deviceId, lowbias32, noisyRead, readKey } from './noise.ts';
import { adcCode } from './macro.ts';
import { Z_SIGMA } from './params.ts';

/** lowbias32 re-typed from its definition with BigInt arithmetic (independent of Math.imul). */
function lowbias32Ref(x: bigint): bigint {
  const M = 0xffffffffn;
  x &= M;
  x ^= x >> 16n;
  x = (x * 0x7feb352dn) & M;
  x ^= x >> 15n;
  x = (x * 0x846ca68bn) & M;
  x ^= x >> 16n;
  return x;
}

describe('crossbar per-read noise (integer)', () => {
  it('lowbias32 matches its definition', () => {
    expect(lowbias32(0)).toBe(0);
    for (const x of [1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0xdeadbeef, 123456789]) {
      expect(BigInt(lowbias32(x))).toBe(lowbias32Ref(BigInt(x)));
    }
  });

  it('read key and device ids follow the spec', () => {
    expect(BigInt(readKey(7, 3))).toBe(lowbias32Ref(7n ^ lowbias32Ref(3n)));
    expect(deviceId(2, 3, 10, false)).toBe(46);
    expect(deviceId(2, 3, 10, true)).toBe(47);
  });

  it('z is Irwin-Hall: in [-510, 510], mean 0, sd 147.8', () => {
    let sum = 0;
    let sq = 0;
    let lo = 0;
    let hi = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = deviateZ(readKey(1, i >> 6), i & 63);
      sum += z;
      sq += z * z;
      lo = Math.min(lo, z);
      hi = Math.max(hi, z);
    }
    expect(lo).toBeGreaterThanOrEqual(-510);
    expect(hi).toBeLessThanOrEqual(510);
    expect(Math.abs(sum / n)).toBeLessThan(1.5);
    expect(Math.sqrt(sq / n - (sum / n) ** 2) / Z_SIGMA).toBeCloseTo(1, 2);
  });

  it('noisy read = max(0, level*256 + floor(z*S/256))', () => {
    expect(noisyRead(3, 100, 0)).toBe(768);
    expect(noisyRead(3, 100, 5)).toBe(768 + 1); // floor(500/256) = 1
    expect(noisyRead(3, 100, -5)).toBe(768 - 2); // floor(-500/256) = -2
    expect(noisyRead(1, 65535, -510)).toBe(0); // clipped at 0
  });

  it('ADC: floor(I / 2^shift) clamped to k-bit two\'s complement', () => {
    expect(adcCode(100, 2, 8)).toBe(25);
    expect(adcCode(-1, 4, 8)).toBe(-1);
    expect(adcCode(1000, 0, 8)).toBe(127);
    expect(adcCode(-1000, 0, 8)).toBe(-128);
    expect(adcCode(5, 0, 1)).toBe(0);
    expect(adcCode(-5, 0, 1)).toBe(-1);
  });
});
