import { describe, expect, it } from 'vitest';
import { pcmParams } from '../device/index.ts';
import { levelConductance, quantizeConductance, quantizePairs, sigmaTable } from './host.ts';

describe('host-side conductance levels and sigma table', () => {
  const p = pcmParams();
  it('levels are L / (2^GBITS - 1) * g_max and quantize to the nearest level, clipped', () => {
    expect(levelConductance(15, 4, p)).toBe(25);
    expect(levelConductance(3, 4, p)).toBeCloseTo(5, 12);
    expect(quantizeConductance(5.1, 4, p)).toBe(3);
    expect(quantizeConductance(-1, 4, p)).toBe(0);
    expect(quantizeConductance(40, 4, p)).toBe(15);
    const q = quantizePairs({ plus: Float64Array.of(25, 0.9), minus: Float64Array.of(0, 12.6) }, 2);
    expect([...q.plus, ...q.minus]).toEqual([3, 0, 0, 2]);
  });
  // (Not monotonic in time: after drift a level stands for a larger programmed
  // conductance, whose relative 1/f noise is smaller.)
  it('sigma table: 0 at level 0, grows with level, fits 16 bits without saturating', () => {
    for (const gbits of [1, 4, 8]) {
      for (const t of [0, 3600, 31_536_000]) {
        const s = sigmaTable(gbits, t);
        expect(s[0]).toBe(0);
        for (let l = 1; l < s.length; l++) {
          expect(s[l]).toBeGreaterThanOrEqual(s[l - 1]!);
          expect(s[l]).toBeLessThan(65535);
        }
      }
    }
  });
});
