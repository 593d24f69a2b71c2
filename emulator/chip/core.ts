// The chip (docs/tile-spec.md § Chip) as a fast cycle core: W x H TileCores
// linked as a mesh, the chip controller with its step sequence and barrier,
// and the host port with the chip registers. tick() is one clock cycle with
// the host port's inputs; skip(n) replaces n cycles in which nothing but
// counters and timers change (horizon() after evaluate() says how many).
import { EAST, NORTH, SOUTH, WEST, type Flit } from '../router/index.ts';
import {
  STEP_RUN_END,
  STEP_SAMPLE_END,
  STEP_SAMPLE_START,
  STEP_TIMESTEP,
  STEP_TIMESTEP_LAST,
  TileCore,
  type TileSampler,
  type TileTraceSink,
} from '../tile/index.ts';
import { CHIP_ID, CHIP_REG, checkChipParams, isChipLive, type ChipParams } from './params.ts';

/** The port on the other end of a link: N <-> S, E <-> W. */
const OPPOSITE = [SOUTH, WEST, NORTH, EAST];

const PHASE_SAMPLES = 0;
const PHASE_RUN_END = 1;
const PHASE_FINAL_BARRIER = 2;

/** Events of a run, when tracing is on (tests): spikes per tile per timestep, packets delivered. */
export interface ChipTrace {
  /** A neuron fired: tile index (y W + x), sample, timestep (1-based, as STATUS.t), neuron, chip cycle. */
  spikes: { tile: number; sample: number; timestep: number; neuron: number; cycle: number }[];
  /** The emitter of `tile` handed a packet to its router. */
  injected: { tile: number; sample: number; timestep: number; destX: number; destY: number; id: number; cycle: number }[];
  /** The router of `tile` delivered a packet to its collector. */
  delivered: { tile: number; sample: number; timestep: number; id: number; cycle: number }[];
  /** Steps issued to every tile. */
  steps: { kind: number; cycle: number }[];
}

export class ChipCore {
  readonly p: ChipParams;
  readonly width: number;
  readonly height: number;
  readonly tiles: TileCore[];
  /** Neighbour tile of each (tile, mesh port), -1 on the edge. */
  private readonly neighbour: Int32Array;

  // ---- chip registers and controller -------------------------------------------
  timesteps = 0;
  samples = 0;
  busy = false;
  done = false;
  cyclesReg = 0;
  runCycles = 0;
  private phase = PHASE_FINAL_BARRIER;
  private sampleIndex = 0;
  /** Position in the sample: 0 SAMPLE_START, 1..T the timesteps, T+1 SAMPLE_END. */
  private stepIndex = 0;
  samplesStarted = 0;
  timestepsIssued = 0;

  // ---- host port -------------------------------------------------------------------
  /** A request was taken and its response not yet. */
  outstanding = false;
  private chipInflight = false;
  private chipInWrite = false;
  private chipInAddr = 0;
  chipRespValid = false;
  chipRespData = 0;

  // ---- this cycle (evaluate()) ---------------------------------------------------
  barrier = true;
  stepValid = false;
  stepKind = 0;
  private runEnds = false;
  private chipReadNow = 0;

  /** Cycles since construction (a plain number for traces; CYCLES is the 32-bit register). */
  cycle = 0;
  trace: ChipTrace | undefined = undefined;

  constructor(params: ChipParams, makeSampler?: (tileIndex: number) => TileSampler) {
    this.p = checkChipParams(params);
    this.width = params.width;
    this.height = params.height;
    const n = this.width * this.height;
    this.tiles = [];
    this.neighbour = new Int32Array(n * 4).fill(-1);
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const i = y * this.width + x;
        const t = new TileCore(params.tile, makeSampler?.(i), x, y);
        let edge = 0;
        if (y > 0) this.neighbour[i * 4 + NORTH] = i - this.width;
        else edge |= 1 << NORTH;
        if (x < this.width - 1) this.neighbour[i * 4 + EAST] = i + 1;
        else edge |= 1 << EAST;
        if (y < this.height - 1) this.neighbour[i * 4 + SOUTH] = i + this.width;
        else edge |= 1 << SOUTH;
        if (x > 0) this.neighbour[i * 4 + WEST] = i - 1;
        else edge |= 1 << WEST;
        t.edgeMask = edge;
        this.tiles.push(t);
      }
    }
    this.reset();
  }

  reset(): void {
    for (const t of this.tiles) t.reset();
    this.timesteps = this.samples = this.cyclesReg = this.runCycles = 0;
    this.busy = this.done = false;
    this.phase = PHASE_FINAL_BARRIER;
    this.sampleIndex = this.stepIndex = this.samplesStarted = this.timestepsIssued = 0;
    this.outstanding = this.chipInflight = this.chipInWrite = this.chipRespValid = false;
    this.chipInAddr = this.chipRespData = 0;
  }

  tileIndex(x: number, y: number): number {
    return x < this.width && y < this.height ? y * this.width + x : -1;
  }

  /** Turns tracing on (a fresh trace) or off. */
  setTracing(on: boolean): ChipTrace | undefined {
    if (!on) {
      this.trace = undefined;
      for (const t of this.tiles) t.trace = undefined;
      return undefined;
    }
    const trace: ChipTrace = { spikes: [], injected: [], delivered: [], steps: [] };
    this.trace = trace;
    this.tiles.forEach((t, tile) => {
      const sink: TileTraceSink = {
        spike: (neuron) => trace.spikes.push({ tile, sample: this.sampleNumber(), timestep: this.timestepsIssued, neuron, cycle: this.cycle }),
        injected: (f: Flit) => trace.injected.push({ tile, sample: this.sampleNumber(), timestep: this.timestepsIssued, destX: f.destX, destY: f.destY, id: f.id, cycle: this.cycle }),
        delivered: (f: Flit) => trace.delivered.push({ tile, sample: this.sampleNumber(), timestep: this.timestepsIssued, id: f.id, cycle: this.cycle }),
      };
      t.trace = sink;
    });
    return trace;
  }

  private sampleNumber(): number {
    return Math.max(0, this.samplesStarted - 1);
  }

  // ======================================================================
  // One cycle
  // ======================================================================

  /** This cycle's combinational values of every tile and of the controller. */
  evaluate(): void {
    let barrier = true;
    for (const t of this.tiles) {
      t.evaluate();
      if (!t.idle || !t.quiet) barrier = false;
    }
    this.barrier = barrier;
    const remain = this.phase !== PHASE_FINAL_BARRIER;
    this.stepValid = this.busy && barrier && remain;
    this.stepKind = this.currentStep();
    this.runEnds = this.busy && barrier && !remain;
    this.chipReadNow = this.chipInflight && !this.chipInWrite ? this.readChipRegister(this.chipInAddr) : 0;
  }

  private currentStep(): number {
    if (this.phase === PHASE_RUN_END) return STEP_RUN_END;
    if (this.stepIndex === 0) return STEP_SAMPLE_START;
    if (this.stepIndex < this.timesteps) return STEP_TIMESTEP;
    if (this.stepIndex === this.timesteps) return STEP_TIMESTEP_LAST;
    return STEP_SAMPLE_END;
  }

  /** host_resp_valid in this cycle. */
  get respValid(): boolean {
    if (this.chipRespValid) return true;
    for (const t of this.tiles) if (t.csrRespValid) return true;
    return false;
  }

  /** host_resp_rdata: the OR of the valid responders' data. */
  get respData(): number {
    let d = this.chipRespValid ? this.chipRespData : 0;
    for (const t of this.tiles) if (t.csrRespValid) d |= t.csrRespData;
    return d >>> 0;
  }

  /** host_req_ready for a request in this cycle (after evaluate()). */
  reqReady(write: boolean, chip: boolean, x: number, y: number, addr: number, respReady: boolean): boolean {
    if (this.outstanding && !(respReady && this.respValid)) return false;
    const i = chip ? -1 : this.tileIndex(x, y);
    if (i < 0) return !this.chipInflight && (!this.chipRespValid || respReady) && (!this.busy || chip === false || isChipLive(addr));
    return this.tiles[i]!.csrReqReady(addr & 0x1ffff, write, respReady);
  }

  /**
   * The clock edge, with the host port's inputs of this cycle (call
   * evaluate() first). Returns whether the request was taken.
   */
  edge(reqValid: boolean, reqWrite: boolean, reqChip: boolean, reqX: number, reqY: number, reqAddr: number, reqWdata: number, respReady: boolean): boolean {
    reqAddr &= 0x1ffff;
    reqWdata >>>= 0;
    const respTaken = respReady && this.respValid;
    const free = !this.outstanding || respTaken;
    const target = reqChip ? -1 : this.tileIndex(reqX, reqY);
    const taken = reqValid && this.reqReady(reqWrite, reqChip, reqX, reqY, reqAddr, respReady);

    // ---- the mesh: every router's outputs, then the flits into the neighbours -------
    const tiles = this.tiles;
    const nb = this.neighbour;
    for (let i = 0; i < tiles.length; i++) {
      const t = tiles[i]!;
      if (t.routerFlits === 0) {
        t.departedNow = false;
        continue;
      }
      let ready = 0;
      for (let q = 0; q < 4; q++) {
        const to = nb[i * 4 + q]!;
        if (to < 0 || tiles[to]!.inReady[OPPOSITE[q]!] === 1) ready |= 1 << q;
      }
      t.routerDepart(ready);
    }
    for (let i = 0; i < tiles.length; i++) {
      const t = tiles[i]!;
      if (!t.departedNow) continue;
      for (let q = 0; q < 4; q++) {
        const f = t.router.departed[q];
        const to = nb[i * 4 + q]!;
        if (f !== undefined && to >= 0) tiles[to]!.routerEnqueue(OPPOSITE[q]!, f);
      }
    }

    // ---- every tile's edge: the step, its share of the host port ------------------------
    const stepValid = this.stepValid;
    const kind = this.stepKind;
    for (let i = 0; i < tiles.length; i++) tiles[i]!.edge(stepValid, kind, reqValid && free && i === target, reqWrite, reqAddr, reqWdata, respReady);

    // ---- the chip's own responder (chip registers and absent tiles) -----------------------
    let respValid = this.chipRespValid && !respReady;
    let respData = this.chipRespData;
    if (this.chipInflight) {
      respValid = true;
      respData = this.chipInWrite ? 0 : this.chipReadNow;
    }
    const chipTaken = taken && target < 0;
    let start = false;
    let clearCycles = false;
    if (chipTaken && reqWrite && reqChip) {
      if (reqAddr === CHIP_REG.TIMESTEPS) this.timesteps = reqWdata & 0xffff;
      else if (reqAddr === CHIP_REG.SAMPLES) this.samples = reqWdata & 0xff;
      else if (reqAddr === CHIP_REG.CTRL) {
        start = (reqWdata & 1) === 1 && !this.busy;
        clearCycles = (reqWdata & 2) === 2;
      }
    }
    this.chipRespValid = respValid;
    this.chipRespData = respData;
    this.chipInflight = chipTaken;
    if (chipTaken) {
      this.chipInWrite = reqWrite;
      this.chipInAddr = reqChip ? reqAddr : -1; // an absent tile reads 0
    }
    if (taken) this.outstanding = true;
    else if (respTaken) this.outstanding = false;

    // ---- controller -----------------------------------------------------------------------
    if (this.busy) this.runCycles = (this.runCycles + 1) >>> 0;
    if (stepValid) {
      if (this.trace) this.trace.steps.push({ kind, cycle: this.cycle });
      this.advanceStep(kind);
    }
    if (this.runEnds) {
      this.busy = false;
      this.done = true;
    }
    if (start) this.startRun();
    this.cyclesReg = clearCycles ? 0 : (this.cyclesReg + 1) >>> 0;
    this.cycle++;
    return taken;
  }

  /** One whole cycle. */
  tick(reqValid = false, reqWrite = false, reqChip = false, reqX = 0, reqY = 0, reqAddr = 0, reqWdata = 0, respReady = true): boolean {
    this.evaluate();
    return this.edge(reqValid, reqWrite, reqChip, reqX, reqY, reqAddr, reqWdata, respReady);
  }

  private advanceStep(kind: number): void {
    if (kind === STEP_SAMPLE_START) {
      this.samplesStarted++;
      this.timestepsIssued = 0;
    } else if (kind === STEP_TIMESTEP || kind === STEP_TIMESTEP_LAST) this.timestepsIssued++;
    if (this.phase === PHASE_RUN_END) {
      this.phase = PHASE_FINAL_BARRIER;
      return;
    }
    if (kind === STEP_SAMPLE_END) {
      this.stepIndex = 0;
      this.sampleIndex++;
      if (this.sampleIndex >= this.samples) this.phase = PHASE_RUN_END;
    } else this.stepIndex++;
  }

  private startRun(): void {
    if (this.timesteps === 0 || this.samples === 0) {
      this.done = true;
      return;
    }
    this.busy = true;
    this.done = false;
    this.runCycles = 0;
    this.phase = PHASE_SAMPLES;
    this.sampleIndex = this.stepIndex = 0;
    this.samplesStarted = this.timestepsIssued = 0;
  }

  /** A chip register's value in this cycle (-1: an absent tile, reads 0). */
  readChipRegister(addr: number): number {
    switch (addr) {
      case CHIP_REG.ID:
        return CHIP_ID;
      case CHIP_REG.GEOMETRY:
        return this.width | (this.height << 8);
      case CHIP_REG.TIMESTEPS:
        return this.timesteps;
      case CHIP_REG.SAMPLES:
        return this.samples;
      case CHIP_REG.STATUS:
        return ((this.busy ? 1 : 0) | (this.done ? 2 : 0) | (Math.max(0, this.samplesStarted - 1) << 8) | ((this.timestepsIssued & 0xffff) << 16)) >>> 0;
      case CHIP_REG.CYCLES:
        return this.cyclesReg;
      case CHIP_REG.RUN_CYCLES:
        return this.runCycles;
    }
    return 0;
  }

  // ======================================================================
  // Fast-forward
  // ======================================================================

  /** Cycles from now (after evaluate()) that skip() may replace, given an idle host port. */
  horizon(): number {
    if (this.outstanding || this.chipInflight || this.chipRespValid) return 0;
    if (this.busy && this.barrier) return 0;
    let h = Infinity;
    for (const t of this.tiles) {
      const th = t.horizon();
      if (th < h) {
        h = th;
        if (h === 0) return 0;
      }
    }
    return h;
  }

  /** n quiet cycles (n <= horizon()) with an idle host port. */
  skip(n: number): void {
    if (n <= 0) return;
    for (const t of this.tiles) t.skip(n);
    if (this.busy) this.runCycles = (this.runCycles + n) >>> 0;
    this.cyclesReg = (this.cyclesReg + n) >>> 0;
    this.cycle += n;
  }

  /**
   * Runs `n` cycles with an idle host port (requests none, takes any
   * response), skipping quiet stretches when `fastForward`.
   */
  advance(n: number, fastForward = true): void {
    let left = n;
    while (left > 0) {
      this.evaluate();
      if (fastForward) {
        const h = this.horizon();
        if (h > 0) {
          const k = Math.min(h, left);
          this.skip(k);
          left -= k;
          continue;
        }
      }
      this.edge(false, false, false, 0, 0, 0, 0, true);
      left--;
    }
  }
}
