// One ADC's lane of the digital twin (docs/tile-spec.md § Crossbar): the per-read noise of the
// pair of devices it is given each row, their noisy reads, the column current's accumulation
// and the conversion. The twin holds one lane per ADC; the pair memory and the sigma lookup
// stay in the twin. Timing (the twin's pipeline): `pair` and `device` in the memory stage,
// the deviates and levels registered, then read and accumulated while `sum_valid`.
import { lit, module, mux, SInt, UInt, Bool, type ModuleDef, type Signal } from '../../gen/index.ts';
import { DeviceNoise, NoisyRead } from './noise.ts';
import { SHIFT_BITS, SIGMA_BITS, Z_BITS } from './params.ts';

export interface AdcLaneIO {
  conv_start: Signal;
  sum_valid: Signal;
  row_active: Signal;
  shift: Signal;
  key: Signal;
  device: Signal;
  pair: Signal;
  sigma_plus: Signal;
  sigma_minus: Signal;
  code: Signal;
}

/** ADC transfer: clamp(floor(I / 2^shift), -2^(k-1), 2^(k-1) - 1). */
function adc(current: Signal, shift: Signal, bits: number): Signal {
  const w = current.width;
  const scaled = current.shr(shift);
  const hi = 2 ** (bits - 1) - 1;
  const lo = -(2 ** (bits - 1));
  return mux(
    scaled.gt(lit(hi, SInt(w))),
    lit(hi, SInt(bits)),
    mux(scaled.lt(lit(lo, SInt(w))), lit(lo, SInt(bits)), scaled.trunc(bits)),
  );
}

export interface AdcLaneParams {
  gbits: number;
  readBits: number;
  accBits: number;
  adcBits: number;
}

export const AdcLane = ({ gbits, readBits, accBits, adcBits }: AdcLaneParams): ModuleDef<AdcLaneIO> =>
  module('AdcLane', { gbits, read_bits: readBits, acc_bits: accBits, adc_bits: adcBits }, (m) => {
    const io: AdcLaneIO = {
      conv_start: m.input('conv_start', Bool()),
      sum_valid: m.input('sum_valid', Bool()),
      row_active: m.input('row_active', Bool()),
      shift: m.input('shift', UInt(SHIFT_BITS)),
      key: m.input('key', UInt(32)),
      device: m.input('device', UInt(32)), // device id of this row's G+ in the lane's column
      pair: m.input('pair', UInt(2 * gbits)), // {G- level, G+ level}
      sigma_plus: m.input('sigma_plus', UInt(SIGMA_BITS)), // sigma of the registered levels
      sigma_minus: m.input('sigma_minus', UInt(SIGMA_BITS)),
      code: m.output('code', UInt(adcBits)),
    };
    const levelPlus = m.node('level_plus', io.pair.bits(gbits - 1, 0));
    const levelMinus = m.node('level_minus', io.pair.bits(2 * gbits - 1, gbits));
    const noisePlus = m.instance('noise_plus', DeviceNoise());
    noisePlus.key.set(io.key);
    noisePlus.device.set(io.device);
    const noiseMinus = m.instance('noise_minus', DeviceNoise());
    noiseMinus.key.set(io.key);
    noiseMinus.device.set(io.device.or(1)); // device ids of G+ are even: G- = G+ + 1
    const zPlus = m.reg('z_plus', SInt(Z_BITS));
    const zMinus = m.reg('z_minus', SInt(Z_BITS));
    const sumLevelPlus = m.reg('sum_level_plus', UInt(gbits));
    const sumLevelMinus = m.reg('sum_level_minus', UInt(gbits));
    zPlus.set(noisePlus.z);
    zMinus.set(noiseMinus.z);
    sumLevelPlus.set(levelPlus);
    sumLevelMinus.set(levelMinus);

    const readPlus = m.instance('read_plus', NoisyRead(gbits, readBits));
    readPlus.level.set(sumLevelPlus);
    readPlus.sigma.set(io.sigma_plus);
    readPlus.z.set(zPlus);
    const readMinus = m.instance('read_minus', NoisyRead(gbits, readBits));
    readMinus.level.set(sumLevelMinus);
    readMinus.sigma.set(io.sigma_minus);
    readMinus.z.set(zMinus);
    const diff = m.node('diff', readPlus.value.sub(readMinus.value));

    const acc = m.reg('acc', SInt(accBits));
    const current = m.node('current', mux(io.row_active, acc.addWrap(diff), acc));
    m.when(io.conv_start, () => acc.set(0)).elsewhen(io.sum_valid, () => acc.set(current));
    // The ADC converts the finished sum: acc holds it from conv_done until the next conv_start.
    io.code.set(adc(acc, io.shift, adcBits).asUInt());
    return io;
  });
