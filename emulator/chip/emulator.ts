// The chip emulator's fast API (what `neurotile emulate` and the workload
// code drive): cycle-exact host CSR accesses, bulk programming through those
// accesses, runs until done with event-driven fast-forward, results and
// activity counters read back through the CSR map, and an optional trace.
import { COUNTER_COUNT, COUNTER_NAMES, CSR, pairAddr, routeAddr, routeWord, type Counters, type TileSampler } from '../tile/index.ts';
import { programWrites, type EntropyProgram } from '../sampler/index.ts';
import { ChipCore, type ChipTrace } from './core.ts';
import { CHIP_REG, type ChipParams } from './params.ts';

export interface NeuronSettings {
  threshold: number;
  leak: number;
  resetMode: 0 | 1;
  stochastic: 0 | 1;
  noiseShift: number;
  refractory: number;
  adcShift: number;
}

export interface RouteEntry {
  neuron: number;
  slot: number;
  enabled: boolean;
  destX: number;
  destY: number;
  /** Destination row (axon id) at the destination tile. */
  id: number;
}

export interface TileResult {
  winner: number;
  confidence: number;
  abstain: boolean;
  decided: boolean;
  samples: number;
  silent: number;
  votes: number[];
  totals: number[];
}

export interface RunOptions {
  timesteps: number;
  samples: number;
  /** Give up (throw) after this many cycles of the run (default 50 M). */
  maxCycles?: number;
}

export class RunTimeoutError extends Error {}

/** One host access as the emulator made it: the cycle its request was first presented, and the response. */
export interface HostAccessRecord {
  kind: 'access';
  cycle: number;
  write: boolean;
  chip: boolean;
  x: number;
  y: number;
  addr: number;
  data: number;
  response: number;
  /** The cycle in which the response was valid (and taken). */
  responseCycle: number;
}

/** What happened at the chip's host side: an access, or a reset cycle (resetChip). */
export type HostPortEvent = HostAccessRecord | { kind: 'reset'; cycle: number };

export class ChipEmulator {
  readonly core: ChipCore;
  /** Skip quiet cycles (false: step every cycle; the results are identical). */
  fastForward = true;
  /** When set, every host access and reset is appended (an RTL co-simulation replays them cycle for cycle). */
  accessLog: HostPortEvent[] | undefined;

  constructor(
    readonly p: ChipParams,
    makeSampler?: (tileIndex: number) => TileSampler,
  ) {
    this.core = new ChipCore(p, makeSampler);
    this.resetChip();
  }

  /** One reset cycle (the chip's synchronous reset). */
  resetChip(): void {
    this.accessLog?.push({ kind: 'reset', cycle: this.core.cycle });
    this.core.reset();
    this.core.cycle++;
  }

  get cycle(): number {
    return this.core.cycle;
  }

  /**
   * One host access, cycle-exact: the request is presented from the current
   * cycle until taken, then the chip runs until the response is valid; the
   * call returns in that cycle (the response is taken at its edge, where the
   * next access may already be taken). Back-to-back accesses cost 2 cycles.
   */
  access(write: boolean, chip: boolean, x: number, y: number, addr: number, data: number): number {
    const c = this.core;
    const start = c.cycle;
    for (;;) {
      c.evaluate();
      // While the request waits, skip quiet cycles, unless a sampler write waits for the
      // sampler's wr_ready (which the horizon does not follow).
      const samplerWrite = write && !chip && addr >= CSR.SAMPLER && addr < CSR.SAMPLER + 0x1000;
      if (this.fastForward && !samplerWrite && !c.reqReady(write, chip, x, y, addr, true)) {
        const h = c.horizon();
        if (h > 0 && h !== Infinity) {
          c.skip(h);
          continue;
        }
      }
      if (c.edge(true, write, chip, x, y, addr, data, true)) break;
    }
    for (;;) {
      c.evaluate();
      if (c.respValid) {
        this.accessLog?.push({ kind: 'access', cycle: start, write, chip, x, y, addr, data, response: c.respData, responseCycle: c.cycle });
        return c.respData;
      }
      c.edge(false, false, false, 0, 0, 0, 0, true);
    }
  }

  writeTile(x: number, y: number, addr: number, data: number): void {
    this.access(true, false, x, y, addr, data);
  }
  readTile(x: number, y: number, addr: number): number {
    return this.access(false, false, x, y, addr, 0);
  }
  writeChip(addr: number, data: number): void {
    this.access(true, true, 0, 0, addr, data);
  }
  readChip(addr: number): number {
    return this.access(false, true, 0, 0, addr, 0);
  }

  // ---- bulk programming (every value through a CSR write) ---------------------------

  /** Conductance levels of every pair (row-major R x C), through PAIR writes. */
  programPairs(x: number, y: number, plus: ArrayLike<number>, minus: ArrayLike<number>): void {
    const { rows, cols } = this.p.tile;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) this.writeTile(x, y, pairAddr(r, c), (plus[r * cols + c]! & 0xff) | ((minus[r * cols + c]! & 0xff) << 8));
  }

  programSigma(x: number, y: number, table: ArrayLike<number>): void {
    for (let l = 0; l < table.length; l++) this.writeTile(x, y, CSR.SIGMA + l, table[l]!);
  }

  programRoutes(x: number, y: number, routes: readonly RouteEntry[]): void {
    for (const r of routes) this.writeTile(x, y, routeAddr(r.neuron, r.slot), routeWord(r));
  }

  setNeuronSettings(x: number, y: number, s: NeuronSettings): void {
    this.writeTile(x, y, CSR.THRESHOLD, s.threshold);
    this.writeTile(x, y, CSR.LEAK, s.leak >>> 0);
    this.writeTile(x, y, CSR.NEURON_MODE, s.resetMode | (s.stochastic << 1) | (s.noiseShift << 4));
    this.writeTile(x, y, CSR.REFRACTORY, s.refractory);
    this.writeTile(x, y, CSR.ADC_SHIFT, s.adcShift);
  }

  /** INTENSITY[0 .. n-1] and INPUT_ROWS = n. */
  setIntensities(x: number, y: number, values: ArrayLike<number>): void {
    for (let r = 0; r < values.length; r++) this.writeTile(x, y, CSR.INTENSITY + r, values[r]!);
    this.writeTile(x, y, CSR.INPUT_ROWS, values.length);
  }

  /** ALWAYS_ON rows (bias rows). */
  setAlwaysOn(x: number, y: number, rows: readonly number[]): void {
    const words = new Uint32Array(8);
    for (const r of rows) words[r >>> 5]! |= 1 << (r & 31);
    for (let w = 0; w < Math.ceil(this.p.tile.rows / 32); w++) this.writeTile(x, y, CSR.ALWAYS_ON + w, words[w]!);
  }

  /** The sampler's entropy macro program and settings (emulator/sampler programWrites), then enable. */
  programSampler(x: number, y: number, prog: EntropyProgram, enable = true): void {
    for (const w of programWrites(this.p.tile.sampler, prog, enable)) this.writeTile(x, y, CSR.SAMPLER + ((w.kind << 10) | w.addr), w.data);
  }

  // ---- runs ---------------------------------------------------------------------------------

  /** Writes T and S, starts the run and returns when the chip's `busy` falls; returns RUN_CYCLES. */
  run(o: RunOptions): number {
    this.writeChip(CHIP_REG.TIMESTEPS, o.timesteps);
    this.writeChip(CHIP_REG.SAMPLES, o.samples);
    this.writeChip(CHIP_REG.CTRL, 1);
    this.waitWhileBusy(o.maxCycles ?? 50_000_000);
    return this.readChip(CHIP_REG.RUN_CYCLES);
  }

  /** Runs (host port idle) until `busy` is 0. */
  waitWhileBusy(maxCycles: number): void {
    const c = this.core;
    const limit = c.cycle + maxCycles;
    for (;;) {
      c.evaluate();
      if (!c.busy) return;
      if (c.cycle >= limit) throw new RunTimeoutError(`chip run did not end within ${maxCycles} cycles`);
      const h = this.fastForward ? c.horizon() : 0;
      if (h > 0) c.skip(Math.min(h, limit - c.cycle));
      else c.edge(false, false, false, 0, 0, 0, 0, true);
    }
  }

  /** Runs n cycles with the host port idle. */
  idle(n: number): void {
    this.core.advance(n, this.fastForward);
  }

  // ---- results -----------------------------------------------------------------------------

  result(x: number, y: number): TileResult {
    const r = this.readTile(x, y, CSR.RESULT);
    const s = this.readTile(x, y, CSR.SAMPLES);
    const n = this.p.tile.classes;
    const votes: number[] = [];
    const totals: number[] = [];
    for (let k = 0; k < n; k++) votes.push(this.readTile(x, y, CSR.VOTES + k));
    for (let k = 0; k < n; k++) totals.push(this.readTile(x, y, CSR.TOTAL + k));
    return {
      winner: r & 15,
      confidence: (r >>> 8) & 0xffff,
      abstain: ((r >>> 24) & 1) === 1,
      decided: ((r >>> 25) & 1) === 1,
      samples: s & 0xff,
      silent: (s >>> 8) & 0xff,
      votes,
      totals,
    };
  }

  /** Every activity counter of a tile, read through COUNTER[i]. */
  counters(x: number, y: number): Counters {
    const out = {} as Counters;
    for (let i = 0; i < COUNTER_COUNT; i++) out[COUNTER_NAMES[i]!] = this.readTile(x, y, CSR.COUNTER + i);
    return out;
  }

  /** Turns the event trace on (returns it) or off. */
  trace(on = true): ChipTrace | undefined {
    return this.core.setTracing(on);
  }
}
