// Properties of the sampler core (docs/tile-spec.md § Sampler): the fast
// skip(n) is exactly n ticks, the entropy macro's codes are the crossbar
// model's own conversion, the event outputs add up to the totals, it goes
// quiet when nothing is consumed, and the reference configuration meets the
// reference tile's rate (196 8-bit numbers per crossbar read of 2072 cycles).
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { readKey } from '../crossbar/index.ts';
import { mulberry32 } from '../device/rng.ts';
import { SamplerCore } from './core.ts';
import { entropyProgram, loadProgram } from './host.ts';
import { KIND_SAMPLER, REG, samplerParams, type SamplerParams } from './params.ts';
import { collectBits } from './run.ts';

const config = fc
  .record({
    lanes: fc.integer({ min: 1, max: 32 }),
    rows: fc.integer({ min: 1, max: 4 }),
    gbits: fc.integer({ min: 1, max: 8 }),
    adcBits: fc.integer({ min: 2, max: 8 }),
    numberBits: fc.integer({ min: 8, max: 16 }),
    windowLog2: fc.integer({ min: 1, max: 8 }),
  })
  .chain((c) => fc.integer({ min: 0, max: 2 ** c.windowLog2 / 2 }).map((deadband): SamplerParams => ({ ...c, deadband })));

/** Everything observable of a core: registers through the read port, numbers, totals. */
function snapshot(core: SamplerCore): unknown {
  const regs = Array.from({ length: 256 }, (_, a) => core.read(a));
  return {
    regs,
    numbers: Array.from({ length: core.lanes }, (_, i) => core.number(i)),
    totals: { ...core.totals },
    quiet: core.quiet,
    ready: core.writeReady,
    beat: core.beatNow,
    until: core.cyclesUntilChange(),
    last: [core.lastRead, core.lastRawBits, core.lastBits, core.lastBitMask, core.lastBitValues],
    readIndex: core.macro.readIndex,
  };
}

type Action = { kind: 'tick'; consume: number; write?: [number, number, number] } | { kind: 'idle'; n: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), consume: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({
    kind: fc.constant('tick' as const),
    consume: fc.constant(0),
    write: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, 2, 0x20, 0x21, 5, 0x1ff), fc.integer({ min: 0, max: 0xffffffff })),
  }),
  fc.record({ kind: fc.constant('idle' as const), n: fc.integer({ min: 0, max: 3000 }) }),
);

describe('sampler core', () => {
  fcTest.prop([config, fc.integer({ min: 0, max: 2 ** 31 }), fc.array(action, { maxLength: 40 })], { numRuns: 60, seed: 20261202 })(
    'skip(n) is exactly n ticks with nothing consumed',
    (p, seed, actions) => {
      const a = new SamplerCore(p);
      const b = new SamplerCore(p);
      const prog = entropyProgram(p, { seed, tS: seed % 3 === 0 ? 86400 : 0 });
      loadProgram(a, prog);
      loadProgram(b, prog);
      for (const act of actions) {
        if (act.kind === 'idle') {
          for (let i = 0; i < act.n; i++) a.tick(0);
          b.skip(act.n);
        } else {
          const w = act.write;
          expect(a.tick(act.consume >>> 0, w !== undefined, w?.[0], w?.[1], w?.[2])).toBe(b.tick(act.consume >>> 0, w !== undefined, w?.[0], w?.[1], w?.[2]));
        }
        expect(snapshot(b)).toEqual(snapshot(a));
      }
    },
  );

  fcTest.prop([config, fc.integer({ min: 0, max: 2 ** 31 })], { numRuns: 40, seed: 20261203 })(
    "delivers the crossbar model's own codes (CrossbarMacroState.convert) and adds its events up to the totals",
    (p, seed) => {
      const core = new SamplerCore(p);
      const rng = mulberry32(seed);
      loadProgram(core, { ...entropyProgram(p, { seed }), shift: Math.floor(rng() * 12) });
      const all = (1n << BigInt(p.rows)) - 1n; // every row of the entropy macro is read
      let events = { reads: 0, raw: 0, bits: 0 };
      const start = { ...core.totals };
      for (let read = 0; read < 30; read++) {
        while (core.lastRead === 0) {
          core.tick(core.everyLane);
          events = { reads: events.reads + core.lastRead, raw: events.raw + core.lastRawBits, bits: events.bits + core.lastBits };
        }
        const key = readKey(core.macro.seed, core.macro.readIndex - 1);
        const want = core.macro.convert(key, 0, all, core.shift);
        // The codes show up R + 4 cycles after the start, on the beat.
        for (let c = 0; c < p.rows + 4; c++) {
          expect(core.beatNow).toBe(c === p.rows + 3);
          if (core.beatNow) expect(Array.from(core.codes)).toEqual(want);
          core.tick(core.everyLane);
          events = { reads: events.reads + core.lastRead, raw: events.raw + core.lastRawBits, bits: events.bits + core.lastBits };
        }
      }
      expect(events.reads).toBe(core.totals.reads - start.reads);
      expect(events.raw).toBe(core.totals.rawBits - start.rawBits);
      expect(events.bits).toBe(core.totals.bits - start.bits);
      expect(core.totals.deviceReads - start.deviceReads).toBe(2 * p.rows * p.lanes * events.reads);
    },
  );

  it('goes quiet when nothing is consumed, and stays quiet with nothing happening', () => {
    const p = samplerParams();
    const core = new SamplerCore(p);
    loadProgram(core, entropyProgram(p));
    let n = 0;
    while (!core.quiet && n < 1_000_000) {
      core.tick(0);
      n++;
    }
    expect(core.quiet).toBe(true);
    expect(core.validMask()).toBe(core.everyLane); // every lane holds a number
    core.tick(0); // (the last tick's events were those of the final read result)
    const before = snapshot(core);
    expect(core.cyclesUntilChange()).toBe(Infinity);
    core.skip(10_000_000);
    for (let i = 0; i < 100; i++) core.tick(0);
    expect({ ...(snapshot(core) as object), totals: undefined }).toEqual({ ...(before as object), totals: undefined });
    expect(core.totals.reads).toBe((before as { totals: { reads: number } }).totals.reads);
    // Taking one number wakes it up: reads start again until that lane is full.
    core.tick(1);
    expect(core.quiet).toBe(false);
  });

  it('holds reads back while disabled, and a write into the macro waits for the running read', () => {
    const p = samplerParams({ lanes: 4, windowLog2: 4, deadband: 2 });
    const core = new SamplerCore(p);
    loadProgram(core, entropyProgram(p), false);
    for (let i = 0; i < 50; i++) core.tick(core.everyLane);
    expect(core.totals.reads).toBe(0);
    core.hostWrite(KIND_SAMPLER, REG.control, 1);
    core.tick(0); // the read starts
    expect(core.lastRead).toBe(1);
    let waited = 0;
    while (!core.tick(0, true, 2, 0, 1234)) waited++;
    expect(waited).toBe(p.rows + 3); // refused in cycles s+1 .. s+R+3, taken in s+R+4 (the beat's cycle)
  });

  it('meets the reference tile: >= 1568 unbiased bits per 2072 cycles (196 rows x 8 bits per crossbar read)', () => {
    const p = samplerParams();
    const core = new SamplerCore(p);
    loadProgram(core, entropyProgram(p, { seed: 5 }));
    collectBits(core, 50_000); // calibrated
    const run = collectBits(core, 400_000);
    const perRead = (run.bits / run.cycles) * 2072;
    expect(perRead).toBeGreaterThan(1568);
    expect(run.rawBits / run.bits).toBeGreaterThan(3.9); // von Neumann: >= 4 raw bits per bit on average
    expect(run.rawBits / run.bits).toBeLessThan(4.2);
    expect(run.cycles / run.reads).toBe(p.rows + 4);
  });
});
