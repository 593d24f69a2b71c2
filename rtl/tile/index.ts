// The neuromorphic tile (docs/tile-spec.md § Tile).
export { Tile } from './tile.ts';
export { SpikeEncoder } from './encoder.ts';
export { SpikeEmitter } from './emitter.ts';
export { DecisionStage } from './decision.ts';
export { ActivityCounters } from './counters.ts';
export * from './params.ts';
