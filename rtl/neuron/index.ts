// The neuron array (docs/tile-spec.md § Neuron).
export { NeuronArray, NeuronUpdate, neuronParamInputs } from './neuron-array.ts';
export type { NeuronParamsIO } from './neuron-array.ts';
export * from './params.ts';
