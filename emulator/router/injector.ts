// The multicast injector: sits in front of a router's local input and turns
// each spike event (source neuron, payload) into one packet per enabled
// routing-table slot of that neuron, in slot order, one per cycle, under
// backpressure. Replication happens here and nowhere else: routers only ever
// see unicast flits.
import { checkRouterParams, type Flit, type RouterParams } from './flit.ts';

export interface InjectorParams extends Omit<RouterParams, 'fifoDepth'> {
  /** Bits of a source neuron id; the table has 2^neuronBits rows. */
  neuronBits: number;
  /** Slots (destinations) per row. */
  fanout: number;
}

export const DEFAULT_INJECTOR_PARAMS: InjectorParams = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, neuronBits: 4, fanout: 4 };

export interface RouteSlot {
  enabled: boolean;
  destX: number;
  destY: number;
  /** The destination axon id carried in the packet's id field. */
  id: number;
}

/** One table write (table_write_*): takes effect at the clock edge. */
export interface TableWrite extends RouteSlot {
  neuron: number;
  slot: number;
}

export function checkInjectorParams(p: InjectorParams): InjectorParams {
  checkRouterParams({ ...p, fifoDepth: 1 });
  if (!Number.isInteger(p.neuronBits) || p.neuronBits < 1 || p.neuronBits > 10) throw new Error(`injector: neuronBits must be 1..10, got ${p.neuronBits}`);
  if (!Number.isInteger(p.fanout) || p.fanout < 1 || p.fanout > 16) throw new Error(`injector: fanout must be 1..16, got ${p.fanout}`);
  return p;
}

export class MulticastInjector {
  readonly table: RouteSlot[][];
  /** Replicating an event (spike_ready = 0). */
  active = false;
  neuron = 0;
  payload = 0;
  /** Slots below this index are done for the current event. */
  nextSlot = 0;

  constructor(readonly params: InjectorParams) {
    checkInjectorParams(params);
    this.table = Array.from({ length: 1 << params.neuronBits }, () =>
      Array.from({ length: params.fanout }, () => ({ enabled: false, destX: 0, destY: 0, id: 0 })),
    );
  }

  reset(): void {
    for (const row of this.table) for (const s of row) s.enabled = false;
    this.active = false;
    this.neuron = 0;
    this.payload = 0;
    this.nextSlot = 0;
  }

  get spikeReady(): boolean {
    return !this.active;
  }

  /** The slot the current event sends next (-1: none left). */
  private pendingSlot(from: number): number {
    const row = this.table[this.neuron];
    for (let k = from; k < row.length; k++) if (row[k].enabled) return k;
    return -1;
  }

  /** packet_valid / packet_bits (undefined: not valid). */
  packet(): Flit | undefined {
    if (!this.active) return undefined;
    const k = this.pendingSlot(this.nextSlot);
    if (k < 0) return undefined;
    const s = this.table[this.neuron][k];
    return { destX: s.destX, destY: s.destY, id: s.id, payload: this.payload };
  }

  /**
   * The clock edge. `spike` is the offered event (undefined: spike_valid = 0),
   * `packetReady` the downstream ready, `write` a table write. The event and
   * the packet use the table as it was before this edge's write.
   * Returns whether the spike was accepted.
   */
  step(spike: { neuron: number; payload: number } | undefined, packetReady: boolean, write?: TableWrite): boolean {
    let accepted = false;
    if (this.active) {
      const k = this.pendingSlot(this.nextSlot);
      if (k < 0) this.active = false;
      else if (packetReady) {
        this.nextSlot = k + 1;
        if (this.pendingSlot(k + 1) < 0) this.active = false;
      }
    } else if (spike !== undefined) {
      accepted = true;
      this.active = true;
      this.neuron = spike.neuron;
      this.payload = spike.payload;
      this.nextSlot = 0;
    }
    if (write && write.slot < this.params.fanout) {
      this.table[write.neuron][write.slot] = { enabled: write.enabled, destX: write.destX, destY: write.destY, id: write.id };
    }
    return accepted;
  }
}
