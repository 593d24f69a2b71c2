// One interface over every simulator backend (DSL simulator, Verilator,
// Icarus). Pipe backends are asynchronous; commands that return nothing are
// pipelined, so awaiting each poke/step costs no round trip.
import type { SimPort, TopInterface } from './ports.ts';
import type { BatchValues } from './reply-parser.ts';

export type Backend = 'dsl' | 'verilator' | 'icarus';
export const BACKENDS: Backend[] = ['dsl', 'verilator', 'icarus'];

/** Outputs sampled in a batch, one row per cycle. */
export class BatchResult {
  private readonly index: Map<string, number>;
  constructor(
    readonly outputs: SimPort[],
    readonly values: BatchValues,
  ) {
    this.index = new Map(outputs.map((p, i) => [p.name, i]));
  }
  get cycles(): number {
    return this.values.rows;
  }
  /** Output `port` in `cycle`, as a bit pattern. */
  get(cycle: number, port: string): bigint {
    return this.values.get(cycle, this.portIndex(port));
  }
  getAt(cycle: number, k: number): bigint {
    return this.values.get(cycle, k);
  }
  portIndex(port: string): number {
    const k = this.index.get(port);
    if (k === undefined) throw new SimulationError(`no output port '${port}'`);
    return k;
  }
  /** (cycle, output index) pairs a 4-state simulator reported as X/Z. */
  get unknown(): { row: number; port: number }[] {
    return this.values.unknown;
  }
}

export interface Simulator {
  readonly backend: Backend;
  readonly iface: TopInterface;
  /** Drive `reset` high for `cycles` edges, then low (no-op without a reset port). */
  reset(cycles?: number): Promise<void>;
  poke(name: string, value: bigint | number): Promise<void>;
  peek(name: string): Promise<bigint>;
  step(cycles?: number): Promise<void>;
  /**
   * For each row (one value per input port, in iface order): apply the
   * inputs, settle, sample every output, then one clock edge.
   */
  runBatch(rows: (bigint | number)[][]): Promise<BatchResult>;
  /** Step until output `name` equals `value` (checked before each edge); returns cycles stepped or -1 on timeout. */
  runUntil(name: string, value: bigint | number, maxCycles: number): Promise<number>;
  /** Start (path) or stop (null) writing a VCD. */
  trace(path: string | null): Promise<void>;
  cycle(): Promise<number>;
  close(): Promise<void>;
}

/** How a backend starts its simulator. */
export interface StartOptions {
  /**
   * Registers start at random values from this seed instead of 0, so a
   * register that the reset forgets shows up as a mismatch on every backend
   * (Verilator: --x-initial unique with +verilator+seed; the DSL simulator:
   * its randomInit option; Icarus starts at X, which is reported as X anyway).
   */
  randomInit?: number;
}

export class SimulationError extends Error {
  override name = 'SimulationError';
}

/** Checks that a value fits a port and returns it as a non-negative bit pattern. */
export function portValue(port: SimPort, value: bigint | number): bigint {
  let v = BigInt(value);
  const limit = 1n << BigInt(port.width);
  if (port.signed && v < 0n && v >= -(limit >> 1n)) v += limit;
  if (v < 0n || v >= limit) throw new SimulationError(`value ${value} does not fit port '${port.name}' (${port.width} bits)`);
  return v;
}
