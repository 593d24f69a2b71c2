// The blocks `neurotile gen|lint|synth|cosim --target NAME` can build: name ->
// description, parameter schema (zod, with the defaults of the built-in
// reference configuration) and a generator call.
//
// Each target imports its generator lazily inside build(), so one target's
// code (and a broken or missing one) costs nothing for the others.
import { z } from 'zod';
import type { ModuleDef } from '../gen/index.ts';

export interface Target {
  name: string;
  description: string;
  /** Strict object schema of the target's parameters; every key has a default. */
  params: z.ZodObject;
  /** Elaborates the block for validated parameters (the output of params.parse). */
  build(params: Record<string, unknown>): Promise<ModuleDef>;
}

function target<S extends z.ZodObject>(t: {
  name: string;
  description: string;
  params: S;
  build: (params: z.output<S>) => Promise<ModuleDef>;
}): Target {
  return t as unknown as Target;
}

/** A positive whole number (upper limits are the generators' to check: they name the rule they enforce). */
const count = (def: number, what: string) => z.int().min(1).default(def).describe(what);

export const TARGETS: readonly Target[] = [
  target({
    name: 'fifo',
    description: 'synchronous FIFO with valid/ready ports (gen/lib)',
    params: z.strictObject({ width: count(8, 'data width in bits'), depth: count(16, 'number of entries') }),
    build: async (p) => (await import('../gen/lib/index.ts')).Fifo(p.width, p.depth),
  }),
  target({
    name: 'arbiter',
    description: 'round-robin arbiter (gen/lib)',
    params: z.strictObject({ n: count(4, 'number of requesters') }),
    build: async (p) => (await import('../gen/lib/index.ts')).RoundRobinArbiter(p.n),
  }),
  target({
    name: 'counter',
    description: 'wrapping counter with enable and clear (gen/examples)',
    params: z.strictObject({ width: count(8, 'counter width in bits') }),
    build: async (p) => (await import('../gen/examples/counter.ts')).Counter(p.width),
  }),
  target({
    name: 'counter-pair',
    description: 'two counters and a comparator: instances, bundles, dedup (gen/examples)',
    params: z.strictObject({ width: count(8, 'counter width in bits') }),
    build: async (p) => (await import('../gen/examples/counter.ts')).CounterPair(p.width),
  }),
];

/**
 * The reference design that commands use when no --target is given. For now
 * a single library block; it becomes the tile once rtl/tile exists.
 */
export const DEFAULT_TARGET = 'fifo';

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The target called `name`, or undefined. */
export function findTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}

/** The parameters of the built-in reference configuration of a target. */
export function defaultParams(t: Target): Record<string, unknown> {
  return t.params.parse({}) as Record<string, unknown>;
}
