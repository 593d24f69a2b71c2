// A W x H mesh of routers. Router (x, y) sits at node y * W + x; its east
// port is linked to the west port of (x + 1, y) and its south port to the
// north port of (x, y + 1) (+y is south). Ports on the mesh's edge are tied
// off: their inputs never carry a flit, their outputs are always ready and
// whatever leaves through them (a destination outside the mesh) is dropped
// and counted in offMeshDrops.
import { checkRouterParams, type Flit, type RouterParams } from './flit.ts';
import { EAST, LOCAL, NORTH, PORTS, RouterEmulator, SOUTH, WEST } from './router.ts';

/** The port on the other end of a link: N <-> S, E <-> W. */
const OPPOSITE = [SOUTH, WEST, NORTH, EAST, LOCAL];

export class MeshEmulator {
  readonly routers: RouterEmulator[];
  /** Neighbour node of each (node, port), -1 on the edge (and for LOCAL). */
  private readonly neighbour: Int32Array;
  /** Flits dropped at the mesh edge in the current cycle (valid after evaluate()). */
  offMeshDrops = 0;
  /** All flits dropped at the edge since reset. */
  totalDrops = 0;
  cycle = 0;
  private evaluated = false;
  private readonly readySnapshot: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly params: RouterParams,
  ) {
    checkRouterParams(params);
    if (!Number.isInteger(width) || width < 1 || width > 1 << params.xBits) throw new Error(`mesh: width must be 1..${1 << params.xBits}, got ${width}`);
    if (!Number.isInteger(height) || height < 1 || height > 1 << params.yBits) throw new Error(`mesh: height must be 1..${1 << params.yBits}, got ${height}`);
    this.routers = [];
    this.neighbour = new Int32Array(width * height * PORTS).fill(-1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const n = y * width + x;
        this.routers.push(new RouterEmulator(params, x, y));
        if (y > 0) this.neighbour[n * PORTS + NORTH] = n - width;
        if (x < width - 1) this.neighbour[n * PORTS + EAST] = n + 1;
        if (y < height - 1) this.neighbour[n * PORTS + SOUTH] = n + width;
        if (x > 0) this.neighbour[n * PORTS + WEST] = n - 1;
      }
    }
    this.readySnapshot = new Uint8Array(width * height * PORTS);
  }

  get nodes(): number {
    return this.routers.length;
  }

  reset(): void {
    for (const r of this.routers) r.reset();
    this.offMeshDrops = 0;
    this.totalDrops = 0;
    this.cycle = 0;
    this.evaluated = false;
  }

  /** This cycle's grants (idempotent until the next edge). */
  evaluate(): void {
    if (this.evaluated) return;
    let drops = 0;
    for (let n = 0; n < this.routers.length; n++) {
      const r = this.routers[n];
      r.arbitrate();
      for (let p = 0; p < PORTS; p++) {
        this.readySnapshot[n * PORTS + p] = r.inReady(p) ? 1 : 0;
        if (p !== LOCAL && this.neighbour[n * PORTS + p] < 0 && r.grant[p] >= 0) drops++;
      }
    }
    this.offMeshDrops = drops;
    this.evaluated = true;
  }

  /** local_in_<x>_<y>_ready. */
  localInReady(node: number): boolean {
    return !this.routers[node].inputs[LOCAL].full;
  }

  /** local_out_<x>_<y>_valid / _bits (undefined: not valid). */
  localOut(node: number): Flit | undefined {
    this.evaluate();
    return this.routers[node].outFlit(LOCAL);
  }

  /**
   * One clock edge. `localIn[n]` is the flit offered at node n's local input
   * (undefined: valid = 0), `localOutReady[n]` its local output's ready.
   * Fills `accepted[n]` (the local input took its flit) and `delivered[n]`
   * (the flit that left through the local output, or undefined).
   */
  step(
    localIn: readonly (Flit | undefined)[],
    localOutReady: readonly boolean[],
    accepted?: boolean[],
    delivered?: (Flit | undefined)[],
  ): void {
    this.evaluate();
    const nb = this.neighbour;
    const snap = this.readySnapshot;
    for (let n = 0; n < this.routers.length; n++) {
      const base = n * PORTS;
      this.routers[n].depart((o) => {
        if (o === LOCAL) return localOutReady[n];
        const to = nb[base + o];
        return to < 0 || snap[to * PORTS + OPPOSITE[o]] === 1;
      });
    }
    this.totalDrops += this.offMeshDrops;
    for (let n = 0; n < this.routers.length; n++) {
      const r = this.routers[n];
      const base = n * PORTS;
      for (let o = 0; o < LOCAL; o++) {
        const f = r.departed[o];
        const to = nb[base + o];
        if (f !== undefined && to >= 0) this.routers[to].enqueue(OPPOSITE[o], f);
      }
      const offered = localIn[n];
      const take = offered !== undefined && snap[base + LOCAL] === 1;
      if (take) r.enqueue(LOCAL, offered);
      if (accepted) accepted[n] = take;
      if (delivered) delivered[n] = r.departed[LOCAL];
    }
    this.cycle++;
    this.evaluated = false;
  }

  /** Flits inside the mesh. */
  occupancy(): number {
    let n = 0;
    for (const r of this.routers) n += r.occupancy();
    return n;
  }
}
