// One inference on the reference chip (2 x 1 tiles of 256 x 256), three
// ways, on the same image with the same cycles and the same counters:
//   - the chip emulator (emulator/chip, event-driven fast-forward),
//   - Verilator through the project's path (the Simulator interface, pipe),
//   - the same Verilator model run in its own process from a file (no protocol).
// The stimulus is recorded once from the emulator's port-level model: every
// host access of the programming and of each inference, cycle by cycle, with
// the model's outputs; the RTL must reproduce those outputs on every cycle.
// The network is the one of scripts/emulator-inference-bench.ts: tile (0, 0)
// rate-codes the 196 centre pixels of a Fashion-MNIST image into 128 hidden
// neurons whose spikes go to tile (1, 0) with its class neurons; weights are
// a fixed random projection (the traffic only has to be realistic).
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { elaborate } from '../../gen/index.ts';
import { Chip } from '../../rtl/chip/chip.ts';
import { CHIP_REG, ChipEmulator, ChipModel, type ChipParams, type HostAccessRecord } from '../../emulator/chip/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import { entropyProgram, programWrites } from '../../emulator/sampler/index.ts';
import { sigmaTable } from '../../emulator/crossbar/index.ts';
import { COUNTER_COUNT, CSR, REFERENCE_TILE, pairAddr, routeAddr, routeWord } from '../../emulator/tile/index.ts';
import { dutFromDesign, startSimulator } from '../../testbench/dut.ts';
import type { PipeSimulator } from '../../testbench/pipe-simulator.ts';
import type { BatchResult } from '../../testbench/simulator.ts';
import { summarize, type Spread } from './stats.ts';

export const FASHION_TEST_IMAGES = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';

/** A host access to replay: the request fields of the emulator's own record. */
type Access = Pick<HostAccessRecord, 'write' | 'chip' | 'x' | 'y' | 'addr' | 'data'>;

/** A chip run: write T and S, start, and wait (host port idle) until busy falls; then RUN_CYCLES is read. */
interface RunStep {
  run: { timesteps: number; samples: number };
}

type Step = Access | RunStep;

export interface ChipInferenceFigures {
  chip: string;
  timesteps: number;
  images: number;
  warmupImages: number;
  /** Cycles of each timed inference (host accesses included), identical on every path. */
  cyclesPerInference: number[];
  runCycles: number[];
  /** Seconds per inference: median and spread over the timed images. */
  emulator: Spread;
  verilator: Spread;
  verilatorInproc: Spread;
  emulatorOverVerilator: number;
  emulatorOverVerilatorInproc: number;
  /** RUN_CYCLES and every activity counter of both tiles, read back, equal on the emulator and the RTL. */
  countersAgree: boolean;
  /** Every output of the RTL on every cycle equals the emulator model's. */
  outputsAgree: boolean;
  firstMismatch?: string;
  firstCounterMismatch?: string;
}

function tileWrite(x: number, addr: number, data: number): Access {
  return { write: true, chip: false, x, y: 0, addr, data: data >>> 0 };
}

/** The 196 centre pixels (every other one) of `n` Fashion-MNIST test images, cut to `pixels`. */
function loadImages(n: number, pixels: number): Uint8Array[] {
  if (!existsSync(FASHION_TEST_IMAGES)) throw new Error(`Fashion-MNIST test images not found at ${FASHION_TEST_IMAGES} (scripts/setup.sh installs them)`);
  const raw = gunzipSync(readFileSync(FASHION_TEST_IMAGES));
  return Array.from({ length: n }, (_, i) => {
    const img = raw.subarray(16 + 784 * i, 16 + 784 * (i + 1));
    const px = new Uint8Array(pixels);
    for (let k = 0; k < pixels; k++) px[k] = img[2 * Math.floor(k / 14) * 28 + 2 * (k % 14)]!;
    return px;
  });
}

/** The programming of both tiles (only non-zero pairs: the pair memory starts at zero). */
function programSteps(p: ChipParams): { steps: Access[]; pixels: number } {
  const t = p.tile;
  const pixels = Math.min(196, t.rows);
  const hidden = Math.min(128, t.cols, t.rows);
  const classes = Math.min(10, t.classes, t.cols);
  const rng = mulberry32(2026);
  const steps: Access[] = [];
  const pair = (x: number, r: number, c: number, w: number) => {
    if (w === 0) return;
    const plus = w > 0 ? Math.min(2 ** t.gbits - 1, w) : 0;
    const minus = w < 0 ? Math.min(2 ** t.gbits - 1, -w) : 0;
    steps.push(tileWrite(x, pairAddr(r, c), plus | (minus << 8)));
  };
  for (let r = 0; r < pixels; r++) for (let c = 0; c < hidden; c++) pair(0, r, c, Math.round((rng() - 0.45) * 6));
  for (let r = 0; r < hidden; r++) for (let c = 0; c < classes; c++) pair(1, r, c, Math.round((rng() - 0.5) * 10));
  const sigma = sigmaTable(t.gbits, 3600);
  for (const x of [0, 1]) {
    for (let l = 0; l < sigma.length; l++) steps.push(tileWrite(x, CSR.SIGMA + l, sigma[l]!));
    steps.push(tileWrite(x, CSR.XBAR_SEED, 17 + x));
    for (const w of programWrites(t.sampler, entropyProgram(t.sampler, { tS: 3600, seed: 99 + x, deviceSeed: 5 + x }), true)) {
      steps.push(tileWrite(x, CSR.SAMPLER + ((w.kind << 10) | w.addr), w.data));
    }
    steps.push(tileWrite(x, CSR.ALU_LOG2N, 8));
  }
  const neuron = (x: number, threshold: number, leak: number, refractory: number) => {
    steps.push(tileWrite(x, CSR.THRESHOLD, threshold), tileWrite(x, CSR.LEAK, leak), tileWrite(x, CSR.NEURON_MODE, 1), tileWrite(x, CSR.REFRACTORY, refractory), tileWrite(x, CSR.ADC_SHIFT, 7));
  };
  neuron(0, 900, 8, 1);
  neuron(1, 200, 2, 0);
  for (let h = 0; h < hidden; h++) steps.push(tileWrite(0, routeAddr(h, 0), routeWord({ enabled: true, destX: 1, destY: 0, id: h })));
  return { steps, pixels };
}

/** One inference: the image into tile (0, 0), both tiles started, the chip run, then RUN_CYCLES and every counter read back. */
function inferenceSteps(p: ChipParams, image: Uint8Array, timesteps: number): Step[] {
  const steps: Step[] = [];
  for (let r = 0; r < image.length; r++) steps.push(tileWrite(0, CSR.INTENSITY + r, image[r]!));
  steps.push(tileWrite(0, CSR.INPUT_ROWS, image.length), tileWrite(0, CSR.CTRL, 1), tileWrite(1, CSR.CTRL, 1));
  steps.push({ run: { timesteps, samples: 1 } });
  for (const x of [0, 1]) {
    for (let i = 0; i < COUNTER_COUNT; i++) steps.push({ write: false, chip: false, x, y: 0, addr: CSR.COUNTER + i, data: 0 });
    steps.push({ write: false, chip: false, x, y: 0, addr: CSR.RESULT, data: 0 });
  }
  void p;
  return steps;
}

/** Records the chip's port inputs cycle by cycle from the emulator's port-level model, with its outputs and read data. */
class Recorder {
  readonly model: ChipModel;
  rows: number[][] = [];
  expected: Record<string, bigint>[] = [];
  reads: number[] = [];
  private readonly idle: Record<string, bigint> = {
    reset: 0n, host_req_valid: 0n, host_req_write: 0n, host_req_chip: 0n, host_req_x: 0n, host_req_y: 0n, host_req_addr: 0n, host_req_wdata: 0n, host_resp_ready: 1n,
  };
  constructor(
    p: ChipParams,
    private readonly inputNames: string[],
  ) {
    this.model = new ChipModel(p);
  }
  cycle(inputs: Record<string, bigint>): Record<string, bigint> {
    const values = { ...this.idle, ...inputs };
    const out = values.reset ? {} : this.model.outputs(values);
    this.rows.push(this.inputNames.map((n) => Number(values[n] ?? 0n)));
    this.expected.push(out);
    this.model.step(values);
    return out;
  }
  take(): { rows: number[][]; expected: Record<string, bigint>[]; reads: number[] } {
    const r = { rows: this.rows, expected: this.expected, reads: this.reads };
    this.rows = [];
    this.expected = [];
    this.reads = [];
    return r;
  }
  /** The model's outputs in the current cycle with the host port idle, without stepping. */
  private peek(): Record<string, bigint> {
    return this.model.outputs(this.idle);
  }
  /**
   * One host access with the emulator's timing (ChipEmulator.access): the request is presented
   * until taken, then the port idles until the response is valid; that cycle is left open, so the
   * next access (or the run) starts in it, as the emulator's does.
   */
  access(a: Access): number {
    const req = { host_req_valid: 1n, host_req_write: a.write ? 1n : 0n, host_req_chip: a.chip ? 1n : 0n, host_req_x: BigInt(a.x), host_req_y: BigInt(a.y), host_req_addr: BigInt(a.addr), host_req_wdata: BigInt(a.data), host_resp_ready: 1n };
    for (let i = 0; ; i++) {
      if (this.cycle(req).host_req_ready === 1n) break;
      if (i > 10_000_000) throw new Error(`host access 0x${a.addr.toString(16)} never taken`);
    }
    for (let i = 0; ; i++) {
      const o = this.peek();
      if (o.host_resp_valid === 1n) return Number(o.host_resp_rdata);
      if (i > 1000) throw new Error(`host access 0x${a.addr.toString(16)}: no response`);
      this.cycle({});
    }
  }
  step(s: Step): void {
    if ('run' in s) {
      this.access({ write: true, chip: true, x: 0, y: 0, addr: CHIP_REG.TIMESTEPS, data: s.run.timesteps });
      this.access({ write: true, chip: true, x: 0, y: 0, addr: CHIP_REG.SAMPLES, data: s.run.samples });
      this.access({ write: true, chip: true, x: 0, y: 0, addr: CHIP_REG.CTRL, data: 1 });
      // The host port idles while the chip runs (ChipEmulator.waitWhileBusy).
      while (this.peek().busy === 1n) this.cycle({});
      this.reads.push(this.access({ write: false, chip: true, x: 0, y: 0, addr: CHIP_REG.RUN_CYCLES, data: 0 }));
    } else {
      const v = this.access(s);
      if (!s.write) this.reads.push(v);
    }
  }
}

/** The emulator's answer to the same steps (its host API, fast-forward on), timed; returns the read data. */
function emulatorSteps(emu: ChipEmulator, steps: Step[]): number[] {
  const reads: number[] = [];
  for (const s of steps) {
    if ('run' in s) reads.push(emu.run(s.run));
    else {
      const v = emu.access(s.write, s.chip, s.x, s.y, s.addr, s.data);
      if (!s.write) reads.push(v);
    }
  }
  return reads;
}

function compareOutputs(result: BatchResult, expected: Record<string, bigint>[], what: string): string | undefined {
  for (let r = 0; r < expected.length; r++) {
    const e = expected[r]!;
    for (const [name, v] of Object.entries(e)) {
      const got = result.get(r, name);
      if (got !== v) return `${what}, cycle ${r}: '${name}' is 0x${got.toString(16)}, the emulator says 0x${v.toString(16)}`;
    }
  }
  return undefined;
}

export interface ChipInferenceOptions {
  quick?: boolean;
  images?: number;
  scratchDir: string;
  progress?: (line: string) => void;
}

export async function chipInference(o: ChipInferenceOptions): Promise<ChipInferenceFigures> {
  const progress = o.progress ?? (() => {});
  const p: ChipParams = o.quick
    ? { width: 2, height: 1, tile: { ...REFERENCE_TILE, rows: 16, cols: 16, adcShare: 4, classes: 4 } }
    : { width: 2, height: 1, tile: REFERENCE_TILE };
  const timesteps = o.quick ? 4 : 32;
  const warmupImages = 2;
  const timed = o.images ?? (o.quick ? 3 : 5);
  const chipName = `${p.width}x${p.height} chip of ${p.tile.rows}x${p.tile.cols} tiles, T ${timesteps}, S 1`;
  progress(`chip inference (${chipName}):`);

  const dut = dutFromDesign(elaborate(Chip(p)));
  const inputNames = dut.iface.ports.filter((q) => q.dir === 'input').map((q) => q.name);
  const { steps: program, pixels } = programSteps(p);
  const images = loadImages(warmupImages + timed, pixels);

  // The stimulus and expected outputs, recorded from the emulator's port-level model.
  const rec = new Recorder(p, inputNames);
  rec.cycle({ reset: 1n });
  for (const s of program) rec.step(s);
  const setup = rec.take();
  const perImage = images.map((img, i) => {
    for (const s of inferenceSteps(p, img, timesteps)) rec.step(s);
    if (i === images.length - 1) rec.cycle({}); // the last response's cycle, so the RTL is checked on it too
    return rec.take();
  });
  progress(`  stimulus: ${setup.rows.length} cycles of programming, ${perImage.map((x) => x.rows.length).join(', ')} cycles per inference`);

  // Emulator (host API with fast-forward), the same steps.
  const emu = new ChipEmulator(p);
  emulatorSteps(emu, program);
  const emuSeconds: number[] = [];
  let countersAgree = true;
  let firstCounterMismatch: string | undefined;
  images.forEach((img, i) => {
    const t = performance.now();
    const reads = emulatorSteps(emu, inferenceSteps(p, img, timesteps));
    const s = (performance.now() - t) / 1000;
    if (i >= warmupImages) emuSeconds.push(s);
    if (reads.join() !== perImage[i]!.reads.join()) {
      countersAgree = false;
      firstCounterMismatch ??= `image ${i}: emulator read ${reads.join(',')}, model ${perImage[i]!.reads.join(',')}`;
    }
  });

  // Verilator through the Simulator interface, then in its own process from files.
  let firstMismatch: string | undefined;
  const verilatorSeconds: number[] = [];
  const inprocSeconds: number[] = [];
  for (const mode of ['pipe', 'inproc'] as const) {
    const sim = (await startSimulator('verilator', dut)) as PipeSimulator;
    try {
      const run = async (rows: number[][]) => {
        if (mode === 'pipe') {
          const t = performance.now();
          const result = await sim.runBatch(rows);
          return { result, seconds: (performance.now() - t) / 1000 };
        }
        return sim.fileRun(rows, o.scratchDir);
      };
      const s0 = await run(setup.rows);
      firstMismatch ??= compareOutputs(s0.result, setup.expected, `verilator ${mode}: programming`);
      for (let i = 0; i < images.length; i++) {
        const r = await run(perImage[i]!.rows);
        firstMismatch ??= compareOutputs(r.result, perImage[i]!.expected, `verilator ${mode}: image ${i}`);
        if (i >= warmupImages) (mode === 'pipe' ? verilatorSeconds : inprocSeconds).push(r.seconds);
      }
    } finally {
      await sim.close();
    }
  }
  const emulator = summarize(emuSeconds);
  const verilator = summarize(verilatorSeconds);
  const verilatorInproc = summarize(inprocSeconds);
  const runCycles = perImage.slice(warmupImages).map((x) => x.reads[0]!);
  const figures: ChipInferenceFigures = {
    chip: chipName,
    timesteps,
    images: timed,
    warmupImages,
    cyclesPerInference: perImage.slice(warmupImages).map((x) => x.rows.length),
    runCycles,
    emulator,
    verilator,
    verilatorInproc,
    emulatorOverVerilator: verilator.median / emulator.median,
    emulatorOverVerilatorInproc: verilatorInproc.median / emulator.median,
    countersAgree,
    outputsAgree: firstMismatch === undefined,
    ...(firstMismatch ? { firstMismatch } : {}),
    ...(firstCounterMismatch ? { firstCounterMismatch } : {}),
  };
  progress(
    `  per inference: emulator ${(emulator.median * 1000).toFixed(1)} ms, Verilator (pipe) ${(verilator.median * 1000).toFixed(1)} ms, ` +
      `Verilator in-process ${(verilatorInproc.median * 1000).toFixed(1)} ms; emulator ${figures.emulatorOverVerilator.toFixed(1)}x / ${figures.emulatorOverVerilatorInproc.toFixed(1)}x faster; ` +
      `outputs ${figures.outputsAgree ? 'agree' : `DIFFER (${firstMismatch})`}, counters ${countersAgree ? 'agree' : `DIFFER (${firstCounterMismatch})`}`,
  );
  return figures;
}
