// Energy per random bit of the sampler from its activity (device reads and
// ADC conversions) and the per-action figures of ../shared/REFERENCES.md:
//  - a PCM cell read costs V^2 G t_read; with NeuroSim's defaults
//    (V_read 0.55 V, 10 ns pulse; 100 kOhm -> ~30 fJ) at the device's own
//    conductance G;
//  - an ADC conversion at the Murmann-survey state-of-the-art envelope,
//    0.27 pJ + 1.45e-7 pJ 4^ENOB (ENOB = the ADC's bits), and, as the
//    pessimistic figure, the survey median for ENOB 6-8, 16 pJ;
//  - the CMOS baseline: a Gaussian RNG at 360 fJ per sample (arXiv 2501.04577).
// The sampler's digital logic is not counted (no per-gate figure there).

export const READ_VOLTAGE_V = 0.55;
export const READ_PULSE_S = 10e-9;
export const G_MAX_US = 25;
export const ADC_ENVELOPE_PJ = (bits: number): number => 0.27 + 1.45e-7 * 4 ** bits;
export const ADC_MEDIAN_6_8_PJ = 16;
export const ADC_MEDIAN_4_6_PJ = 9.2;
export const CMOS_RNG_FJ_PER_SAMPLE = 360;

/** Energy of one read of a device at `level` of a GBITS scale (fJ). */
export function deviceReadFj(level: number, gbits: number): number {
  const g = (level / (2 ** gbits - 1)) * G_MAX_US * 1e-6;
  return READ_VOLTAGE_V ** 2 * g * READ_PULSE_S * 1e15;
}

export interface BitEnergy {
  /** Device-read energy per output bit (fJ). */
  deviceFj: number;
  /** ADC energy per output bit at the envelope (fJ). */
  adcFj: number;
  /** Total per output bit, envelope ADC (fJ). */
  totalFj: number;
  /** Total per output bit with the survey-median ADC (fJ). */
  totalMedianAdcFj: number;
  /** Per K-bit number (fJ), envelope ADC. */
  perNumberFj: number;
  /** The CMOS Gaussian RNG per sample, for comparison (fJ). */
  cmosRngFj: number;
  assumptions: string;
}

/**
 * Energy per unbiased bit for a run that spent `deviceReads` device reads
 * (at the mean level `meanLevel`) and `conversions` ADC conversions to make
 * `bits` bits.
 */
export function energyPerBit(run: { deviceReads: number; conversions: number; bits: number }, meanLevel: number, gbits: number, adcBits: number, numberBits: number): BitEnergy {
  const deviceFj = (run.deviceReads * deviceReadFj(meanLevel, gbits)) / run.bits;
  const adcFj = (run.conversions * ADC_ENVELOPE_PJ(adcBits) * 1000) / run.bits;
  const medianPj = adcBits <= 6 ? ADC_MEDIAN_4_6_PJ : ADC_MEDIAN_6_8_PJ;
  return {
    deviceFj,
    adcFj,
    totalFj: deviceFj + adcFj,
    totalMedianAdcFj: deviceFj + (run.conversions * medianPj * 1000) / run.bits,
    perNumberFj: (deviceFj + adcFj) * numberBits,
    cmosRngFj: CMOS_RNG_FJ_PER_SAMPLE,
    assumptions: `device read V^2 G t with V = ${READ_VOLTAGE_V} V, t = ${READ_PULSE_S * 1e9} ns (NeuroSim defaults); ADC ${adcBits} bits at the Murmann envelope ${ADC_ENVELOPE_PJ(adcBits).toFixed(3)} pJ (median ${medianPj} pJ); digital logic not counted`,
  };
}
