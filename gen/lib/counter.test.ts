import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { elaborate } from '../index.ts';
import { Counter, UpDownCounter } from './index.ts';
import { cachedSim, portSummary, topOf } from './test-support.ts';
import { elaborationErrorOf } from '../test-support.ts';


describe('Counter', () => {
  test.each([
    [8, undefined, 'Counter_width8'],
    [4, 10, 'Counter_width4_wrapAt10'],
    [1, 1, 'Counter_width1_wrapAt1'],
    [1, 2, 'Counter_width1'],
    [64, 1n << 64n, 'Counter_width64'],
    [64, 1000000000000000000n, 'Counter_width64_wrapAt1000000000000000000'],
  ])('Counter(%i, wrapAt %s) elaborates as %s', (width, wrapAt, name) => {
    const top = topOf(elaborate(Counter(width, { wrapAt })));
    expect(top.name).toBe(name);
    expect(portSummary(top)).toEqual(['input en 1', 'input clear 1', `output count ${width}`, 'output wrap 1']);
  });

  test.each([
    [() => Counter(0), 'Counter: width must be a whole number from 1 to 4096, got 0'],
    [() => Counter(4, { wrapAt: 0 }), 'Counter: wrapAt must be from 1 to 2^4 = 16, got 0'],
    [() => Counter(4, { wrapAt: 17 }), 'Counter: wrapAt must be from 1 to 2^4 = 16, got 17'],
    [() => Counter(4, { wrapAt: 2.5 }), 'Counter: wrapAt must be a whole number (a bigint above 2^53), got 2.5'],
    [() => UpDownCounter(5000), 'UpDownCounter: width must be a whole number from 1 to 4096, got 5000'],
  ])('bad parameters are ElaborationErrors at the caller (%#)', (build, problem) => {
    const e = elaborationErrorOf(build);
    expect(e.problem).toBe(problem);
    expect(e.loc).toMatch(/^gen\/lib\/counter\.test\.ts:\d+$/);
  });

  test('model-based: count and wrap match a TypeScript counter under random en/clear/reset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.tuple(
            fc.constant(width),
            fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 2 ** width })),
            fc.array(fc.record({ en: fc.boolean(), clear: fc.boolean(), reset: fc.boolean() }), { maxLength: 100 }),
          ),
        ),
        ([width, wrapAt, inputs]) => {
          const modulo = wrapAt ?? 2 ** width;
          const sim = cachedSim(`counter/${width}/${modulo}`, () => Counter(width, { wrapAt }));
          sim.reset(1);
          let value = 0;
          inputs.forEach(({ en, clear, reset }, cycle) => {
            sim.poke('en', +en);
            sim.poke('clear', +(clear && !reset));
            expect([sim.peek('count'), sim.peek('wrap')], `cycle ${cycle}`).toEqual([
              BigInt(value),
              en && !(clear && !reset) && value === modulo - 1 ? 1n : 0n,
            ]);
            if (reset) sim.reset(1);
            else sim.step();
            value = reset || clear ? 0 : en ? (value + 1) % modulo : value;
          });
          expect(sim.peek('count')).toBe(BigInt(value));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('UpDownCounter', () => {
  test.each([
    [4, false, 'UpDownCounter_width4'],
    [4, true, 'UpDownCounter_width4_saturate1'],
    [1, true, 'UpDownCounter_width1_saturate1'],
  ])('UpDownCounter(%i, saturate %s) elaborates as %s', (width, saturate, name) => {
    const top = topOf(elaborate(UpDownCounter(width, { saturate })));
    expect(top.name).toBe(name);
    expect(portSummary(top)).toEqual([
      'input inc 1',
      'input dec 1',
      'input clear 1',
      `output count ${width}`,
      'output is_zero 1',
      'output is_max 1',
    ]);
  });

  test('model-based: matches a TypeScript up/down counter (wrapping and saturating)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.array(fc.record({ inc: fc.boolean(), dec: fc.boolean(), clear: fc.boolean() }), { maxLength: 120 }),
        (width, saturate, inputs) => {
          const sim = cachedSim(`updown/${width}/${saturate}`, () => UpDownCounter(width, { saturate }));
          sim.reset(1);
          const max = 2 ** width - 1;
          let value = 0;
          inputs.forEach(({ inc, dec, clear }, cycle) => {
            const c = clear && cycle % 7 === 0; // clear rarely, so the count reaches its ends
            sim.poke('inc', +inc);
            sim.poke('dec', +dec);
            sim.poke('clear', +c);
            expect([sim.peek('count'), sim.peek('is_zero'), sim.peek('is_max')], `cycle ${cycle}`).toEqual([
              BigInt(value),
              value === 0 ? 1n : 0n,
              value === max ? 1n : 0n,
            ]);
            sim.step();
            if (c) value = 0;
            else if (inc && !dec) value = saturate ? Math.min(max, value + 1) : (value + 1) % (max + 1);
            else if (dec && !inc) value = saturate ? Math.max(0, value - 1) : (value + max) % (max + 1);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
