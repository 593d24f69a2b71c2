// Public entry of the crossbar emulator: the bit-exact integer model of the
// macro and its interface (docs/tile-spec.md § Crossbar) and the host-side
// helpers that connect it to the float device model.
export * from './params.ts';
export * from './noise.ts';
export * from './macro.ts';
export * from './core.ts';
export * from './interface.ts';
export * from './host.ts';
export * from './mvm-error.ts';
