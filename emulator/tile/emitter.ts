// The tile's spike emitter and its multicast routing table (docs/tile-spec.md
// § Tile, "Emitter"): the fired units of a beat are picked lowest first, each
// spike's table row is looked up and its enabled slots are sent one packet
// per cycle into the router's local input (PICK -> LOOKUP -> SEND).
import type { Flit } from '../router/index.ts';

const PICK = 0;
const LOOKUP = 1;
const SEND = 2;

export class Emitter {
  /** The routing table (memory, not reset): C x F raw ROUTE words, masked to their fields. */
  readonly routes: Uint32Array;
  /** The flit each slot sends (a new object per table write: flits in routers keep theirs). */
  private readonly flits: Flit[];
  private state = PICK;
  private readonly pending: Uint8Array;
  private pendingCount = 0;
  private round = 0;
  private neuron = 0;
  private slots = 0;

  private readonly idMask: number;
  private readonly xMask: number;
  private readonly yMask: number;

  constructor(
    readonly cols: number,
    readonly fanout: number,
    readonly share: number,
    idBits: number,
    xBits: number,
    yBits: number,
  ) {
    this.routes = new Uint32Array(cols * fanout);
    this.flits = Array.from({ length: cols * fanout }, () => ({ destX: 0, destY: 0, id: 0, payload: 0 }));
    this.pending = new Uint8Array(cols / share);
    this.idMask = 2 ** idBits - 1;
    this.xMask = 2 ** xBits - 1;
    this.yMask = 2 ** yBits - 1;
  }

  /** Reset: idle (the table is memory and keeps its contents). */
  reset(): void {
    this.state = PICK;
    this.pending.fill(0);
    this.pendingCount = this.round = this.neuron = this.slots = 0;
  }

  /** Idle: nothing pending and in PICK (a beat can be taken). */
  get idle(): boolean {
    return this.state === PICK && this.pendingCount === 0;
  }

  /** local_in_valid: a packet is offered in this cycle. */
  get sending(): boolean {
    return this.state === SEND;
  }

  /** The packet offered in this cycle (only while sending). */
  flit(): Flit {
    return this.flits[this.neuron * this.fanout + (31 - Math.clz32(this.slots & -this.slots))]!;
  }

  /** The edge, with local_in_ready of this cycle. Returns whether the offered packet was taken. */
  edge(localInReady: boolean): boolean {
    if (this.state === SEND) {
      if (!localInReady) return false;
      this.slots &= this.slots - 1; // the lowest slot is sent
      if (this.slots === 0) this.state = PICK;
      return true;
    }
    if (this.state === LOOKUP) {
      let slots = 0;
      const base = this.neuron * this.fanout;
      for (let k = 0; k < this.fanout; k++) if (this.routes[base + k]! >>> 31) slots |= 1 << k;
      this.slots = slots;
      this.state = slots !== 0 ? SEND : PICK;
    } else if (this.pendingCount > 0) {
      let a = 0;
      while (this.pending[a] === 0) a++;
      this.pending[a] = 0;
      this.pendingCount--;
      this.neuron = a * this.share + this.round;
      this.state = LOOKUP;
    }
    return false;
  }

  /** At the edge a beat of slot j is taken (the emitter is idle): its fired units become pending. */
  load(j: number, fired: Uint8Array, fires: number): void {
    this.pending.set(fired);
    this.pendingCount = fires;
    this.round = j;
  }

  /** A ROUTE write: [7:0] dest_id, [19:16] dest_y, [27:24] dest_x, bit 31 enabled (masked to the widths). */
  write(i: number, data: number): void {
    const id = data & this.idMask;
    const dy = (data >>> 16) & this.yMask;
    const dx = (data >>> 24) & this.xMask;
    this.routes[i] = ((data & 0x80000000) | (dx << 24) | (dy << 16) | id) >>> 0;
    this.flits[i] = { destX: dx, destY: dy, id, payload: 0 };
  }
}
