// Parameters of the neuron array (docs/tile-spec.md § Neuron). rtl/ may not
// import the emulator: the ranges are restated here from the spec.
import { checkInt, indexWidth } from '../../gen/lib/params.ts';
import { paramError } from '../../gen/lib/params.ts';

export interface NeuronConfig {
  /** Neurons C (= crossbar columns), 1..256. */
  cols: number;
  /** Neurons per update unit (= columns per ADC): a power of two dividing C. */
  adcShare: number;
  /** Bits k of the ADC code added per update, 1..8. */
  adcBits: number;
  /** Membrane potential width (two's complement), 4..24. */
  vBits: number;
  /** Refractory counter width, 1..8. */
  refBits: number;
  /** Bits K of a random number (stochastic firing), 8..16. */
  numberBits: number;
  /** Random-number lanes E the array reads, 1..32. */
  lanes: number;
}

export const DEFAULT_NEURON_CONFIG: NeuronConfig = { cols: 16, adcShare: 4, adcBits: 6, vBits: 16, refBits: 4, numberBits: 8, lanes: 4 };

/** Width of the noise_shift parameter σ. */
export const NOISE_SHIFT_BITS = 4;

export function checkNeuronConfig(c: NeuronConfig, generator = 'NeuronArray'): NeuronConfig {
  checkInt(generator, 'cols', c.cols, 1, 256);
  checkInt(generator, 'adcShare', c.adcShare, 1, 256);
  if ((c.adcShare & (c.adcShare - 1)) !== 0 || c.cols % c.adcShare !== 0) {
    paramError(`${generator}: adcShare must be a power of two that divides cols (${c.cols}), got ${c.adcShare}`);
  }
  checkInt(generator, 'adcBits', c.adcBits, 1, 8);
  checkInt(generator, 'vBits', c.vBits, 4, 24);
  checkInt(generator, 'refBits', c.refBits, 1, 8);
  checkInt(generator, 'numberBits', c.numberBits, 8, 16);
  checkInt(generator, 'lanes', c.lanes, 1, 32);
  return c;
}

/** Update units: C / ADC_SHARE (one per ADC). */
export const unitCount = (c: NeuronConfig): number => c.cols / c.adcShare;
/** Width of a beat's round field: max(1, log2 ADC_SHARE). */
export const roundWidth = (c: NeuronConfig): number => Math.max(1, Math.log2(c.adcShare));
/** Width of a neuron index. */
export const neuronIndexBits = (c: NeuronConfig): number => indexWidth(c.cols);

export const neuronParamsOf = (c: NeuronConfig) => ({
  cols: c.cols,
  adc_share: c.adcShare,
  adc_bits: c.adcBits,
  v_bits: c.vBits,
  ref_bits: c.refBits,
  number_bits: c.numberBits,
  lanes: c.lanes,
});
