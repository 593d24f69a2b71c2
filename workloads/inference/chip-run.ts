// Drives the cycle-accurate chip emulator for a plan (plan.ts), only through
// the host CSR port: programs pairs, routes and the samplers once, calibrates
// the samplers, then per image resets the chip and writes the per-image
// registers, starts a run of T timesteps x S samples and reads votes, spike
// totals, the decision and every activity counter back.
//
// Why a reset per image: the result must not depend on which worker thread
// runs which images, so every image starts from the same state (a reset
// keeps the memories: crossbar pairs and routing tables) with its noise
// seeds fixed by its index. A reset also clears the samplers' calibrated
// comparator thresholds, so the host saves them once after a warm-up and
// writes them back (a host write of THRESHOLD_i, § Sampler).
import { ChipEmulator, type HostPortEvent } from '../../emulator/chip/index.ts';
import { COUNTER_COUNT, CSR } from '../../emulator/tile/index.ts';
import { KIND_SAMPLER, KIND_SEED, KIND_SIGMA, REG } from '../../emulator/sampler/index.ts';
import { abstainCode, imageSeeds, type InferencePlan } from './plan.ts';

export interface ImageResult {
  votes: number[];
  totals: number[];
  /** The chip's own decision (RESULT of the output tile). */
  winner: number;
  confidence: number;
  abstain: boolean;
  /** RUN_CYCLES of the run. */
  cycles: number;
  /** Activity counters of every tile (tiles x COUNTER_COUNT, in COUNTER_NAMES order). */
  counters: number[];
}

const WARMUP_RUNS = 30;

export class ChipRunner {
  readonly emu: ChipEmulator;
  /** Calibrated comparator thresholds per tile and lane (k-bit two's complement as written). */
  readonly thresholds: number[][];
  /** Whether every lane of every used tile's sampler converged in the warm-up. */
  readonly calibrated: boolean;

  /** `accessLog`: record every host access and reset (an RTL co-simulation replays them, testbench/inference-replay.test.ts). */
  constructor(
    readonly plan: InferencePlan,
    accessLog?: HostPortEvent[],
  ) {
    this.emu = new ChipEmulator(plan.chip);
    this.emu.accessLog = accessLog;
    for (const t of plan.tiles) {
      this.emu.programPairs(t.x, t.y, t.plus, t.minus);
      this.emu.programRoutes(t.x, t.y, t.routes);
    }
    this.programSamplerMacros();
    const cal = this.calibrateSamplers();
    this.thresholds = cal.thresholds;
    this.calibrated = cal.converged;
  }

  private samplerWrite(x: number, y: number, kind: number, addr: number, data: number): void {
    this.emu.writeTile(x, y, CSR.SAMPLER + ((kind << 10) | addr), data);
  }
  private samplerRead(x: number, y: number, addr: number): number {
    return this.emu.readTile(x, y, CSR.SAMPLER + ((3 << 10) | addr));
  }

  /**
   * Warm-up: the samplers' hardware calibration runs while they produce
   * numbers, so run the chip on a half-grey input (every tile's rows coded at
   * p = 1/2) until every lane reports CONVERGED, then read the thresholds.
   */
  private calibrateSamplers(): { thresholds: number[][]; converged: boolean } {
    const { emu, plan } = this;
    const s = plan.chip.tile.sampler;
    const all = 2 ** s.lanes - 1;
    const half = 2 ** (s.numberBits - 1);
    emu.resetChip();
    for (const [i, t] of plan.tiles.entries()) {
      this.writeTileRegisters(i, 0x9e3779b9 + i, 0x7f4a7c15 + i, plan.tiles.map(() => new Array<number>(s.lanes).fill(0)));
      emu.setIntensities(t.x, t.y, new Array<number>(Math.min(plan.chip.tile.rows, 196)).fill(half));
    }
    let converged = false;
    for (let run = 0; run < WARMUP_RUNS && !converged; run++) {
      emu.run({ timesteps: 4, samples: 1 });
      converged = plan.tiles.every((t) => (this.samplerRead(t.x, t.y, REG.converged) & all) === all);
    }
    const mask = 2 ** s.adcBits - 1;
    const thresholds = plan.tiles.map((t) => Array.from({ length: s.lanes }, (_, lane) => this.samplerRead(t.x, t.y, REG.threshold + lane) & mask));
    return { thresholds, converged };
  }

  /** The registers a reset clears, for tile i, with the given twin seeds and sampler thresholds. */
  private writeTileRegisters(i: number, crossbarSeed: number, samplerSeed: number, thresholds: number[][]): void {
    const { emu, plan } = this;
    const t = plan.tiles[i]!;
    const tp = plan.chip.tile;
    emu.programSigma(t.x, t.y, t.sigma);
    emu.writeTile(t.x, t.y, CSR.XBAR_SEED, crossbarSeed >>> 0);
    emu.setNeuronSettings(t.x, t.y, { threshold: t.threshold, leak: t.leak, resetMode: 1, stochastic: 0, noiseShift: 0, refractory: 0, adcShift: t.adcShift });
    emu.setAlwaysOn(t.x, t.y, t.alwaysOn);
    emu.writeTile(t.x, t.y, CSR.ALU_LOG2N, t.aluLog2n);
    emu.writeTile(t.x, t.y, CSR.ABSTAIN_THRESHOLD, abstainCode(tp.sampler.numberBits));
    // The sampler: its macro's levels survive the reset (a memory); sigma table, seed, shift and thresholds do not.
    t.sampler.sigma.forEach((v, level) => this.samplerWrite(t.x, t.y, KIND_SIGMA, level, v));
    this.samplerWrite(t.x, t.y, KIND_SEED, 0, samplerSeed >>> 0);
    this.samplerWrite(t.x, t.y, KIND_SAMPLER, REG.shift, t.sampler.shift);
    thresholds[i]!.forEach((thr, lane) => this.samplerWrite(t.x, t.y, KIND_SAMPLER, REG.threshold + lane, thr));
    this.samplerWrite(t.x, t.y, KIND_SAMPLER, REG.control, 1);
  }

  /** The sampler's entropy-macro levels (a memory: written once, kept across resets). */
  private programSamplerMacros(): void {
    for (const t of this.plan.tiles) this.emu.programSampler(t.x, t.y, t.sampler, false);
  }

  /** One image: 196 pooled intensities (0..255); `index` fixes its noise. */
  infer(pooled: ArrayLike<number>, index: number): ImageResult {
    const { emu, plan } = this;
    emu.resetChip();
    for (const [i, t] of plan.tiles.entries()) {
      const seeds = imageSeeds(plan.cond.seed, index, i);
      this.writeTileRegisters(i, seeds.crossbar, seeds.sampler, this.thresholds);
      if (t.inputRows > 0) {
        const values = new Array<number>(t.inputRows);
        for (let r = 0; r < t.inputRows; r++) values[r] = pooled[r]! << plan.intensityShift;
        emu.setIntensities(t.x, t.y, values);
      }
    }
    // Count the run only (not the host's programming of this image).
    for (const t of plan.tiles) emu.writeTile(t.x, t.y, CSR.CTRL, 1);
    const cycles = emu.run({ timesteps: plan.cond.timesteps, samples: plan.cond.samples });
    const counters: number[] = [];
    for (const t of plan.tiles) for (let c = 0; c < COUNTER_COUNT; c++) counters.push(emu.readTile(t.x, t.y, CSR.COUNTER + c));
    const out = plan.tiles[plan.outputTile]!;
    const r = emu.result(out.x, out.y);
    return { votes: r.votes.slice(0, plan.classes), totals: r.totals.slice(0, plan.classes), winner: r.winner, confidence: r.confidence, abstain: r.abstain, cycles, counters };
  }
}
