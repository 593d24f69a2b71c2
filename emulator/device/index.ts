// Public entry of the PCM device model.
export * from './rng.ts';
export * from './pcm.ts';
export * from './draws.ts';
export * from './array.ts';
export * from './compensation.ts';
export * from './stats.ts';
