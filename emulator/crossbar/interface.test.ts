import { describe, expect, it } from 'vitest';
import { CrossbarInterfaceModel, type CrossbarInputs } from './interface.ts';
import { adcCode, unpackCodes } from './macro.ts';
import { deviateZ, deviceId, noisyRead, readKey } from './noise.ts';
import type { CrossbarParams } from './params.ts';

const idle: CrossbarInputs = {
  wr_valid: 0n, wr_kind: 0n, wr_addr: 0n, wr_data: 0n, start_valid: 0n, start_spikes: 0n, start_shift: 0n, out_ready: 1n,
};

describe('crossbar interface model', () => {
  const p: CrossbarParams = { rows: 6, cols: 8, gbits: 4, adcBits: 8, adcShare: 2 };

  function programmed(seed: number) {
    const m = new CrossbarInterfaceModel(p);
    m.step({ ...idle, reset: 1n });
    const levels: [number, number][] = [];
    for (let r = 0; r < p.rows; r++)
      for (let c = 0; c < p.cols; c++) {
        const plus = (r * 7 + c * 3) % 16;
        const minus = (r + 2 * c) % 5;
        levels.push([plus, minus]);
        m.step({ ...idle, wr_valid: 1n, wr_kind: 0n, wr_addr: BigInt((r << 3) | c), wr_data: BigInt(plus | (minus << 4)) });
      }
    for (let l = 0; l < 16; l++) m.step({ ...idle, wr_valid: 1n, wr_kind: 1n, wr_addr: BigInt(l), wr_data: BigInt(40 * l) });
    m.step({ ...idle, wr_valid: 1n, wr_kind: 2n, wr_data: BigInt(seed) });
    return { m, levels };
  }

  it('delivers ADC_SHARE beats, R + 2 cycles apart, with the codes of the spec formula', () => {
    const { m, levels } = programmed(99);
    const spikes = 0b101101n;
    const shift = 6;
    expect(m.outputs(idle).start_ready).toBe(1n);
    m.step({ ...idle, start_valid: 1n, start_spikes: spikes, start_shift: BigInt(shift) });
    const beats: { cycle: number; round: number; codes: number[] }[] = [];
    for (let cycle = 1; cycle < 40; cycle++) {
      const o = m.outputs(idle);
      if (o.out_valid) beats.push({ cycle, round: Number(o.out_round), codes: unpackCodes(o.out_codes!, 4, 8) });
      m.step(idle);
    }
    // The spec (tile-spec.md, conversion rounds): a read accepted in cycle s delivers round j in
    // cycle s + (j + 1)(R + 3) + 1. Here s = 0, R = 6: rounds 0 and 1 in cycles 10 and 19.
    expect(beats.map((b) => b.cycle)).toEqual([10, 19]);
    expect(beats.map((b) => b.cycle)).toEqual([0, 1].map((j) => (j + 1) * (p.rows + 3) + 1));
    const key = readKey(99, 0);
    for (const b of beats) {
      for (let a = 0; a < 4; a++) {
        const col = a * p.adcShare + b.round;
        let current = 0;
        for (let r = 0; r < p.rows; r++) {
          if (!((spikes >> BigInt(r)) & 1n)) continue;
          const [lp, lm] = levels[r * p.cols + col]!;
          current += noisyRead(lp, 40 * lp, deviateZ(key, deviceId(r, col, p.cols, false)));
          current -= noisyRead(lm, 40 * lm, deviateZ(key, deviceId(r, col, p.cols, true)));
        }
        expect(b.codes[a]).toBe(adcCode(current, shift, 8));
      }
    }
  });

  it('holds a finished round while the output is full, and blocks writes while busy', () => {
    const { m } = programmed(1);
    m.step({ ...idle, start_valid: 1n, start_spikes: 1n });
    const stalled = { ...idle, out_ready: 0n };
    let firstValid = -1;
    for (let cycle = 1; cycle < 60; cycle++) {
      const o = m.outputs(stalled);
      expect(o.wr_ready).toBe(0n);
      if (o.out_valid && firstValid < 0) firstValid = cycle;
      m.step(stalled);
    }
    expect(firstValid).toBe(10); // round 0 in cycle s + (R + 3) + 1 = 0 + 9 + 1 (spec)
    expect(m.outputs(stalled).out_round).toBe(0n); // round 1 waits in the macro
    m.step(idle); // round 0 taken; round 1's codes move in at this edge
    expect(m.outputs(idle).out_round).toBe(1n);
    expect(m.outputs(idle).out_last).toBe(1n);
    m.step(idle);
    expect(m.outputs(idle).out_valid).toBe(0n);
    expect(m.outputs(idle).wr_ready).toBe(1n);
  });
});
