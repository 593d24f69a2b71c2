// The tile (docs/tile-spec.md § Tile) as a fast cycle core: crossbar, neuron
// array, sampler, encoder, emitter with its routing table, router, collector,
// decision stage, CSR port and activity counters, in typed arrays with no
// BigInt and no allocation per cycle.
//
// A cycle is driven in three calls, so that a chip can connect the routers of
// many tiles in between:
//   evaluate()        the cycle's combinational values (from the state alone)
//   routerDepart(..)  the router's output transfers at the edge; the chip then
//                     hands flits to neighbours with routerEnqueue()
//   edge(..)          everything else at the edge (steps, CSR, beats, ...)
// skip(n) replaces n cycles in which nothing but counters and timers change
// (horizon() says how many there are from now).
import { CrossbarCore, PHASE_CONVERTING, spikeWords, WRITE_PAIR, WRITE_SEED, WRITE_SIGMA } from '../crossbar/index.ts';
import { beatLaneMask, NeuronArrayCore } from '../neuron/index.ts';
import { LOCAL, PORTS, RouterEmulator, type Flit } from '../router/index.ts';
import {
  C_ADC,
  C_ALU_OPS,
  C_AXON_EVENTS,
  C_BUSY,
  C_CYCLES,
  C_DEVICE_READS,
  C_DROPS,
  C_FIFO_READS,
  C_FIFO_WRITES,
  C_HOPS,
  C_NEURON_UPDATES,
  C_PACKETS,
  C_ROW_ACTIVATIONS,
  C_SAMPLER_BITS,
  C_SAMPLER_RAW,
  C_SAMPLER_READS,
  C_SPIKES,
  C_TIMESTEPS,
  C_XBAR_READS,
  COUNTER_COUNT,
} from './counters.ts';
import { DecisionStage } from './decision.ts';
import { Emitter } from './emitter.ts';
import { configWord, CSR, geometryWord, isLive, STATUS_ABSTAIN, STATUS_DECIDED, STATUS_IDLE, STATUS_QUIET, STATUS_RUN_OPEN, TILE_ID } from './csr.ts';
import { checkTileParams, crossbarParamsOf, idBitsOf, neuronParamsOf, routerParamsOf, type TileParams } from './params.ts';
import { makeSampler, samplerValidBound, type TileSampler } from './sampler-port.ts';

export const STEP_SAMPLE_START = 0;
export const STEP_TIMESTEP = 1;
export const STEP_TIMESTEP_LAST = 2;
export const STEP_SAMPLE_END = 3;
export const STEP_RUN_END = 4;
export const STEP_NAMES = ['SAMPLE_START', 'TIMESTEP', 'TIMESTEP_LAST', 'SAMPLE_END', 'RUN_END', 'NOP5', 'NOP6', 'NOP7'] as const;


/** Optional event sink (tests, traces): called only when set. */
export interface TileTraceSink {
  /** Neuron n fired in a beat. */
  spike(neuron: number): void;
  /** The emitter handed a packet to the router. */
  injected(flit: Flit): void;
  /** The router's local output delivered a packet. */
  delivered(flit: Flit): void;
}

const popcount32 = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
};

const lowMask = (n: number): number => (n >= 32 ? 0xffffffff : 2 ** n - 1);

export class TileCore {
  readonly p: TileParams;
  readonly rows: number;
  readonly cols: number;
  readonly nadc: number;
  readonly share: number;
  readonly lanes: number;
  readonly numberBits: number;
  readonly classes: number;
  readonly fanout: number;
  readonly words: number;

  readonly xbar: CrossbarCore;
  readonly neurons: NeuronArrayCore;
  readonly sampler: TileSampler;
  readonly router: RouterEmulator;
  /** Activity counters, COUNTER[i] (32 bits, wrapping). */
  readonly counters = new Uint32Array(COUNTER_COUNT);
  trace: TileTraceSink | undefined = undefined;

  /** Bit P = port P (N0 E1 S2 W3) faces outside the mesh (the `mesh_edge` input). */
  edgeMask = 0;

  // ---- CSR registers -----------------------------------------------------
  adcShift = 0;
  inputRows = 0;
  readonly intensity: Uint16Array;
  readonly alwaysOn: Uint32Array;
  readonly spikesCur: Uint32Array;
  readonly spikesNext: Uint32Array;
  readonly emitter: Emitter;
  readonly decision: DecisionStage;

  // ---- activities --------------------------------------------------------
  /** A TIMESTEP's crossbar read: from the step's edge to the edge its last beat is taken. */
  reading = false;
  /** start_valid: the read is offered to the crossbar (cycle e+1). */
  startPending = false;
  /** Lanes of the encoder with rows left (bit i: lane i); lane i codes rows i, i + E, ... */
  encMask = 0;
  /** The next row each lane codes. */
  readonly encNext: Int32Array;

  // ---- CSR port ------------------------------------------------------------
  csrInflight = false;
  private csrInWrite = false;
  private csrInAddr = 0;
  /** A memory read's data, captured at the request's edge. */
  private csrInMemory = false;
  private csrMemData = 0;
  csrRespValid = false;
  csrRespData = 0;

  // ---- this cycle (evaluate()) -------------------------------------------------
  idle = true;
  quiet = true;
  emIdle = true;
  beatReady = true;
  beatTaken = false;
  validMask = 0;
  /** in_P_ready of every router input, before the edge's transfers. */
  readonly inReady = new Uint8Array(PORTS);
  private csrReadNow = 0;

  /** Flits in the router. */
  routerFlits = 0;
  /** routerDepart() ran its router in this cycle (router.departed is this edge's). */
  departedNow = false;
  /** out_P_ready of the mesh ports for routerDepart (bit P). */
  private outReadyMask = 0xf;
  private readonly outReadyFn: (port: number) => boolean;

  private readonly numbers: Int32Array;
  private readonly fired: Uint8Array;
  private readonly arrivals: Uint32Array;
  private arrivalsAny = false;
  private readonly beatLanes: number;
  private readonly numberMask: number;
  private readonly maxLevel: number;
  private readonly rowTailMask: number;

  constructor(params: TileParams, sampler?: TileSampler, x = 0, y = 0) {
    this.p = checkTileParams(params);
    const p = this.p;
    this.rows = p.rows;
    this.cols = p.cols;
    this.share = p.adcShare;
    this.nadc = p.cols / p.adcShare;
    this.lanes = p.sampler.lanes;
    this.encNext = new Int32Array(this.lanes);
    this.numberBits = p.sampler.numberBits;
    this.classes = p.classes;
    this.fanout = p.fanout;
    this.words = spikeWords(p.rows);
    this.sampler = sampler ?? makeSampler(p.sampler);
    if (this.sampler.lanes !== this.lanes) throw new RangeError(`tile: the sampler has ${this.sampler.lanes} lanes, the parameters say ${this.lanes}`);
    this.xbar = new CrossbarCore(crossbarParamsOf(p));
    this.neurons = new NeuronArrayCore(neuronParamsOf(p));
    this.router = new RouterEmulator(routerParamsOf(p), x, y);
    this.intensity = new Uint16Array(p.rows);
    this.alwaysOn = new Uint32Array(this.words);
    this.spikesCur = new Uint32Array(this.words);
    this.spikesNext = new Uint32Array(this.words);
    this.arrivals = new Uint32Array(this.words);
    this.emitter = new Emitter(p.cols, p.fanout, p.adcShare, idBitsOf(p.rows), p.xBits, p.yBits);
    this.decision = new DecisionStage(p.classes, this.numberBits);
    this.numbers = new Int32Array(this.lanes);
    this.fired = new Uint8Array(this.nadc);
    this.beatLanes = beatLaneMask(neuronParamsOf(p));
    this.numberMask = lowMask(this.numberBits);
    this.maxLevel = 2 ** p.gbits - 1;
    this.rowTailMask = p.rows % 32 === 0 ? 0xffffffff : 2 ** (p.rows % 32) - 1;
    this.outReadyFn = (o: number) => o === LOCAL || ((this.outReadyMask >>> o) & 1) === 1;
    this.reset();
  }

  /** Synchronous reset: registers to 0, buffers empty, emitter idle, no run; memories keep their contents. */
  reset(): void {
    this.xbar.reset();
    this.neurons.reset();
    this.sampler.reset();
    this.router.reset();
    this.routerFlits = 0;
    this.counters.fill(0);
    this.adcShift = this.inputRows = 0;
    this.intensity.fill(0);
    this.alwaysOn.fill(0);
    this.spikesCur.fill(0);
    this.spikesNext.fill(0);
    this.arrivals.fill(0);
    this.arrivalsAny = false;
    this.reading = this.startPending = false;
    this.encMask = 0;
    this.emitter.reset();
    this.decision.reset();
    this.csrInflight = this.csrInWrite = this.csrInMemory = this.csrRespValid = false;
    this.csrInAddr = this.csrMemData = this.csrRespData = 0;
  }

  // ======================================================================
  // The cycle's combinational values
  // ======================================================================

  /** Computes this cycle's outputs from the state (idempotent until the edge). */
  evaluate(): void {
    const r = this.router;
    if (this.routerFlits > 0) r.arbitrate();
    else r.grant.fill(-1);
    for (let q = 0; q < PORTS; q++) this.inReady[q] = r.inputs[q]!.full ? 0 : 1;
    const emIdle = this.emitter.idle;
    this.emIdle = emIdle;
    const valid = this.sampler.validMask();
    this.validMask = valid;
    this.beatReady = this.neurons.stochastic === 0 || (valid & this.beatLanes) === this.beatLanes;
    this.beatTaken = this.xbar.outValid && emIdle && this.beatReady;
    this.idle = !(this.reading || !emIdle || this.encMask !== 0 || this.decision.scanning || this.decision.dividing);
    this.quiet = this.routerFlits === 0;
    // The in-flight register read returns its value in this cycle (before any of the edge's updates).
    this.csrReadNow = this.csrInflight && !this.csrInWrite && !this.csrInMemory ? this.readRegister(this.csrInAddr) : 0;
  }

  /** csr_req_ready for a request with this address in this cycle (after evaluate()). */
  csrReqReady(addr: number, write: boolean, respReady: boolean): boolean {
    if (this.csrInflight || (this.csrRespValid && !respReady)) return false;
    if (!this.idle && !isLive(addr)) return false;
    if (write && addr >= CSR.SAMPLER && addr < CSR.SAMPLER + 0x1000 && !this.sampler.writeReady) return false;
    return true;
  }

  /** out_P_valid/bits of a router port (undefined: not valid), after evaluate(). */
  outFlit(port: number): Flit | undefined {
    return this.routerFlits > 0 ? this.router.outFlit(port) : undefined;
  }

  // ======================================================================
  // The edge
  // ======================================================================

  /** The router's output side at the edge; `outReadyMask` bit P = out_P_ready of mesh port P. */
  routerDepart(outReadyMask: number): void {
    this.departedNow = this.routerFlits > 0;
    if (!this.departedNow) return;
    const r = this.router;
    this.outReadyMask = outReadyMask;
    r.depart(this.outReadyFn);
    const c = this.counters;
    for (let o = 0; o < PORTS; o++) {
      const f = r.departed[o];
      if (f === undefined) continue;
      this.routerFlits--;
      c[C_FIFO_READS]++;
      if (o === LOCAL) {
        c[C_HOPS]++;
        c[C_AXON_EVENTS]++;
        // The collector: every delivered flit is an axon event; an id < R is an arrival.
        if (f.id < this.rows) this.arrive(f.id);
        if (this.trace) this.trace.delivered(f);
      } else if ((this.edgeMask >>> o) & 1) c[C_DROPS]++;
      else c[C_HOPS]++;
    }
  }

  /** A flit from a neighbour into input `port` (only when inReady[port] was 1 before the edge). */
  routerEnqueue(port: number, f: Flit): void {
    this.router.enqueue(port, f);
    this.routerFlits++;
    this.counters[C_FIFO_WRITES]++;
  }

  private arrive(row: number): void {
    this.arrivals[row >>> 5]! |= 1 << (row & 31);
    this.arrivalsAny = true;
  }

  /**
   * Everything at the edge but the router's mesh transfers (call evaluate(),
   * routerDepart() and the neighbours' routerEnqueue() first). Returns 1 if
   * the CSR request was taken, plus 2 if the step was taken.
   */
  edge(stepValid: boolean, stepKind: number, reqValid: boolean, reqWrite: boolean, reqAddr: number, reqWdata: number, respReady: boolean): number {
    const c = this.counters;
    const idle = this.idle;
    const stochastic = this.neurons.stochastic !== 0;
    const valid = this.validMask;
    let consume = 0;

    // ---- CSR port: the in-flight request's response, the new request ----------
    let respValid = this.csrRespValid && !respReady;
    let respData = this.csrRespData;
    if (this.csrInflight) {
      respValid = true;
      respData = this.csrInWrite ? 0 : this.csrInMemory ? this.csrMemData : this.csrReadNow;
    }
    reqAddr &= 0x1ffff;
    reqWdata >>>= 0;
    const reqTaken = reqValid && this.csrReqReady(reqAddr, reqWrite, respReady);
    let memory = false;
    if (reqTaken && !reqWrite) {
      memory = this.isMemory(reqAddr);
      if (memory) this.csrMemData = this.readMemory(reqAddr);
    }
    const write = reqTaken && reqWrite;

    // ---- the beat: neuron updates, class counts, emitter load -----------------
    const beat = this.beatTaken;
    const xbar = this.xbar;
    let fires = 0;
    if (beat) {
      if (stochastic) {
        for (let i = 0; i < this.lanes; i++) this.numbers[i] = this.sampler.number(i);
        consume |= this.beatLanes;
      }
      fires = this.neurons.beat(xbar.outRound, xbar.outCodes, this.numbers, this.fired);
      c[C_NEURON_UPDATES] += this.nadc;
      c[C_SPIKES] += fires;
      if (fires > 0) {
        const j = xbar.outRound;
        for (let a = 0; a < this.nadc; a++) {
          if (this.fired[a] === 0) continue;
          const n = a * this.share + j;
          this.decision.countSpike(n);
          if (this.trace) this.trace.spike(n);
        }
      }
      if (xbar.outLast) this.reading = false;
    }

    // ---- emitter (its state before the edge; a beat only lands when it is idle) -------
    const em = this.emitter;
    if (em.sending && this.inReady[LOCAL] === 1) {
      const f = em.flit();
      this.routerEnqueue(LOCAL, f);
      c[C_PACKETS]++;
      if (this.trace) this.trace.injected(f);
    }
    em.edge(this.inReady[LOCAL] === 1);
    if (beat) em.load(xbar.outRound, this.fired, fires);

    // ---- encoder: every lane with a row left and a number codes its next row ------------
    if (this.encMask !== 0 && !(beat && stochastic)) {
      const take = valid & this.encMask;
      if (take !== 0) {
        const nin = Math.min(this.inputRows, this.rows);
        for (let m = take; m !== 0; m &= m - 1) {
          const i = 31 - Math.clz32(m & -m);
          const r = this.encNext[i]!;
          if (this.sampler.number(i) < this.intensity[r]!) this.arrive(r);
          this.encNext[i] = r + this.lanes;
          if (r + this.lanes >= nin) this.encMask &= ~(1 << i);
        }
        consume |= take;
      }
    }

    // ---- decision stage: scans and the confidence divider ----------------------------
    const d = this.decision;
    if (d.scanning) d.scanStep();
    else if (d.dividing && valid !== 0) {
      const lane = 31 - Math.clz32(valid & -valid);
      consume |= 1 << lane;
      d.dividerStep(this.sampler.number(lane));
      c[C_ALU_OPS] += 4; // two comparator bits, the divider's multiplexer, the counter
    }

    // ---- crossbar: host writes, the read's start, the round sequence ----------------
    let wrKind = -1;
    let wrAddr = 0;
    let wrData = 0;
    if (write) {
      if (reqAddr >= CSR.PAIR) {
        const row = (reqAddr >>> 8) & 0xff;
        const col = reqAddr & 0xff;
        if (row < this.rows && col < this.cols) {
          wrKind = WRITE_PAIR;
          wrAddr = (row << this.xbarColBits()) | col;
          wrData = (reqWdata & this.maxLevel) | (((reqWdata >>> 8) & this.maxLevel) << this.p.gbits);
        }
      } else if (reqAddr >= CSR.SIGMA && reqAddr < CSR.SIGMA + 0x100) {
        if (reqAddr - CSR.SIGMA <= this.maxLevel) {
          wrKind = WRITE_SIGMA;
          wrAddr = reqAddr - CSR.SIGMA;
          wrData = reqWdata & 0xffff;
        }
      } else if (reqAddr === CSR.XBAR_SEED) {
        wrKind = WRITE_SEED;
        wrData = reqWdata;
      }
    }
    const started = xbar.tick(this.beatReady && this.emIdle, this.startPending, this.spikesCur, this.adcShift, wrKind >= 0, wrKind, wrAddr, wrData);
    if (started) {
      this.startPending = false;
      let active = 0;
      for (let w = 0; w < this.words; w++) active += popcount32(this.spikesCur[w]!);
      c[C_XBAR_READS]++;
      c[C_ROW_ACTIVATIONS] += active;
      c[C_DEVICE_READS] += 2 * active * this.cols;
      c[C_ADC] += this.cols;
    }

    // ---- sampler: consumed numbers, host writes ----------------------------------------
    const s = this.sampler;
    const t = s.totals;
    const reads0 = t.reads;
    const raw0 = t.rawBits;
    const bits0 = t.bits;
    const samplerWrite = write && reqAddr >= CSR.SAMPLER && reqAddr < CSR.SAMPLER + 0x1000;
    if (samplerWrite) {
      const sAddr = reqAddr - CSR.SAMPLER;
      s.tick(consume, true, sAddr >>> 10, sAddr & 0x3ff, reqWdata);
    } else s.tick(consume);
    c[C_SAMPLER_READS] += t.reads - reads0;
    c[C_SAMPLER_RAW] += t.rawBits - raw0;
    c[C_SAMPLER_BITS] += t.bits - bits0;

    // ---- CSR writes to registers (after the beat, before the step's clear) ----------
    let clearCounters = false;
    if (write) clearCounters = this.writeRegister(reqAddr, reqWdata);

    // ---- spike buffers and the step ---------------------------------------------------
    const stepTaken = stepValid && idle;
    if (stepTaken) this.takeStep(stepKind & 7);
    else if (this.arrivalsAny) for (let w = 0; w < this.words; w++) this.spikesNext[w]! |= this.arrivals[w]!;
    if (this.arrivalsAny) {
      this.arrivals.fill(0);
      this.arrivalsAny = false;
    }

    // ---- counters ---------------------------------------------------------------------
    c[C_CYCLES]++;
    if (!idle) c[C_BUSY]++;
    if (clearCounters) c.fill(0);

    // ---- CSR state ------------------------------------------------------------------------
    this.csrRespValid = respValid;
    this.csrRespData = respData;
    this.csrInflight = reqTaken;
    if (reqTaken) {
      this.csrInWrite = reqWrite;
      this.csrInAddr = reqAddr;
      this.csrInMemory = memory;
    }
    return (reqTaken ? 1 : 0) | (stepTaken ? 2 : 0);
  }

  private xbarColBits(): number {
    return Math.max(1, Math.ceil(Math.log2(this.cols)));
  }

  /** A step taken at this edge (the tile is idle). */
  private takeStep(kind: number): void {
    const next = this.spikesNext;
    const arr = this.arrivals;
    if (kind === STEP_TIMESTEP || kind === STEP_TIMESTEP_LAST) {
      for (let w = 0; w < this.words; w++) {
        this.spikesCur[w] = next[w]! | this.alwaysOn[w]!;
        next[w] = arr[w]!;
      }
      this.reading = true;
      this.startPending = true;
      this.counters[C_TIMESTEPS]++;
      if (kind === STEP_TIMESTEP) this.startEncoder();
      return;
    }
    if (kind === STEP_SAMPLE_START) {
      next.set(arr);
      this.neurons.clear();
      this.decision.sampleStart();
      this.startEncoder();
      return;
    }
    if (this.arrivalsAny) for (let w = 0; w < this.words; w++) next[w]! |= arr[w]!;
    if (kind === STEP_SAMPLE_END) this.decision.sampleEnd();
    else if (kind === STEP_RUN_END) this.decision.runEnd();
  }

  private startEncoder(): void {
    const nin = Math.min(this.inputRows, this.rows);
    this.encMask = lowMask(Math.min(this.lanes, nin));
    for (let i = 0; i < this.lanes; i++) this.encNext[i] = i;
  }

  // ======================================================================
  // Fast-forward
  // ======================================================================

  /**
   * Cycles from now (after evaluate()) in which, with no step, no CSR request
   * and no flit arriving, only counters and timers change: 0 when something
   * happens in this cycle, Infinity when nothing will without an input.
   */
  horizon(): number {
    if (this.routerFlits > 0 || !this.emIdle || this.beatTaken || this.startPending || this.decision.scanning || this.csrInflight || this.csrRespValid) return 0;
    let h = this.xbar.phase === PHASE_CONVERTING ? this.xbar.wait : Infinity;
    // Waiting for random numbers: quiet until the lanes can hold them (samplerValidBound).
    if (this.xbar.outValid) h = Math.min(h, samplerValidBound(this.sampler, this.beatLanes, true));
    if (this.encMask !== 0) h = Math.min(h, samplerValidBound(this.sampler, this.encMask, false));
    if (this.decision.dividing) h = Math.min(h, samplerValidBound(this.sampler, lowMask(this.lanes), false));
    return h;
  }

  /** n quiet cycles (n <= horizon()), exactly as n edges without inputs would pass them. */
  skip(n: number): void {
    if (n <= 0) return;
    const c = this.counters;
    c[C_CYCLES] += n;
    if (!this.idle) c[C_BUSY] += n;
    this.xbar.skip(n);
    const t = this.sampler.totals;
    const reads0 = t.reads;
    const raw0 = t.rawBits;
    const bits0 = t.bits;
    this.sampler.skip(n);
    c[C_SAMPLER_READS] += t.reads - reads0;
    c[C_SAMPLER_RAW] += t.rawBits - raw0;
    c[C_SAMPLER_BITS] += t.bits - bits0;
  }

  // ======================================================================
  // CSR map
  // ======================================================================

  private isMemory(addr: number): boolean {
    return addr >= CSR.PAIR || (addr >= CSR.ROUTE && addr < CSR.SAMPLER);
  }

  /** A memory's contents as of this cycle (pairs, routing table). */
  private readMemory(addr: number): number {
    if (addr >= CSR.PAIR) {
      const row = (addr >>> 8) & 0xff;
      const col = addr & 0xff;
      if (row >= this.rows || col >= this.cols) return 0;
      const i = row * this.cols + col;
      return this.xbar.macro.plus[i]! | (this.xbar.macro.minus[i]! << 8);
    }
    const n = (addr - CSR.ROUTE) >>> 4;
    const k = addr & 15;
    return n < this.cols && k < this.fanout ? this.emitter.routes[n * this.fanout + k]! : 0;
  }

  /** A register's value in this cycle (every address that is not a memory). */
  readRegister(addr: number): number {
    const p = this.p;
    if (addr < CSR.SIGMA) return this.readLowRegister(addr);
    if (addr < CSR.SIGMA + 0x100) return this.xbar.sigmaRead(addr - CSR.SIGMA);
    if (addr >= CSR.INTENSITY && addr < CSR.INTENSITY + 0x100) return addr - CSR.INTENSITY < p.rows ? this.intensity[addr - CSR.INTENSITY]! : 0;
    if (addr >= CSR.V && addr < CSR.V + 0x400) {
      const n = addr - CSR.V;
      if (n >= p.cols) return 0;
      const v = this.neurons.v[n]!;
      return v >>> 0; // sign-extended to 32 bits
    }
    if (addr >= CSR.REF && addr < CSR.REF + 0x400) return addr - CSR.REF < p.cols ? this.neurons.ref[addr - CSR.REF]! : 0;
    if (addr >= CSR.SAMPLER && addr < CSR.SAMPLER + 0x1000) {
      // SAMPLER[s]: s[11:10] = 3 are the sampler's registers (rd_addr = s[7:0]); the entropy macro reads 0
      const s = addr - CSR.SAMPLER;
      return s >>> 10 === 3 ? this.sampler.read(s & 0xff) >>> 0 : 0;
    }
    return 0;
  }

  private readLowRegister(addr: number): number {
    const p = this.p;
    const n = this.neurons;
    const d = this.decision;
    if (addr >= CSR.COUNTER) return addr - CSR.COUNTER < COUNTER_COUNT ? this.counters[addr - CSR.COUNTER]! : 0;
    if (addr >= CSR.ALWAYS_ON && addr < CSR.ALWAYS_ON + 8) return this.wordOf(this.alwaysOn, addr - CSR.ALWAYS_ON);
    if (addr >= CSR.SPIKES_NEXT && addr < CSR.SPIKES_NEXT + 8) return this.wordOf(this.spikesNext, addr - CSR.SPIKES_NEXT);
    if (addr >= CSR.SPIKES_CUR && addr < CSR.SPIKES_CUR + 8) return this.wordOf(this.spikesCur, addr - CSR.SPIKES_CUR);
    if (addr >= CSR.VOTES && addr < CSR.VOTES + 16) return addr - CSR.VOTES < this.classes ? d.votes[addr - CSR.VOTES]! : 0;
    if (addr >= CSR.COUNT && addr < CSR.COUNT + 16) return addr - CSR.COUNT < this.classes ? d.counts[addr - CSR.COUNT]! : 0;
    if (addr >= CSR.TOTAL && addr < CSR.TOTAL + 16) return addr - CSR.TOTAL < this.classes ? d.totals[addr - CSR.TOTAL]! : 0;
    switch (addr) {
      case CSR.ID:
        return TILE_ID;
      case CSR.GEOMETRY:
        return geometryWord(p);
      case CSR.CONFIG:
        return configWord(p);
      case CSR.STATUS:
        return (
          (this.idle ? STATUS_IDLE : 0) |
          (d.decided ? STATUS_DECIDED : 0) |
          (d.abstain ? STATUS_ABSTAIN : 0) |
          (d.runOpen ? STATUS_RUN_OPEN : 0) |
          (this.quiet ? STATUS_QUIET : 0)
        );
      case CSR.ADC_SHIFT:
        return this.adcShift;
      case CSR.THRESHOLD:
        return n.threshold;
      case CSR.LEAK:
        return n.leak >>> 0;
      case CSR.NEURON_MODE:
        return n.resetMode | (n.stochastic << 1) | (n.noiseShift << 4);
      case CSR.REFRACTORY:
        return n.refractory;
      case CSR.INPUT_ROWS:
        return this.inputRows;
      case CSR.ABSTAIN_THRESHOLD:
        return d.abstainThreshold;
      case CSR.ALU_LOG2N:
        return d.aluLog2n;
      case CSR.XBAR_SEED:
        return this.xbar.macro.seed >>> 0;
      case CSR.XBAR_READ_INDEX:
        return this.xbar.macro.readIndex >>> 0;
      case CSR.RESULT:
        return ((d.winner & 15) | (d.confidence << 8) | (d.abstain ? 1 << 24 : 0) | (d.decided ? 1 << 25 : 0)) >>> 0;
      case CSR.SAMPLES:
        return d.samples | (d.silent << 8);
    }
    return 0;
  }

  /** Word w of an R-bit buffer (0 beyond R). */
  private wordOf(buf: Uint32Array, w: number): number {
    return w < this.words ? buf[w]! >>> 0 : 0;
  }

  /**
   * A register write taken at this edge (crossbar and sampler writes go
   * through their ports in edge()). Returns whether CTRL asked to clear the
   * counters.
   */
  private writeRegister(addr: number, data: number): boolean {
    const p = this.p;
    const n = this.neurons;
    if (addr >= CSR.PAIR || (addr >= CSR.SIGMA && addr < CSR.SIGMA + 0x100) || addr === CSR.XBAR_SEED) return false;
    if (addr >= CSR.ROUTE && addr < CSR.SAMPLER) {
      const neuron = (addr - CSR.ROUTE) >>> 4;
      const k = addr & 15;
      if (neuron < p.cols && k < p.fanout) this.emitter.write(neuron * p.fanout + k, data);
      return false;
    }
    if (addr >= CSR.INTENSITY && addr < CSR.INTENSITY + 0x100) {
      if (addr - CSR.INTENSITY < p.rows) this.intensity[addr - CSR.INTENSITY] = data & this.numberMask;
      return false;
    }
    if (addr >= CSR.V && addr < CSR.V + 0x400) {
      n.hostWrite(addr - CSR.V, 0, data);
      return false;
    }
    if (addr >= CSR.REF && addr < CSR.REF + 0x400) {
      n.hostWrite(addr - CSR.REF, 1, data);
      return false;
    }
    if (addr >= CSR.ALWAYS_ON && addr < CSR.ALWAYS_ON + 8) {
      const w = addr - CSR.ALWAYS_ON;
      if (w < this.words) this.alwaysOn[w] = w === this.words - 1 ? data & this.rowTailMask : data;
      return false;
    }
    switch (addr) {
      case CSR.CTRL:
        return (data & 1) === 1;
      case CSR.INJECT: {
        const row = data & 0x1ff;
        if (row < p.rows) this.arrive(row);
        return false;
      }
      case CSR.ADC_SHIFT:
        this.adcShift = data & 31;
        break;
      case CSR.THRESHOLD:
        n.threshold = data & lowMask(p.vBits - 1);
        break;
      case CSR.LEAK: {
        const u = data & lowMask(p.vBits);
        n.leak = u >= 2 ** (p.vBits - 1) ? u - 2 ** p.vBits : u;
        break;
      }
      case CSR.NEURON_MODE:
        n.resetMode = data & 1;
        n.stochastic = (data >>> 1) & 1;
        n.noiseShift = (data >>> 4) & 15;
        break;
      case CSR.REFRACTORY:
        n.refractory = data & lowMask(p.refBits);
        break;
      case CSR.INPUT_ROWS:
        this.inputRows = data & 0x1ff;
        break;
      case CSR.ABSTAIN_THRESHOLD:
        this.decision.abstainThreshold = data & this.numberMask;
        break;
      case CSR.ALU_LOG2N:
        this.decision.aluLog2n = data & 15;
        break;
    }
    return false;
  }
}
