// `neurotile emulate`'s work, below the CLI: load nothing, decide nothing
// about options (tools/emulate does that); given a network, a chip, the
// data and the conditions, run every image on the chip emulator, turn the
// chip's votes and spike totals into predictive distributions (the network's
// readout), and measure accuracy, calibration, OOD detection, cycles, spikes,
// synaptic operations and energy from the activity counters. The float
// software run of the same network on the same images comes next to it.
import { COUNTER_COUNT, COUNTER_NAMES as TILE_COUNTER_NAMES } from '../../emulator/tile/index.ts';
import type { ChipParams } from '../../emulator/chip/index.ts';
import { COUNTER_NAMES, energyOf, pjPerSynapticOp, synapticOps, zeroCounters, type Counters, type EnergyTable } from '../../emulator/energy/index.ts';
import { pool2x2, INPUT_ROWS } from '../encoding.ts';
import type { LabelledImages } from '../fashion-mnist.ts';
import { classificationMetrics, confidences, entropies, oodAuroc, reliabilityTable, type Predictive } from '../metrics.ts';
import { countPower, predictive, temperatureFor, type ChipReadout } from '../predictive.ts';
import type { NetworkFile } from '../network/format.ts';
import { softwareRun } from '../software-run.ts';
import { runImages, type ImagesResult } from './parallel.ts';
import { planInference, type InferenceConditions } from './plan.ts';

export interface InferenceInput {
  net: NetworkFile;
  chip: ChipParams;
  clockHz: number;
  energyTable: EnergyTable;
  data: LabelledImages;
  cond: InferenceConditions;
  workers?: number;
  progress?: (done: number, total: number) => void;
  /** Progress lines for the phases (programming, float run). */
  log?: (line: string) => void;
}

export interface MetricsJson {
  accuracy: number;
  ece: number;
  nll: number;
  brier: number;
  entropy: number;
  abstainRate: number;
  accuracyOnAccepted: number;
}

/** Rows `keep` of a predictive distribution. */
function rowsOf(p: Predictive, keep: readonly number[]): Predictive {
  const K = p.classes;
  const probs = new Float64Array(keep.length * K);
  keep.forEach((i, j) => {
    for (let k = 0; k < K; k++) probs[j * K + k] = p.probs[i * K + k]!;
  });
  return { probs, classes: K };
}

function metricsJson(p: Predictive, targets: ArrayLike<number>): MetricsJson {
  const m = classificationMetrics(p, targets);
  return { accuracy: m.accuracy, ece: m.ece, nll: m.nll, brier: m.brier, entropy: m.meanEntropy, abstainRate: m.abstain.abstainRate, accuracyOnAccepted: m.abstain.accuracyOnRest };
}

/** Counters summed over tiles (the chip's sums), from a tiles x COUNTER_COUNT array in the tile's order. */
export function chipCounters(perTile: ArrayLike<number>, tiles: number): Counters {
  const out = zeroCounters();
  for (let t = 0; t < tiles; t++) for (let c = 0; c < COUNTER_COUNT; c++) out[TILE_COUNTER_NAMES[c]!] += perTile[t * COUNTER_COUNT + c]!;
  return out;
}

export async function runInference(o: InferenceInput) {
  const { net, chip, cond, data } = o;
  const n = data.count;
  const K = net.classes.length;
  const pooled = pool2x2(data.images, n);
  o.log?.(`programming the chip for t = ${cond.tS} s (${chip.width} x ${chip.height} tiles of ${chip.tile.rows} x ${chip.tile.cols})`);
  const plan = planInference(net, chip, cond);

  const start = performance.now();
  const chipRun: ImagesResult = await runImages(plan, pooled, n, o.workers, o.progress);
  const seconds = (performance.now() - start) / 1000;

  // The network's readout of the chip's votes and spike totals.
  const readout: ChipReadout = { n, samples: cond.samples, classes: K, votes: chipRun.votes, counts: chipRun.totals };
  const power = temperatureFor(net.readout.power, cond.samples);
  const all: Predictive = { probs: countPower(readout, power.offset, power.exponent), classes: K };

  const target = Int32Array.from(data.labels, (y) => net.classes.indexOf(y));
  const idItems: number[] = [];
  const oodItems: number[] = [];
  for (let i = 0; i < n; i++) (target[i]! >= 0 ? idItems : oodItems).push(i);
  const idTargets = Int32Array.from(idItems, (i) => target[i]!);
  const pId = rowsOf(all, idItems);
  const metrics = { ...metricsJson(pId, idTargets), reliability: reliabilityTable(pId, idTargets) };
  const alternatives = {
    countSoftmax: metricsJson(rowsOf({ probs: predictive(readout, 'count-softmax', temperatureFor(net.readout.temperature, cond.samples)), classes: K }, idItems), idTargets),
    voteDirichlet: metricsJson(rowsOf({ probs: predictive(readout, 'vote-dirichlet', net.readout.dirichletPrior), classes: K }, idItems), idTargets),
  };
  // The chip's own decision stage: winner (argmax of votes) and the confidence through the bitstream ALU.
  let right = 0;
  let abstained = 0;
  for (const i of idItems) {
    if (chipRun.winner[i] === target[i]) right++;
    if (chipRun.abstain[i]) abstained++;
  }
  const chipDecision = { accuracy: right / idItems.length, abstainRate: abstained / idItems.length };

  // The float software run of the same images (no device noise).
  o.log?.('float software run of the same images');
  const pooledOf = (items: number[]) => {
    const p = new Uint8Array(items.length * INPUT_ROWS);
    items.forEach((i, j) => p.set(pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS), j * INPUT_ROWS));
    return p;
  };
  const openSet = net.heldOutClasses.length > 0;
  const withOod = openSet && oodItems.length > 0 && idItems.length > 0;
  const sw = await softwareRun(net, { n: idItems.length, pooled: pooledOf(idItems), targets: idTargets }, { timesteps: cond.timesteps, seed: cond.seed, workers: o.workers, ...(withOod ? { ood: { n: oodItems.length, pooled: pooledOf(oodItems) } } : {}) });
  const float = { accuracy: sw.ann.accuracy, ece: sw.ann.ece, nll: sw.ann.nll, brier: sw.ann.brier, quantizedAccuracy: sw.annQuantized.accuracy, snnAccuracy: sw.snnAccuracy };

  let ood = null;
  if (withOod) {
    const pOod = rowsOf(all, oodItems);
    const a = oodAuroc(pId, pOod);
    ood = {
      idImages: idItems.length,
      oodImages: oodItems.length,
      aurocMaxProb: a.maxProbability,
      aurocEntropy: a.entropy,
      floatAurocMaxProb: sw.oodAuroc!.maxProbability,
      floatAurocEntropy: sw.oodAuroc!.entropy,
      scores: {
        id: { maxProb: Array.from(confidences(pId)), entropy: Array.from(entropies(pId)) },
        ood: { maxProb: Array.from(confidences(pOod)), entropy: Array.from(entropies(pOod)) },
      },
    };
  }

  // Cycles, spikes, synaptic operations and energy from the activity counters.
  const counters = chipCounters(chipRun.counters, plan.tiles.length);
  const e = energyOf(counters, o.energyTable, { clockHz: o.clockHz, tiles: plan.tiles.length });
  const perImage = (x: number) => x / n;
  const cycles = chipRun.cycles.reduce((s, c) => s + c, 0) / n;
  const sops = synapticOps(counters);
  const perInferencePj = perImage(e.totalPj);
  const byComponentPj = Object.fromEntries(Object.entries(e.byComponent).map(([k, v]) => [k, perImage(v)]));
  const byCounterPj = Object.fromEntries(COUNTER_NAMES.map((k) => [k, perImage(e.byCounter[k])]));
  return {
    plan,
    images: n,
    seconds,
    imagesPerSecond: n / seconds,
    workers: chipRun.workers,
    samplersCalibrated: chipRun.calibrated,
    metrics,
    readout: { kind: 'count-power', offset: power.offset, exponent: power.exponent, alternatives },
    chipDecision,
    float,
    ood,
    perInference: { cycles, latencyUs: (cycles / o.clockHz) * 1e6, spikes: perImage(counters.spikes), synapticOps: perImage(sops) },
    energy: {
      perInferencePj,
      byComponentPj,
      byCounterPj,
      staticPj: perImage(e.staticPj),
      totalPj: e.totalPj,
      pjPerSynapticOp: pjPerSynapticOp(e.totalPj, sops),
      publishedChips: o.energyTable.publishedChips.map((c) => ({ name: c.name, node: c.node, pjPerSop: c.pjPerSop ?? null, pjPerMac: c.pjPerMac ?? null, source: c.source })),
    },
    counters,
    alpha: plan.tiles.filter((t) => t.layer >= 0).map((t) => t.alpha),
    thresholds: plan.tiles.filter((t) => t.layer >= 0).map((t) => t.threshold),
  };
}

export type InferenceReport = Awaited<ReturnType<typeof runInference>>;
