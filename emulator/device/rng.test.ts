import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { counterNormal, counterUniform, CounterNormals, philox4x32, Rng } from './rng.ts';
import { meanStd } from './reference-formulas.test-util.ts';

const hex = (w: Uint32Array): string[] => [...w].map((x) => x.toString(16).padStart(8, '0'));

describe('philox4x32-10', () => {
  // Random123 tests/kat_vectors, the three "philox4x32 10" lines (ctr[4] key[2] -> out[4]).
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const f = 0xffffffff;
    expect(hex(philox4x32(f, f, f, f, f, f))).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))).toEqual([
      'd16cfe09',
      '94fdcceb',
      '5001e420',
      '24126ea1',
    ]);
  });
});

describe('counter-based draws', () => {
  test.prop([fc.nat(), fc.nat(), fc.nat()])('are a pure function of (seed, stream, index)', (seed, stream, index) => {
    const a = counterNormal(seed, stream, index);
    counterNormal(seed + 1, stream, index); // unrelated draws in between change nothing
    expect(counterNormal(seed, stream, index)).toBe(a);
    const u = counterUniform(seed, stream, index);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  });

  it('do not depend on visiting order', () => {
    const forward = Array.from({ length: 100 }, (_, i) => counterNormal(7, 3, i));
    const backward = Array.from({ length: 100 }, (_, i) => counterNormal(7, 3, 99 - i)).reverse();
    expect(backward).toEqual(forward);
  });

  it('separate seeds, streams and indices, including above 2^32', () => {
    const base = counterNormal(1, 2, 3);
    expect(counterNormal(2, 2, 3)).not.toBe(base);
    expect(counterNormal(1, 3, 3)).not.toBe(base);
    expect(counterNormal(1, 2, 4)).not.toBe(base);
    expect(counterNormal(1, 2, 3 + 2 ** 32)).not.toBe(base);
    expect(counterNormal(1 + 2 ** 32, 2, 3)).not.toBe(base);
  });

  it('reject ids that are not non-negative safe integers', () => {
    expect(() => counterNormal(-1, 0, 0)).toThrow(RangeError);
    expect(() => counterNormal(0, 0.5, 0)).toThrow(RangeError);
    expect(() => counterNormal(0, 0, 2 ** 53)).toThrow(RangeError);
  });

  it('CounterNormals.at(stream, index) walks index, index + 1, ...', () => {
    const c = new CounterNormals(11).at(5, 40);
    expect([c.normal(), c.normal()]).toEqual([counterNormal(11, 5, 40), counterNormal(11, 5, 41)]);
  });

  it('are standard normal (mean 0, std 1, tails) over 100k draws', () => {
    const n = 100_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = counterNormal(1, i, 0);
    const { mean, std } = meanStd(xs);
    expect(Math.abs(mean)).toBeLessThan(0.01); // 3.2 standard errors
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    const beyond2 = xs.filter((x) => Math.abs(x) > 2).length / n; // 0.0455 for N(0,1)
    expect(Math.abs(beyond2 / 0.0455 - 1)).toBeLessThan(0.05);
  });
});

describe('sequential Rng', () => {
  it('same seed gives the same sequence; different seeds differ', () => {
    const draw = (seed: number): number[] => {
      const r = new Rng(seed);
      return [r.uniform(), r.normal(), r.normal(), r.nextUint32(), r.normal()];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(new Rng(42, 1).uniform()).not.toBe(new Rng(42, 0).uniform());
  });

  it('uniform() has mean 1/2 and variance 1/12 over 100k draws', () => {
    const r = new Rng(5);
    const xs = Float64Array.from({ length: 100_000 }, () => r.uniform());
    const { mean, std } = meanStd(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(std / Math.sqrt(1 / 12) - 1)).toBeLessThan(0.01);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('normal() is standard normal and uses both Box-Muller values', () => {
    const r = new Rng(6);
    const xs = Float64Array.from({ length: 100_000 }, () => r.normal());
    const { mean, std } = meanStd(xs);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    // Pairs come from one (r, theta): x^2 + y^2 = -2 ln(1 - u1) for the first pair.
    const a = new Rng(9);
    const b = new Rng(9);
    const u1 = b.uniform();
    const [x, y] = [a.normal(), a.normal()];
    expect(x * x + y * y).toBeCloseTo(-2 * Math.log(1 - u1), 12);
  });
});
