// Parameters of the neuron array (docs/tile-spec.md § Neuron) and the
// derived constants of its integer arithmetic.

export interface NeuronParams {
  /** Neurons C (= crossbar columns), 1..256. */
  cols: number;
  /** Neurons per update unit (= columns per ADC): a power of two dividing C. */
  adcShare: number;
  /** Bits k of the signed ADC code added per update, 1..8. */
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

export const NEURON_DEFAULTS: Readonly<NeuronParams> = Object.freeze({ cols: 16, adcShare: 4, adcBits: 6, vBits: 16, refBits: 4, numberBits: 8, lanes: 4 });

/** Update units: C / ADC_SHARE. */
export const unitCount = (p: NeuronParams): number => p.cols / p.adcShare;
export const vMin = (p: NeuronParams): number => -(2 ** (p.vBits - 1));
export const vMax = (p: NeuronParams): number => 2 ** (p.vBits - 1) - 1;
/** Lanes a stochastic beat reads: lane a mod E for every unit a, i.e. lanes 0 .. min(NADC, E) - 1. */
export const beatLaneMask = (p: NeuronParams): number => {
  const n = Math.min(unitCount(p), p.lanes);
  return n === 32 ? 0xffffffff : 2 ** n - 1;
};

const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** Throws a RangeError naming the rule a parameter set breaks. */
export function checkNeuronParams(p: NeuronParams): NeuronParams {
  const int = (name: keyof NeuronParams, lo: number, hi: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`neuron: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('cols', 1, 256);
  int('adcShare', 1, 256);
  int('adcBits', 1, 8);
  int('vBits', 4, 24);
  int('refBits', 1, 8);
  int('numberBits', 8, 16);
  int('lanes', 1, 32);
  if (!isPow2(p.adcShare) || p.cols % p.adcShare !== 0) throw new RangeError(`neuron: adcShare must be a power of two that divides cols (${p.cols}), got ${p.adcShare}`);
  return p;
}
