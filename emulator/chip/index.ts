// The chip emulator (docs/tile-spec.md § Chip): parameters, the fast core,
// the port-level model for cosim and the host API for `emulate`.
export * from './params.ts';
export * from './core.ts';
export * from './interface.ts';
export * from './emulator.ts';
