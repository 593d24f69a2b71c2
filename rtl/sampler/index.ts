// The LFSR-free sampler (docs/tile-spec.md § Sampler): lanes, logic, and the
// block with its entropy macro.
export { Sampler, SamplerDigital } from './sampler.ts';
export { SamplerCore, samplerHostPorts } from './core.ts';
export { SamplerLane } from './lane.ts';
export * from './params.ts';
