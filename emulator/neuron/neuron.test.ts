// The neuron array against docs/tile-spec.md § Neuron: the update table
// re-typed here in BigInt arithmetic (independent of core.ts), concrete rows
// of the table, the port timing, and properties over random parameters.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { NeuronArrayModel, type PortValues } from './interface.ts';
import { NeuronArrayCore } from './core.ts';
import type { NeuronParams } from './params.ts';

interface Neuron { v: bigint; ref: bigint }
interface Shared { theta: bigint; leak: bigint; resetMode: number; refractory: bigint; stochastic: number; sigma: bigint }

/** One update, exactly as the spec's table reads. */
function specUpdate(p: NeuronParams, s: Shared, n: Neuron, c: bigint, u: bigint): Neuron & { fire: boolean } {
  const VMIN = -(1n << BigInt(p.vBits - 1));
  const VMAX = (1n << BigInt(p.vBits - 1)) - 1n;
  const clamp = (x: bigint, lo: bigint, hi: bigint) => (x < lo ? lo : x > hi ? hi : x);
  if (n.ref > 0n) return { v: n.v, ref: n.ref - 1n, fire: false };
  const v1 = clamp(n.v + c - s.leak, VMIN, VMAX);
  const d = v1 - s.theta;
  let fire: boolean;
  if (s.stochastic) {
    const K = BigInt(p.numberBits);
    const floorDiv = d >= 0n ? d / (1n << s.sigma) : -((-d + (1n << s.sigma) - 1n) / (1n << s.sigma));
    const q = clamp(floorDiv + (1n << (K - 1n)), 0n, 1n << K);
    fire = u < q;
  } else fire = d >= 0n;
  if (fire) return { v: s.resetMode ? clamp(v1 - s.theta, VMIN, VMAX) : 0n, ref: s.refractory, fire };
  return { v: v1, ref: 0n, fire };
}

const toField = (x: bigint, bits: number) => x & ((1n << BigInt(bits)) - 1n);

function portInputs(p: NeuronParams, s: Shared, extra: PortValues): PortValues {
  const inp: PortValues = {
    beat_valid: 0n, beat_codes: 0n, beat_round: 0n,
    threshold: s.theta, leak: toField(s.leak, p.vBits), reset_mode: BigInt(s.resetMode), refractory: s.refractory,
    stochastic: BigInt(s.stochastic), noise_shift: s.sigma, clear: 0n, host_write: 0n, host_neuron: 0n, host_sel: 0n, host_wdata: 0n,
  };
  for (let i = 0; i < p.lanes; i++) {
    inp[`num_${i}_valid`] = 0n;
    inp[`num_${i}_bits`] = 0n;
  }
  return { ...inp, ...extra };
}

const params = fc
  .record({
    shareLog: fc.integer({ min: 0, max: 3 }),
    units: fc.integer({ min: 1, max: 6 }),
    adcBits: fc.integer({ min: 1, max: 8 }),
    vBits: fc.integer({ min: 4, max: 24 }),
    refBits: fc.integer({ min: 1, max: 8 }),
    numberBits: fc.integer({ min: 8, max: 16 }),
    lanes: fc.integer({ min: 1, max: 8 }),
  })
  .map(({ shareLog, units, ...q }): NeuronParams => ({ ...q, adcShare: 1 << shareLog, cols: units << shareLog }));

const shared = (p: NeuronParams) =>
  fc.record({
    theta: fc.oneof(fc.bigInt({ min: 0n, max: (1n << BigInt(p.vBits - 1)) - 1n }), fc.constantFrom(0n, (1n << BigInt(p.vBits - 1)) - 1n)),
    leak: fc.oneof(fc.bigInt({ min: -(1n << BigInt(p.vBits - 1)), max: (1n << BigInt(p.vBits - 1)) - 1n }), fc.constantFrom(0n, 1n, -1n, -(1n << BigInt(p.vBits - 1)))),
    resetMode: fc.integer({ min: 0, max: 1 }),
    refractory: fc.bigInt({ min: 0n, max: (1n << BigInt(p.refBits)) - 1n }),
    stochastic: fc.integer({ min: 0, max: 1 }),
    sigma: fc.bigInt({ min: 0n, max: 15n }),
  });

describe('neuron update table', () => {
  const p: NeuronParams = { cols: 1, adcShare: 1, adcBits: 8, vBits: 8, refBits: 4, numberBits: 8, lanes: 1 };
  const run = (s: Partial<Shared>, v: number, ref: number, code: number, u = 0) => {
    const core = new NeuronArrayCore(p);
    const sh = { theta: 0n, leak: 0n, resetMode: 0, refractory: 0n, stochastic: 0, sigma: 0n, ...s };
    core.threshold = Number(sh.theta);
    core.leak = Number(sh.leak);
    core.resetMode = sh.resetMode;
    core.refractory = Number(sh.refractory);
    core.stochastic = sh.stochastic;
    core.noiseShift = Number(sh.sigma);
    core.v[0] = v;
    core.ref[0] = ref;
    const fired = new Uint8Array(1);
    core.beat(0, Int32Array.of(code), Int32Array.of(u), fired);
    return { v: core.v[0], ref: core.ref[0], fire: fired[0] };
  };

  it('integrates with leak, fires at V1 >= theta, resets to 0 or by subtraction', () => {
    expect(run({ theta: 10n, leak: 2n }, 5, 0, 6)).toEqual({ v: 9, ref: 0, fire: 0 });
    expect(run({ theta: 10n, leak: 2n }, 6, 0, 6)).toEqual({ v: 0, ref: 0, fire: 1 });
    expect(run({ theta: 10n, leak: 2n, resetMode: 1, refractory: 3n }, 20, 0, 6)).toEqual({ v: 14, ref: 3, fire: 1 });
  });

  it('ignores the input while refractory and counts down', () => {
    expect(run({ theta: 1n }, 7, 2, 100)).toEqual({ v: 7, ref: 1, fire: 0 });
  });

  it('saturates instead of wrapping (8-bit V: -128..127)', () => {
    expect(run({ theta: 127n }, 120, 0, 100)).toEqual({ v: 0, ref: 0, fire: 1 });
    expect(run({ theta: 127n, leak: 0n }, 126, 0, 100, 0).v).toBe(0); // V1 = 127 = theta fires
    expect(run({ theta: 127n, leak: 1n }, 127, 0, 0)).toEqual({ v: 126, ref: 0, fire: 0 });
    expect(run({ theta: 5n, leak: 100n }, -100, 0, -128)).toEqual({ v: -128, ref: 0, fire: 0 });
    expect(run({ theta: 127n, leak: -128n, resetMode: 1 }, 100, 0, 127)).toEqual({ v: 0, ref: 0, fire: 1 }); // V1 = 127, V1 - theta = 0
  });

  it('stochastic firing: q = clamp(floor(d / 2^sigma) + 2^(K-1), 0, 2^K), fire = u < q', () => {
    // V1 = theta: q = 128
    expect(run({ theta: 10n, stochastic: 1 }, 0, 0, 10, 127).fire).toBe(1);
    expect(run({ theta: 10n, stochastic: 1 }, 0, 0, 10, 128).fire).toBe(0);
    // d = -3, sigma = 1: floor(-1.5) = -2 -> q = 126
    expect(run({ theta: 10n, stochastic: 1, sigma: 1n }, 0, 0, 7, 125).fire).toBe(1);
    expect(run({ theta: 10n, stochastic: 1, sigma: 1n }, 0, 0, 7, 126).fire).toBe(0);
    // V1 saturates at 127, d = 127: q = 255 (u = 255 never fires); far below: q = 0, none fires
    expect(run({ theta: 0n, stochastic: 1 }, 100, 0, 100, 254).fire).toBe(1);
    expect(run({ theta: 0n, stochastic: 1 }, 100, 0, 100, 255).fire).toBe(0);
    expect(run({ theta: 120n, stochastic: 1 }, -128, 0, 0, 0).fire).toBe(0);
  });
});

describe('neuron array ports', () => {
  fcTest.prop([params.chain((p) => fc.tuple(fc.constant(p), shared(p), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: (1n << 200n) - 1n }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { minLength: 1, maxLength: 40 })))], { numRuns: 300, seed: 8675309 })(
    'beats, host writes and clears follow the spec, and V never leaves VMIN..VMAX',
    ([p, s, cycles]) => {
      const m = new NeuronArrayModel(p);
      m.step({ reset: 1n });
      const nadc = p.cols / p.adcShare;
      const VMIN = -(1n << BigInt(p.vBits - 1));
      const VMAX = (1n << BigInt(p.vBits - 1)) - 1n;
      const state: Neuron[] = Array.from({ length: p.cols }, () => ({ v: 0n, ref: 0n }));
      for (const [kind, codes, rnd, numbers] of cycles) {
        const round = BigInt(rnd % p.adcShare);
        const extra: PortValues = { beat_valid: kind !== 3 ? 1n : 0n, beat_codes: codes & ((1n << BigInt(nadc * p.adcBits)) - 1n), beat_round: round };
        for (let i = 0; i < p.lanes; i++) {
          extra[`num_${i}_valid`] = ((rnd >> (i + 8)) & 7) === 0 ? 0n : 1n;
          extra[`num_${i}_bits`] = (numbers >> BigInt(8 * (i % 8))) & ((1n << BigInt(p.numberBits)) - 1n);
        }
        if (kind === 1) Object.assign(extra, { host_write: 1n, host_neuron: BigInt(rnd % (p.cols + 1)), host_sel: BigInt((rnd >> 4) & 1), host_wdata: numbers & 0xffffffffn });
        if (kind === 2 && (rnd & 3) === 0) extra.clear = 1n;
        const inp = portInputs(p, s, extra);
        const out = m.outputs(inp);
        let ready = true;
        if (s.stochastic) for (let a = 0; a < Math.min(nadc, p.lanes); a++) if (inp[`num_${a}_valid`] !== 1n) ready = false;
        expect(out.beat_ready).toBe(ready ? 1n : 0n);
        const taken = ready && inp.beat_valid === 1n;
        let fired = 0n;
        if (taken) {
          for (let a = 0; a < nadc; a++) {
            const n = a * p.adcShare + Number(round);
            const k = BigInt(p.adcBits);
            let c = (inp.beat_codes! >> (BigInt(a) * k)) & ((1n << k) - 1n);
            if (c >= 1n << (k - 1n)) c -= 1n << k;
            const u = inp[`num_${a % p.lanes}_bits`]!;
            const next = specUpdate(p, s, state[n]!, c, u);
            state[n] = { v: next.v, ref: next.ref };
            if (next.fire) fired |= 1n << BigInt(a);
          }
        }
        expect(out.fired).toBe(fired);
        for (let i = 0; i < p.lanes; i++) expect(out[`num_${i}_take`]).toBe(taken && s.stochastic && i < nadc ? 1n : 0n);
        // host_rdata shows the state before the edge
        const hn = Number(inp.host_neuron);
        const want = hn >= p.cols ? 0n : inp.host_sel ? BigInt(m.core.ref[hn]!) : toField(BigInt(m.core.v[hn]!), p.vBits);
        expect(out.host_rdata).toBe(want);
        if (inp.host_write === 1n && hn < p.cols) {
          if (inp.host_sel) state[hn]!.ref = inp.host_wdata! & ((1n << BigInt(p.refBits)) - 1n);
          else {
            let v = inp.host_wdata! & ((1n << BigInt(p.vBits)) - 1n);
            if (v > VMAX) v -= 1n << BigInt(p.vBits);
            state[hn]!.v = v;
          }
        }
        if (inp.clear === 1n) state.forEach((x) => { x.v = 0n; x.ref = 0n; });
        m.step(inp);
        for (let n = 0; n < p.cols; n++) {
          expect(BigInt(m.core.v[n]!), `V[${n}]`).toBe(state[n]!.v);
          expect(BigInt(m.core.ref[n]!), `ref[${n}]`).toBe(state[n]!.ref);
          expect(state[n]!.v >= VMIN && state[n]!.v <= VMAX).toBe(true);
        }
      }
    },
  );

  fcTest.prop([params.chain((p) => fc.tuple(fc.constant(p), shared(p), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 })))], { numRuns: 200, seed: 1234 })(
    'a membrane potential never wraps under extreme codes and parameters',
    ([p, s, pattern]) => {
      const core = new NeuronArrayCore(p);
      core.threshold = Number(s.theta);
      core.leak = Number(s.leak);
      core.resetMode = s.resetMode;
      core.refractory = Number(s.refractory);
      core.stochastic = s.stochastic;
      core.noiseShift = Number(s.sigma);
      const nadc = core.nadc;
      const lo = -(2 ** (p.adcBits - 1));
      const hi = 2 ** (p.adcBits - 1) - 1;
      const codes = new Int32Array(nadc);
      const numbers = new Int32Array(p.lanes);
      const fired = new Uint8Array(nadc);
      for (const x of pattern) {
        codes.fill(x === 0 ? lo : x === 1 ? hi : x === 2 ? 0 : lo);
        numbers.fill(x * 85);
        for (let j = 0; j < p.adcShare; j++) core.beat(j, codes, numbers, fired);
        for (const v of core.v) {
          expect(v).toBeGreaterThanOrEqual(-(2 ** (p.vBits - 1)));
          expect(v).toBeLessThanOrEqual(2 ** (p.vBits - 1) - 1);
        }
      }
    },
  );
});
