// The conventional baseline the LFSR-free sampler is compared against (not
// part of the tile, built for the benchmark only): per lane a maximal-length
// Galois LFSR of `bits` bits and a comparator, the usual stochastic-computing
// stream generator (one Bernoulli(p) bit per cycle per lane, p = p_i / 2^bits).
import { lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../../gen/index.ts';
import { checkInt } from '../../../gen/lib/params.ts';

/** Taps (Galois feedback masks) of maximal-length LFSRs, by width (Xilinx XAPP 052 / Koopman's tables). */
const TAPS: Record<number, number> = { 4: 0xc, 5: 0x14, 6: 0x30, 7: 0x60, 8: 0xb8, 9: 0x110, 10: 0x240, 11: 0x500, 12: 0xe08, 13: 0x1c80, 14: 0x3802, 15: 0x6000, 16: 0xd008 };

export const LfsrStreamGenerator = (lanes: number, bits: number): ModuleDef<Record<string, Signal>> => {
  checkInt('LfsrStreamGenerator', 'lanes', lanes, 1, 64);
  checkInt('LfsrStreamGenerator', 'bits', bits, 4, 16);
  const taps = TAPS[bits]!;
  return module(
    'LfsrStreamGenerator',
    { lanes, bits },
    (m) => {
      const io: Record<string, Signal> = { en: m.input('en', Bool()) };
      for (let i = 0; i < lanes; i++) {
        const p = (io[`p_${i}`] = m.input(`p_${i}`, UInt(bits)));
        const number = (io[`number_${i}`] = m.output(`number_${i}`, UInt(bits)));
        const bit = (io[`bern_${i}`] = m.output(`bern_${i}`, Bool()));
        // Distinct non-zero seeds per lane (shifted copies of one m-sequence, as is usual).
        const state = m.reg(`lfsr_${i}`, UInt(bits), { reset: ((i * 0x9e37) % (2 ** bits - 1)) + 1 });
        const shifted = state.shr(1);
        m.when(io.en!, () => state.set(mux(state.bit(0), shifted.zext(bits).xor(lit(taps, UInt(bits))), shifted.zext(bits))));
        number.set(state);
        bit.set(state.lt(p));
      }
      return io;
    },
    { doc: `Baseline: ${lanes} lanes of ${bits}-bit Galois LFSR + comparator stream generators.` },
  );
};
