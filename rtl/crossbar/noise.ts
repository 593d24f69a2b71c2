// The twin's per-read noise in hardware (docs/tile-spec.md § Crossbar,
// "Per-read noise"): a counter-based hash, no LFSR and no stored state.
import { module, lit, mux, SInt, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { NOISE_SHIFT, READ_FRAC_BITS, SIGMA_BITS, Z_BITS, Z_MAX } from './params.ts';

export interface HashIO {
  x: Signal;
  y: Signal;
}

/** lowbias32: x ^= x>>16; x *= 0x7feb352d; x ^= x>>15; x *= 0x846ca68b; x ^= x>>16 (all mod 2^32). */
export const Lowbias32 = (): ModuleDef<HashIO> =>
  module('Lowbias32', {}, (m) => {
    const x = m.input('x', UInt(32));
    const y = m.output('y', UInt(32));
    const s1 = m.node('s1', x.xor(x.shr(16)));
    const m1 = m.node('m1', s1.mulWrap(lit(0x7feb352d, UInt(32))));
    const s2 = m.node('s2', m1.xor(m1.shr(15)));
    const m2 = m.node('m2', s2.mulWrap(lit(0x846ca68b, UInt(32))));
    y.set(m2.xor(m2.shr(16)));
    return { x, y };
  });

export interface DeviceNoiseIO {
  key: Signal;
  device: Signal;
  z: Signal;
}

/** The deviate of one device in one read: z = sum of the bytes of lowbias32(key ^ device) - 510. */
export const DeviceNoise = (): ModuleDef<DeviceNoiseIO> =>
  module('DeviceNoise', {}, (m) => {
    const key = m.input('key', UInt(32));
    const device = m.input('device', UInt(32));
    const z = m.output('z', SInt(Z_BITS));
    const hash = m.instance('hash', Lowbias32());
    hash.x.set(key.xor(device));
    const h = hash.y;
    // Irwin-Hall: four uniform bytes summed, centred; approximately normal, sd 147.8.
    const byteSum = m.node('byte_sum', h.bits(7, 0).add(h.bits(15, 8)).add(h.bits(23, 16).add(h.bits(31, 24))));
    z.set(byteSum.sub(Z_MAX));
    return { key, device, z };
  });

export interface NoisyReadIO {
  level: Signal;
  sigma: Signal;
  z: Signal;
  value: Signal;
}

/** One noisy device read: value = max(0, level * 2^8 + floor(z * S / 2^8)). */
export const NoisyRead = (gbits: number, readBits: number): ModuleDef<NoisyReadIO> =>
  module('NoisyRead', { gbits, read_bits: readBits }, (m) => {
    const level = m.input('level', UInt(gbits));
    const sigma = m.input('sigma', UInt(SIGMA_BITS));
    const z = m.input('z', SInt(Z_BITS));
    const value = m.output('value', UInt(readBits));
    const noise = m.node('noise', z.mul(sigma.toSInt()).shr(NOISE_SHIFT));
    const ideal = m.node('ideal', level.shl(READ_FRAC_BITS).toSInt());
    const noisy = m.node('noisy', ideal.add(noise));
    const negative = m.node('negative', noisy.bit(noisy.width - 1));
    // A conductance is never negative: clip at 0 like the float model.
    value.set(mux(negative, lit(0, UInt(readBits)), noisy.asUInt().trunc(readBits)));
    return { level, sigma, z, value };
  });
