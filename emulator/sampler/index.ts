// Public entry of the sampler emulator (docs/tile-spec.md § Sampler): the
// cycle-exact core (fast API for the tile), its port-level model (cosim), the
// host's programming of the entropy macro, and the statistics it is judged by.
export * from './params.ts';
export * from './core.ts';
export * from './interface.ts';
export * from './host.ts';
export * from './run.ts';
export * from './stats.ts';
export * from './nist.ts';
export * from './energy.ts';
