// The hardware DSL's public API.
export { module, ModuleBuilder, Mem, moduleName } from './dsl/module.ts';
export { memoizedGenerator } from './dsl/memo.ts';
export type { ModuleDef, Value, RegOptions, MemOptions } from './dsl/module.ts';
export { blackbox, BlackBoxBuilder } from './dsl/blackbox.ts';
export { Signal, mux, cat, lit, pick } from './dsl/signal.ts';
export type { SignalLike } from './dsl/signal.ts';
export { UInt, SInt, Bool, Bundle, Flipped, Vec, MAX_WIDTH } from './dsl/types.ts';
export type { HwType, GroundType } from './dsl/types.ts';
export { ElaborationError } from './dsl/errors.ts';
export { elaborate } from './elaborate.ts';
export type { ElaborateOptions } from './elaborate.ts';
export type * from './ir.ts';
