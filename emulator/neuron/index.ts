// The neuron array's emulator (docs/tile-spec.md § Neuron): parameters, the
// typed-array core the tile calls, and the port-level model for cosim.
export * from './params.ts';
export * from './core.ts';
export * from './interface.ts';
