// The tile's emulator (docs/tile-spec.md § Tile): parameters, CSR map,
// activity counters, the fast core and the port-level model.
export * from './params.ts';
export * from './counters.ts';
export * from './csr.ts';
export * from './sampler-port.ts';
export * from './decision.ts';
export * from './emitter.ts';
export * from './core.ts';
export * from './interface.ts';
