// Valid/ready ("decoupled") interfaces: a bundle type, the handshake
// predicate, and a bulk connect that respects the direction of each field.
import { Bool, Bundle, Flipped } from '../dsl/types.ts';
import type { BundleType, Flip, GroundType, HwType } from '../dsl/types.ts';
import { leaves } from '../dsl/types.ts';
import { Signal } from '../dsl/signal.ts';
import type { ModuleBuilder, Value } from '../dsl/module.ts';
import { paramError } from './params.ts';

/** The bundle type `Decoupled(T)` returns. */
export type DecoupledType<T extends HwType> = BundleType<{ valid: GroundType; ready: Flip<GroundType>; bits: T }>;

/** What declaring a `Decoupled(T)` port or wire gives back: `{ valid, ready, bits }`. */
export type DecoupledIO<T extends HwType = HwType> = Value<DecoupledType<T>>;

/**
 * A valid/ready interface carrying `bits` of type `T`, seen from the producer:
 * `{ valid: Bool, ready: Flipped(Bool), bits: T }`.
 *
 * - `m.output('deq', Decoupled(T))` is a producer port: `deq_valid` and
 *   `deq_bits*` are outputs, `deq_ready` is an input.
 * - `m.input('enq', Decoupled(T))` is a consumer port (Chisel's
 *   `Flipped(Decoupled(T))`): `enq_valid` and `enq_bits*` are inputs,
 *   `enq_ready` is an output.
 *
 * Protocol: a transfer happens at a rising clock edge where valid and ready
 * are both 1 (see `fire`). Which side may wait for the other is the block's
 * to document; the library's blocks never make `ready` depend on `valid`
 * combinationally in a way that could form a loop.
 *
 * `T` must not contain `Flipped` fields (data flows one way).
 */
export function Decoupled<T extends HwType>(bits: T): DecoupledType<T> {
  if (leaves(bits).some((l) => l.flipped)) paramError('Decoupled: the bits type must not contain Flipped fields (data flows one way)');
  return Bundle({ valid: Bool(), ready: Flipped(Bool()), bits });
}

/** The handshake of a valid/ready interface: `valid & ready` (a transfer happens at this clock edge). */
export function fire(io: { valid: Signal; ready: Signal }): Signal {
  return io.valid.and(io.ready);
}

/** Every ground signal of a declared value, in declaration order (a Signal, or arrays/objects of them). */
export function signalsOf(value: unknown): Signal[] {
  if (value instanceof Signal) return [value];
  if (Array.isArray(value)) return value.flatMap(signalsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(signalsOf);
  throw new Error(`signalsOf: not a signal or an aggregate of signals: ${String(value)}`);
}

/**
 * Connects two valid/ready interfaces inside module `m`: `source` feeds
 * `sink` (`sink.valid := source.valid`, `sink.bits := source.bits`,
 * `source.ready := sink.ready`). Typical uses, in a parent module:
 *
 * ```ts
 * connectDecoupled(m, fifo.enq, io.in);   // parent's consumer port -> child's consumer port
 * connectDecoupled(m, io.out, fifo.deq);  // child's producer port -> parent's producer port
 * connectDecoupled(m, b.enq, a.deq);      // child to child
 * ```
 *
 * The two `bits` must have the same shape; each leaf follows the usual
 * assignment rule (a narrower source is extended, a wider one is an error).
 */
export function connectDecoupled(m: ModuleBuilder, sink: DecoupledIO, source: DecoupledIO): void {
  const sinkBits = signalsOf(sink.bits);
  const sourceBits = signalsOf(source.bits);
  for (const s of [sink.valid, sink.ready, source.valid, source.ready, ...sinkBits, ...sourceBits]) {
    if (s.owner !== m) paramError(`connectDecoupled: a signal of module '${s.owner.name}' cannot be connected inside module '${m.name}'`);
  }
  if (sinkBits.length !== sourceBits.length) {
    paramError(`connectDecoupled: bits shapes differ (${sinkBits.length} vs ${sourceBits.length} ground signals)`);
  }
  sink.valid.set(source.valid);
  sinkBits.forEach((s, i) => s.set(sourceBits[i]));
  source.ready.set(sink.ready);
}
