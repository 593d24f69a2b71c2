// Co-simulation suite for the neuron array (rtl/neuron) against the
// emulator's model (emulator/neuron): random parameters (threshold, leak,
// reset mode, refractory period, deterministic or stochastic firing and its
// slope), random beats with extreme codes, lanes whose numbers come and go,
// clears, and host writes and reads of V and ref (also beyond the array).
import fc from 'fast-check';
import { NeuronArray } from '../../rtl/neuron/index.ts';
import { NeuronArrayModel, type NeuronParams } from '../../emulator/neuron/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';

class NeuronCycleModel implements CycleModel {
  private readonly model: NeuronArrayModel;
  constructor(p: NeuronParams) {
    this.model = new NeuronArrayModel(p);
  }
  outputs(inputs: Values): Record<string, bigint | undefined> {
    return this.model.outputs(inputs);
  }
  step(inputs: Values): void {
    this.model.step(inputs);
  }
}

const bitsOf = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));
const mask = (bits: number) => (1n << BigInt(bits)) - 1n;

/** Parameters of a command: held on the ports for all its cycles. */
interface NeuronSettings {
  threshold: bigint;
  leak: bigint;
  reset_mode: bigint;
  refractory: bigint;
  stochastic: bigint;
  noise_shift: bigint;
}

export const neuronSuite: CosimSuite<NeuronParams> = {
  target: 'neuron',
  description: 'LIF neuron array vs the emulator: random parameters, beats, lanes, clears and host access',
  defaultConfig: { cols: 16, adcShare: 4, adcBits: 6, vBits: 16, refBits: 4, numberBits: 8, lanes: 4 },
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => {
      const share = 2 ** Math.floor(rng() * 4);
      const units = 1 + Math.floor(rng() * 6);
      return {
        cols: share * units,
        adcShare: share,
        adcBits: 1 + Math.floor(rng() * 8),
        vBits: 4 + Math.floor(rng() * 21),
        refBits: 1 + Math.floor(rng() * 8),
        numberBits: 8 + Math.floor(rng() * 9),
        lanes: 1 + Math.floor(rng() * 8),
      };
    }),
  describeConfig: (p) => `${p.cols} neurons, share ${p.adcShare}, ${p.adcBits}-bit codes, vBits ${p.vBits}, refBits ${p.refBits}, K ${p.numberBits}, ${p.lanes} lanes`,
  design: (p) => NeuronArray(p),
  model: (p) => new NeuronCycleModel(p),
  defaults: (p) => {
    const d: Values = {
      beat_valid: 0n, beat_codes: 0n, beat_round: 0n, threshold: 0n, leak: 0n, reset_mode: 0n, refractory: 0n, stochastic: 0n, noise_shift: 0n,
      clear: 0n, host_write: 0n, host_neuron: 0n, host_sel: 0n, host_wdata: 0n,
    };
    for (let i = 0; i < p.lanes; i++) {
      d[`num_${i}_valid`] = 0n;
      d[`num_${i}_bits`] = 0n;
    }
    return d;
  },
  commands: (p, replayPath) => {
    const units = p.cols / p.adcShare;
    const roundBits = Math.max(1, Math.log2(p.adcShare));
    const hostWidth = Math.max(p.vBits, p.refBits);
    const theta = fc.oneof(fc.bigInt({ min: 0n, max: mask(p.vBits - 1) }), fc.bigInt({ min: 0n, max: BigInt(Math.min(4 * 2 ** p.adcBits, 2 ** (p.vBits - 1) - 1)) }));
    const settings: fc.Arbitrary<NeuronSettings> = fc.record({
      threshold: theta,
      leak: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: mask(p.vBits) })),
      reset_mode: fc.bigInt({ min: 0n, max: 1n }),
      refractory: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: mask(p.refBits) })),
      stochastic: fc.bigInt({ min: 0n, max: 1n }),
      noise_shift: fc.bigInt({ min: 0n, max: 15n }),
    });
    const seed = fc.integer({ min: 0, max: 0xffffffff });
    // A burst of cycles: beats with random codes (often extreme), rounds, lane availability and numbers.
    const beats = fc.record({ s: settings, n: fc.integer({ min: 1, max: 40 }), seed, validPct: fc.constantFrom(100, 80, 30), lanePct: fc.constantFrom(100, 70) }).map(({ s, n, seed, validPct, lanePct }) => {
      const rng = mulberry32(seed);
      const cycles: Partial<Values>[] = [];
      for (let t = 0; t < n; t++) {
        let codes = 0n;
        for (let a = 0; a < units; a++) {
          const r = rng();
          const code = r < 0.2 ? mask(p.adcBits) >> 1n : r < 0.4 ? 1n << BigInt(p.adcBits - 1) : BigInt(Math.floor(rng() * 2 ** p.adcBits));
          codes |= (code & mask(p.adcBits)) << BigInt(a * p.adcBits);
        }
        const cycle: Partial<Values> = { ...s, beat_valid: rng() * 100 < validPct ? 1n : 0n, beat_codes: codes, beat_round: BigInt(Math.floor(rng() * p.adcShare)) & mask(roundBits) };
        for (let i = 0; i < p.lanes; i++) {
          cycle[`num_${i}_valid`] = rng() * 100 < lanePct ? 1n : 0n;
          cycle[`num_${i}_bits`] = BigInt(Math.floor(rng() * 2 ** p.numberBits));
        }
        cycles.push(cycle);
      }
      return new CycleCommand(`beats(${n}, seed ${seed}, valid ${validPct}%, lanes ${lanePct}%, theta ${s.threshold}, leak ${s.leak}, mode ${s.reset_mode}, ref ${s.refractory}, stoch ${s.stochastic}, sigma ${s.noise_shift})`, cycles);
    });
    const neuron = fc.integer({ min: 0, max: 2 ** bitsOf(p.cols) - 1 });
    const hostWrite = fc
      .record({ n: neuron, sel: fc.bigInt({ min: 0n, max: 1n }), data: fc.bigInt({ min: 0n, max: mask(hostWidth) }), beat: fc.boolean() })
      .map(({ n, sel, data, beat }) => new CycleCommand(`host-write(${n}, ${sel ? 'ref' : 'V'}, 0x${data.toString(16)}${beat ? ', with a beat' : ''})`, [
        { host_write: 1n, host_neuron: BigInt(n), host_sel: sel, host_wdata: data, beat_valid: beat ? 1n : 0n, beat_round: BigInt(n % p.adcShare) & mask(roundBits), beat_codes: mask(units * p.adcBits) },
      ]));
    const hostRead = fc
      .record({ n: neuron, sel: fc.bigInt({ min: 0n, max: 1n }) })
      .map(({ n, sel }) => new CycleCommand(`host-read(${n}, ${sel ? 'ref' : 'V'})`, [{ host_neuron: BigInt(n), host_sel: sel }]));
    const clear = fc.boolean().map((beat) => new CycleCommand(`clear${beat ? ' with a beat' : ''}`, [{ clear: 1n, beat_valid: beat ? 1n : 0n, beat_codes: mask(units * p.adcBits) }]));
    const body = fc.commands([beats, beats, beats, hostWrite, hostRead, clear], { maxCommands: 30, replayPath });
    return body.map((cmds): CommandList => [...cmds]);
  },
};
