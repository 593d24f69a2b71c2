// Speed of the chip emulator per inference on the reference chip (issue 13):
// 2 x 1 tiles of 256 x 256, 4-bit levels, 8-bit ADC, ADC_SHARE 8, T = 32,
// S = 1; tile (0, 0) rate-codes the 196 centre pixels of a Fashion-MNIST
// image (14 x 14, every other pixel) into 128 hidden neurons, whose spikes
// go to tile (1, 0) with its 10 class neurons. Weights are a fixed random
// projection (the network only has to make the traffic realistic).
//
//   npx tsx scripts/emulator-inference-bench.ts [--images N] [--no-ff]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ChipEmulator, type RouteEntry } from '../emulator/chip/index.ts';
import { mulberry32 } from '../emulator/device/rng.ts';
import { entropyProgram } from '../emulator/sampler/index.ts';
import { sigmaTable } from '../emulator/crossbar/index.ts';
import { CSR, REFERENCE_TILE } from '../emulator/tile/index.ts';

const args = process.argv.slice(2);
const images = Number(args[args.indexOf('--images') + 1] ?? 20) || 20;
const fastForward = !args.includes('--no-ff');

function loadImages(n: number): Uint8Array[] {
  const raw = gunzipSync(readFileSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'));
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const img = raw.subarray(16 + 784 * i, 16 + 784 * (i + 1));
    const px = new Uint8Array(196);
    for (let y = 0; y < 14; y++) for (let x = 0; x < 14; x++) px[y * 14 + x] = img[(2 * y) * 28 + 2 * x]!;
    out.push(px);
  }
  return out;
}

const HIDDEN = 128;
const CLASSES = 10;
const tile = REFERENCE_TILE;
const emu = new ChipEmulator({ width: 2, height: 1, tile });
emu.fastForward = fastForward;
const rng = mulberry32(2026);
const t0 = performance.now();
// hidden layer: rows 0..195 (pixels) + row 255 (bias) -> neurons 0..127
const n = tile.rows * tile.cols;
const plus0 = new Uint8Array(n);
const minus0 = new Uint8Array(n);
for (let r = 0; r < 196; r++)
  for (let c = 0; c < HIDDEN; c++) {
    const w = Math.round((rng() - 0.45) * 6);
    if (w > 0) plus0[r * tile.cols + c] = Math.min(15, w);
    else minus0[r * tile.cols + c] = Math.min(15, -w);
  }
const plus1 = new Uint8Array(n);
const minus1 = new Uint8Array(n);
for (let r = 0; r < HIDDEN; r++)
  for (let c = 0; c < CLASSES; c++) {
    const w = Math.round((rng() - 0.5) * 10);
    if (w > 0) plus1[r * tile.cols + c] = Math.min(15, w);
    else minus1[r * tile.cols + c] = Math.min(15, -w);
  }
const sigma = sigmaTable(tile.gbits, 3600);
emu.programPairs(0, 0, plus0, minus0);
emu.programPairs(1, 0, plus1, minus1);
const tProgram = performance.now();
for (const x of [0, 1]) {
  emu.programSigma(x, 0, sigma);
  emu.writeTile(x, 0, CSR.XBAR_SEED, 17 + x);
  emu.programSampler(x, 0, entropyProgram(tile.sampler, { tS: 3600, seed: 99 + x, deviceSeed: 5 + x }));
  emu.writeTile(x, 0, CSR.ALU_LOG2N, 8);
}
emu.setNeuronSettings(0, 0, { threshold: 900, leak: 8, resetMode: 1, stochastic: 0, noiseShift: 0, refractory: 1, adcShift: 7 });
emu.setNeuronSettings(1, 0, { threshold: 200, leak: 2, resetMode: 1, stochastic: 0, noiseShift: 0, refractory: 0, adcShift: 7 });
const routes: RouteEntry[] = [];
for (let h = 0; h < HIDDEN; h++) routes.push({ neuron: h, slot: 0, enabled: true, destX: 1, destY: 0, id: h });
emu.programRoutes(0, 0, routes);
const setup = performance.now() - t0;

const imgs = loadImages(images);
const times: number[] = [];
const cycles: number[] = [];
let spikes0 = 0;
let spikes1 = 0;
const t1 = performance.now();
const cpu0 = process.cpuUsage();
(globalThis as { onBenchRun?: () => void }).onBenchRun?.();
for (const img of imgs) {
  const s = performance.now();
  emu.setIntensities(0, 0, img);
  emu.writeTile(0, 0, CSR.CTRL, 1);
  emu.writeTile(1, 0, CSR.CTRL, 1);
  cycles.push(emu.run({ timesteps: 32, samples: 1 }));
  const r = emu.result(1, 0);
  spikes0 += emu.readTile(0, 0, CSR.COUNTER + 9);
  spikes1 += emu.readTile(1, 0, CSR.COUNTER + 9);
  void r;
  times.push(performance.now() - s);
}
const total = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
const cpuMsPerInference = (cpu.user + cpu.system) / 1000 / images;
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(
  JSON.stringify(
    {
      fastForward,
      images,
      setupMs: Math.round(setup),
      pairProgrammingMs: Math.round(tProgram - t0),
      medianMsPerInference: +median.toFixed(2),
      imagesPerSecond: +(1000 / median).toFixed(1),
      cpuMsPerInference: +cpuMsPerInference.toFixed(2),
      imagesPerCpuSecond: +(1000 / cpuMsPerInference).toFixed(1),
      meanRunCycles: Math.round(cycles.reduce((a, b) => a + b, 0) / cycles.length),
      cyclesPerSecond: Math.round((cycles.reduce((a, b) => a + b, 0) / total) * 1000),
      hiddenSpikesPerImage: Math.round(spikes0 / images),
      classSpikesPerImage: Math.round(spikes1 / images),
    },
    null,
    1,
  ),
);
