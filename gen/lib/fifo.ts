// A synchronous FIFO with valid/ready ports, any depth >= 1, stored in
// registers (small depths) or in a synchronous memory (large depths).
import { module } from '../dsl/module.ts';
import type { ModuleBuilder, ModuleDef } from '../dsl/module.ts';
import { UInt, Bool, Vec } from '../dsl/types.ts';
import { Signal, lit, mux, pick } from '../dsl/signal.ts';
import type { ParamValue } from '../ir.ts';
import { Decoupled, type DecoupledIO } from './decoupled.ts';
import type { GroundType } from '../dsl/types.ts';
import { checkDataWidth, checkInt, countWidth, indexWidth, paramError } from './params.ts';

/** Where the entries live. */
export type FifoStorage = 'registers' | 'memory';

export interface FifoOptions {
  /**
   * `'registers'`: one register per entry and a read multiplexer (no memory
   * macro, lowest latency logic, best for small depths). `'memory'`: a
   * synchronous-read memory (`m.mem`, maps to block RAM) plus a one-entry
   * bypass register. Default: registers up to depth FIFO_REGISTER_DEPTH_LIMIT, memory above.
   */
  storage?: FifoStorage;
}

/** Up to this depth the default storage is registers; above it, a memory. */
export const FIFO_REGISTER_DEPTH_LIMIT = 16;
/** Largest depth `Fifo` accepts. */
export const FIFO_MAX_DEPTH = 1 << 20;

export interface FifoIO {
  /** Consumer side: enq_valid, enq_bits in; enq_ready out. */
  enq: DecoupledIO<GroundType>;
  /** Producer side: deq_valid, deq_bits out; deq_ready in. */
  deq: DecoupledIO<GroundType>;
  /** Number of stored entries, 0..depth. */
  count: Signal;
}

/** The storage `Fifo` picks for `depth` when not told. */
export function defaultFifoStorage(depth: number): FifoStorage {
  return depth <= FIFO_REGISTER_DEPTH_LIMIT ? 'registers' : 'memory';
}

/**
 * A synchronous FIFO of `depth` entries of `UInt(width)` (any depth >= 1, not
 * only powers of two).
 *
 * Ports: `enq_valid`, `enq_ready`, `enq_bits` (consumer side),
 * `deq_valid`, `deq_ready`, `deq_bits` (producer side), and `count`
 * (`UInt(bits to hold depth)`). Registers reset (synchronous, active high) to
 * the empty state; the stored data is not reset.
 *
 * Cycle semantics, with `n` = the number of stored entries (= `count`):
 * - `enq_ready = (n < depth)` (not full) and `deq_valid = (n > 0)` (not
 *   empty). Neither depends on the other side's inputs in the same cycle:
 *   there is no combinational path from any input to enq_ready, deq_valid or
 *   count.
 * - `deq_bits` is the oldest entry when `deq_valid = 1`; when `deq_valid = 0`
 *   it is unspecified (stale data).
 * - At a rising edge, an entry is enqueued when `enq_valid & enq_ready` and
 *   the oldest entry is dequeued when `deq_valid & deq_ready`. Both may
 *   happen at the same edge (then `n` is unchanged).
 * - No bypass: an entry enqueued at the edge ending cycle t is visible on
 *   deq (`deq_valid`, `deq_bits`) from cycle t+1 on, even if the FIFO was
 *   empty. A full FIFO does not accept an entry even if one is dequeued in
 *   the same cycle (enq_ready = !full does not look at deq_ready), so a
 *   depth-1 FIFO moves at most one entry every two cycles.
 *
 * Storage (see FifoOptions): with `'memory'` the head entry is read from the
 * synchronous memory one edge ahead (the read address is the next cycle's
 * head) and an entry written into that very address at the same edge is
 * forwarded from a bypass register, so the ports behave exactly the same.
 */
export function Fifo(width: number, depth: number, options: FifoOptions = {}): ModuleDef<FifoIO> {
  checkDataWidth('Fifo', 'width', width);
  checkInt('Fifo', 'depth', depth, 1, FIFO_MAX_DEPTH);
  const storage = options.storage ?? defaultFifoStorage(depth);
  if (storage !== 'registers' && storage !== 'memory') paramError(`Fifo: storage must be 'registers' or 'memory', got '${String(storage)}'`);
  const params: Record<string, ParamValue> = { width, depth };
  // The name records the storage only when it is not the default for this depth.
  if (storage !== defaultFifoStorage(depth)) params.storage = storage;
  return module(
    'Fifo',
    params,
    (m) => {
      const enq = m.input('enq', Decoupled(UInt(width)));
      const deq = m.output('deq', Decoupled(UInt(width)));
      const count = m.output('count', UInt(countWidth(depth)));

      const occupancy = m.reg('occupancy', UInt(countWidth(depth)), { reset: 0 });
      const full = m.node('full', occupancy.eq(depth));
      const empty = m.node('empty', occupancy.eq(0));
      const doEnq = m.node('do_enq', enq.valid.and(full.not()));
      const doDeq = m.node('do_deq', deq.ready.and(empty.not()));
      enq.ready.set(full.not());
      deq.valid.set(empty.not());
      count.set(occupancy);
      m.when(doEnq.and(doDeq.not()), () => occupancy.set(occupancy.addWrap(1))).elsewhen(doDeq.and(doEnq.not()), () =>
        occupancy.set(occupancy.subWrap(1)),
      );

      const writePtr = pointer(m, 'write_ptr', depth, doEnq);
      const readPtr = pointer(m, 'read_ptr', depth, doDeq);

      if (storage === 'registers') {
        const entries = m.reg('entries', Vec(depth, UInt(width)));
        entries.forEach((entry, i) => m.when(depth === 1 ? doEnq : doEnq.and(writePtr.current.eq(i)), () => entry.set(enq.bits)));
        deq.bits.set(depth === 1 ? entries[0] : pick(entries, readPtr.current));
      } else {
        const ram = m.mem('ram', UInt(width), depth);
        ram.write(writePtr.current, enq.bits, doEnq);
        // Read the next cycle's head now; a write to that address at this edge is forwarded.
        const head = ram.read('ram_head', readPtr.next);
        const bypass = m.reg('head_bypass', Bool());
        const bypassBits = m.reg('head_bypass_bits', UInt(width));
        bypass.set(depth === 1 ? doEnq : doEnq.and(writePtr.current.eq(readPtr.next)));
        m.when(doEnq, () => bypassBits.set(enq.bits));
        deq.bits.set(mux(bypass, bypassBits, head));
      }
      return { enq, deq, count };
    },
    { doc: `Synchronous FIFO: ${depth} x ${width} bits in ${storage}; enq_ready = !full, deq_valid = !empty, no bypass.` },
  );
}

/**
 * A wrapping index 0..depth-1 that advances when `step` is 1 at a clock edge.
 * `current` is its value, `next` the value after this edge. For depth 1 it
 * is the constant 0 and no register is made.
 */
function pointer(m: ModuleBuilder, name: string, depth: number, step: Signal): { current: Signal; next: Signal } {
  if (depth === 1) {
    const zero = lit(0, UInt(1));
    return { current: zero, next: zero };
  }
  const ptr = m.reg(name, UInt(indexWidth(depth)), { reset: 0 });
  const wrapped = (depth & (depth - 1)) === 0 ? ptr.addWrap(1) : mux(ptr.eq(depth - 1), 0, ptr.addWrap(1));
  const next = m.node(`${name}_next`, mux(step, wrapped, ptr));
  ptr.set(next);
  return { current: ptr, next };
}
