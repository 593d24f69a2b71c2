// One 5-port router, cycle by cycle, as the spec defines it: per-input FIFOs
// (no bypass), XY routing of each FIFO's head, one round-robin arbiter per
// output, valid/ready on every port. Every output (valid, flit, ready) is a
// function of the state alone, so a mesh can evaluate all routers first and
// then clock them all.
import { BoundedQueue } from './queue.ts';
import { checkRouterParams, type Flit, type RouterParams } from './flit.ts';

/** Port indices: also the requester order of every output's arbiter. */
export const NORTH = 0;
export const EAST = 1;
export const SOUTH = 2;
export const WEST = 3;
export const LOCAL = 4;
export const PORTS = 5;
export const PORT_NAMES = ['north', 'east', 'south', 'west', 'local'] as const;
export type PortName = (typeof PORT_NAMES)[number];

/**
 * XY dimension-ordered routing: first along x (east = +x), then along y
 * (south = +y: row 0 is the northern edge), then local.
 */
export function routeXY(hereX: number, hereY: number, f: Flit): number {
  if (f.destX > hereX) return EAST;
  if (f.destX < hereX) return WEST;
  if (f.destY > hereY) return SOUTH;
  if (f.destY < hereY) return NORTH;
  return LOCAL;
}

export class RouterEmulator {
  readonly inputs: BoundedQueue<Flit>[];
  /** Round-robin pointer of each output: the input searched first. */
  readonly pointer = new Int8Array(PORTS);
  /** Granted input of each output in the current cycle (-1: none); valid after arbitrate(). */
  readonly grant = new Int8Array(PORTS).fill(-1);
  /** Flits that left through each output at the last edge (undefined: none). */
  readonly departed: (Flit | undefined)[] = new Array(PORTS).fill(undefined);
  private readonly wants = new Int8Array(PORTS);

  constructor(
    readonly params: RouterParams,
    /** here_x / here_y: writable because a tile's router takes them from its ports. */
    public x: number,
    public y: number,
  ) {
    checkRouterParams(params);
    this.inputs = Array.from({ length: PORTS }, () => new BoundedQueue<Flit>(params.fifoDepth));
  }

  reset(): void {
    for (const q of this.inputs) q.clear();
    this.pointer.fill(0);
    this.grant.fill(-1);
    this.departed.fill(undefined);
  }

  /** in_<port>_ready: the input FIFO is not full (does not look at this cycle's departures). */
  inReady(port: number): boolean {
    return !this.inputs[port].full;
  }

  /** Computes this cycle's grants from the FIFO heads (call once per cycle, before depart()). */
  arbitrate(): void {
    for (let i = 0; i < PORTS; i++) {
      const head = this.inputs[i].peek();
      this.wants[i] = head === undefined ? -1 : routeXY(this.x, this.y, head);
    }
    for (let o = 0; o < PORTS; o++) {
      let g = -1;
      for (let k = 0; k < PORTS; k++) {
        const i = (this.pointer[o] + k) % PORTS;
        if (this.wants[i] === o) {
          g = i;
          break;
        }
      }
      this.grant[o] = g;
    }
  }

  outValid(port: number): boolean {
    return this.grant[port] >= 0;
  }

  /** out_<port>_bits: the granted head (undefined when out_<port>_valid is 0). */
  outFlit(port: number): Flit | undefined {
    const g = this.grant[port];
    return g < 0 ? undefined : this.inputs[g].peek();
  }

  /**
   * The clock edge, output side: every output whose grant is taken
   * (out_ready = 1) dequeues the granted head and moves its pointer past the
   * granted input. Call enqueue() for the inputs after this.
   */
  depart(outReady: (port: number) => boolean): void {
    for (let o = 0; o < PORTS; o++) {
      const g = this.grant[o];
      if (g >= 0 && outReady(o)) {
        this.departed[o] = this.inputs[g].shift();
        this.pointer[o] = (g + 1) % PORTS;
      } else {
        this.departed[o] = undefined;
      }
    }
  }

  /** The clock edge, input side: a flit offered while the input was ready (checked before depart()). */
  enqueue(port: number, f: Flit): void {
    this.inputs[port].push(f);
  }

  /** One cycle of a stand-alone router: returns which inputs accepted their flit. */
  step(inFlits: readonly (Flit | undefined)[], outReady: readonly boolean[]): boolean[] {
    this.arbitrate();
    const accepted = inFlits.map((f, i) => f !== undefined && this.inReady(i));
    this.depart((o) => outReady[o]);
    inFlits.forEach((f, i) => {
      if (accepted[i]) this.enqueue(i, f!);
    });
    return accepted;
  }

  /** Flits stored in the router. */
  occupancy(): number {
    let n = 0;
    for (const q of this.inputs) n += q.length;
    return n;
  }
}
