// The issue's anchor comparisons, measured with the FUNCTIONAL MODEL (a
// tuning tool; the chip emulator's `neurotile emulate` is the judge of the
// reported chip figures): float baselines, accuracy vs T, vs S (with ECE,
// NLL, Brier, entropy), vs time after programming with and without drift
// compensation, and the open-set network's OOD AUROC.
//   npx tsx workloads/functional/anchors.ts [--network F] [--open-set F] [--limit N] [--s-limit N] [--out build/anchors.json]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFashionMnist } from '../fashion-mnist.ts';
import { INPUT_ROWS, pool2x2 } from '../encoding.ts';
import { chipNetworkOf, floatLayersOf, loadNetwork, type NetworkFile } from '../network/format.ts';
import { annLogits } from './float-run.ts';
import { runParallel } from './parallel.ts';
import { argmaxRow, classificationMetrics, oodAuroc, type Predictive } from '../metrics.ts';
import { countPower, firstSamples, predictive, readoutOf, temperatureFor, type ChipReadout } from '../predictive.ts';
import { SHIPPED_NETWORKS } from '../train/train-command.ts';
import { FunctionalChip } from './chip-model.ts';
import { energyOf, zeroCounters } from '../../emulator/energy/index.ts';

const { values } = parseArgs({
  options: {
    network: { type: 'string', default: SHIPPED_NETWORKS.closedSet },
    'open-set': { type: 'string', default: SHIPPED_NETWORKS.openSet },
    limit: { type: 'string', default: '10000' },
    's-limit': { type: 'string', default: '2000' },
    out: { type: 'string', default: 'build/anchors.json' },
    seed: { type: 'string', default: '2024' },
  },
});
const limit = Number(values.limit);
const sLimit = Number(values['s-limit']);
const seed = Number(values.seed);
const say = (s: string) => process.stderr.write(`${s}\n`);

const test = loadFashionMnist('test');
const pooledAll = pool2x2(test.images, test.count);

/** Test items whose label the network has an output for (all of them for the closed set). */
function split(net: NetworkFile, n: number) {
  const idx: number[] = [];
  const ood: number[] = [];
  for (let i = 0; i < test.count; i++) (net.classes.includes(test.labels[i]!) ? idx : ood).push(i);
  const pick = (ids: number[], m: number) => {
    const ids2 = ids.slice(0, m);
    const pooled = new Uint8Array(ids2.length * INPUT_ROWS);
    ids2.forEach((s, i) => pooled.set(pooledAll.subarray(s * INPUT_ROWS, (s + 1) * INPUT_ROWS), i * INPUT_ROWS));
    return { n: ids2.length, pooled, labels: Uint8Array.from(ids2, (s) => Math.max(0, net.classes.indexOf(test.labels[s]!))) };
  };
  return { id: pick(idx, n), ood: pick(ood, n) };
}

function annProbs(net: NetworkFile, which: 'float' | 'quantized', d: { n: number; pooled: Uint8Array }): Predictive {
  const [l1, l2] = floatLayersOf(net, which);
  const K = l2.outputs;
  const probs = new Float64Array(d.n * K);
  for (let i = 0; i < d.n; i++) {
    const z = annLogits(d.pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS), l1, l2);
    const m = Math.max(...z);
    let s = 0;
    for (let k = 0; k < K; k++) s += probs[i * K + k] = Math.exp(z[k]! - m);
    for (let k = 0; k < K; k++) probs[i * K + k]! /= s;
  }
  return { probs, classes: K };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
/** The shipped readout (count-power with the parameters fitted for the nearest S). */
const powerReadout = (net: NetworkFile, r: ChipReadout) => {
  const p = temperatureFor(net.readout.power, r.samples);
  return countPower(r, p.offset, p.exponent);
};
const t0 = performance.now();
const results: Record<string, unknown> = {};

async function chipCounts(net: NetworkFile, d: { n: number; pooled: Uint8Array }, samples: number, timesteps: number, tS: number, compensate: boolean) {
  const start = performance.now();
  const counts = await runParallel({ kind: 'chip', net: chipNetworkOf(net), cond: { tS, compensate, seed }, pooled: d.pooled, samples, timesteps }, d.n);
  const s = (performance.now() - start) / 1000;
  return { counts, seconds: s, imagesPerSecond: d.n / s, sampleRunsPerSecond: (d.n * samples) / s };
}

async function floatSnnAccuracy(net: NetworkFile, d: { n: number; pooled: Uint8Array; labels: Uint8Array }, timesteps: number) {
  const counts = await runParallel({ kind: 'float-snn', float: floatLayersOf(net, 'quantized'), seed, pooled: d.pooled, samples: 1, timesteps }, d.n);
  let ok = 0;
  for (let i = 0; i < d.n; i++) if (argmaxRow(counts, net.classes.length, i) === d.labels[i]) ok++;
  return ok / d.n;
}

const accuracyOf = (counts: Int32Array, labels: Uint8Array, K: number) => {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (argmaxRow(counts, K, i) === labels[i]) ok++;
  return ok / labels.length;
};

// --- closed-set network -----------------------------------------------------
const net = loadNetwork(values.network!);
const K = net.classes.length;
const { id: data } = split(net, limit);
const sData = { n: Math.min(sLimit, data.n), pooled: data.pooled.subarray(0, Math.min(sLimit, data.n) * INPUT_ROWS), labels: data.labels.subarray(0, Math.min(sLimit, data.n)) };
say(`closed set: ${data.n} test images (S sweep on ${sData.n})`);

const floatAnn = classificationMetrics(annProbs(net, 'float', data), data.labels);
const quantAnn = classificationMetrics(annProbs(net, 'quantized', data), data.labels);
const floatSnn: Record<string, number> = {};
for (const T of [16, 32, 64]) floatSnn[T] = await floatSnnAccuracy(net, data, T);
say(`float ANN ${pct(floatAnn.accuracy)} (ECE ${pct(floatAnn.ece)}), quantized ANN ${pct(quantAnn.accuracy)}, float SNN ${Object.entries(floatSnn).map(([t, a]) => `T=${t} ${pct(a)}`).join(', ')}`);
results.float = { ann: floatAnn, annQuantized: quantAnn, snnAccuracyByT: floatSnn };

// Accuracy vs T (S = 1, t = 1 h, compensation on).
const byT: Record<string, unknown> = {};
for (const T of [16, 32, 64]) {
  const d = T === 32 ? data : sData;
  const r = await chipCounts(net, d, 1, T, 3600, true);
  byT[T] = { n: d.n, accuracy: accuracyOf(r.counts, d.labels, K), imagesPerSecond: r.imagesPerSecond };
  say(`chip T=${T}: ${pct((byT[T] as { accuracy: number }).accuracy)} on ${d.n} (${r.imagesPerSecond.toFixed(0)} images/s)`);
}
results.chipByT = byT;

// Dynamic energy per sample from ESTIMATED counters (the functional model's activity; every read
// converts all 256 columns and every timestep updates all 256 neurons of both tiles; clock and
// static energy left out: they depend on the tile's cycle counts, which only the emulator has).
const est = (() => {
  const chip = new FunctionalChip(chipNetworkOf(net), { tS: 3600, compensate: true, seed });
  const m = Math.min(300, data.n);
  let out = 0;
  for (let i = 0; i < m; i++) out += chip.run(data.pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS), i, 1, net.timesteps).reduce((a, b) => a + b, 0);
  const T = net.timesteps;
  const hidden = (chip.counts.spikes - out) / m;
  const c = { ...zeroCounters(), timesteps: 2 * T, crossbar_reads: 2 * T, row_activations: chip.counts.rowActivations / m, device_reads: (2 * 256 * chip.counts.rowActivations) / m, adc_conversions: 2 * T * 256, neuron_updates: 2 * T * 256, spikes: chip.counts.spikes / m, axon_events_in: hidden, packets_injected: hidden, router_hops: 2 * hidden, fifo_writes: 2 * hidden, fifo_reads: 2 * hidden };
  const e = energyOf(c);
  return { counters: c, dynamicPjPerSample: e.totalPj, byComponent: e.byComponent };
})();
say(`estimated dynamic energy per sample (no clock, no static): ${(est.dynamicPjPerSample / 1000).toFixed(1)} nJ`);
results.energyEstimate = est;

// Accuracy and calibration vs S (T = net.timesteps, t = 1 h, compensation on).
const S_LIST = [1, 4, 16, 64];
const maxS = S_LIST[S_LIST.length - 1]!;
const sweep = await chipCounts(net, sData, maxS, net.timesteps, 3600, true);
const byS: Record<string, unknown> = {};
for (const S of S_LIST) {
  const r = readoutOf(firstSamples(sweep.counts, sData.n, maxS, S, K), sData.n, S, K);
  const power = classificationMetrics({ probs: powerReadout(net, r), classes: K }, sData.labels);
  const soft = classificationMetrics({ probs: predictive(r, 'count-softmax', temperatureFor(net.readout.temperature, S)), classes: K }, sData.labels);
  const votes = classificationMetrics({ probs: predictive(r, 'vote-dirichlet', net.readout.dirichletPrior), classes: K }, sData.labels);
  byS[S] = { countPower: power, countSoftmax: soft, voteDirichlet: votes };
  say(`chip S=${S}: count-power acc ${pct(power.accuracy)} ECE ${pct(power.ece)} NLL ${power.nll.toFixed(3)} | count-softmax ECE ${pct(soft.ece)} NLL ${soft.nll.toFixed(3)} | votes acc ${pct(votes.accuracy)} ECE ${pct(votes.ece)} NLL ${votes.nll.toFixed(3)}`);
}
results.chipByS = { n: sData.n, timesteps: net.timesteps, sampleRunsPerSecond: sweep.sampleRunsPerSecond, byS };

// Accuracy vs time after programming, with and without compensation (S = 1).
const TIMES = [
  ['1 s', 1],
  ['1 h', 3600],
  ['1 day', 86_400],
  ['1 year', 31_536_000],
] as const;
const byTime: Record<string, unknown> = {};
for (const [label, tS] of TIMES) {
  const on = await chipCounts(net, sData, 1, net.timesteps, tS, true);
  const off = await chipCounts(net, sData, 1, net.timesteps, tS, false);
  byTime[label] = { tS, compensated: accuracyOf(on.counts, sData.labels, K), uncompensated: accuracyOf(off.counts, sData.labels, K) };
  say(`chip t=${label}: compensated ${pct((byTime[label] as { compensated: number }).compensated)}, uncompensated ${pct((byTime[label] as { uncompensated: number }).uncompensated)}`);
}
results.chipByTime = { n: sData.n, byTime };

// --- open-set network -------------------------------------------------------
const open = loadNetwork(values['open-set']!);
const Ko = open.classes.length;
const os = split(open, limit);
const oN = Math.min(sLimit, os.id.n, os.ood.n);
const cut = (d: { n: number; pooled: Uint8Array; labels: Uint8Array }, m: number) => ({ n: m, pooled: d.pooled.subarray(0, m * INPUT_ROWS), labels: d.labels.subarray(0, m) });
const oId = cut(os.id, oN);
const oOod = cut(os.ood, oN);
const floatOod = oodAuroc(annProbs(open, 'float', oId), annProbs(open, 'float', oOod));
const openAnnAcc = classificationMetrics(annProbs(open, 'float', oId), oId.labels).accuracy;
const idRun = await chipCounts(open, oId, 16, open.timesteps, 3600, true);
const oodRun = await chipCounts(open, oOod, 16, open.timesteps, 3600, true);
const ood: Record<string, unknown> = { n: oN, floatAnn: floatOod, floatAnnAccuracy: openAnnAcc };
for (const S of [1, 16]) {
  const pr = (c: Int32Array) => ({ probs: powerReadout(open, readoutOf(firstSamples(c, oN, 16, S, Ko), oN, S, Ko)), classes: Ko });
  const pv = (c: Int32Array) => ({ probs: predictive(readoutOf(firstSamples(c, oN, 16, S, Ko), oN, S, Ko), 'vote-dirichlet', open.readout.dirichletPrior), classes: Ko });
  ood[`S${S}`] = {
    countPower: oodAuroc(pr(idRun.counts), pr(oodRun.counts)),
    voteDirichlet: oodAuroc(pv(idRun.counts), pv(oodRun.counts)),
    idAccuracy: classificationMetrics(pr(idRun.counts), oId.labels).accuracy,
  };
}
say(`open set: float ANN AUROC ${JSON.stringify(floatOod)}; chip ${JSON.stringify({ S1: ood.S1, S16: ood.S16 })}`);
results.openSet = ood;
results.seconds = (performance.now() - t0) / 1000;

// Markdown tables for docs/network.md.
const f2 = (x: number) => (100 * x).toFixed(2);
const md: string[] = [];
const fl = results.float as { ann: { accuracy: number; ece: number; nll: number }; annQuantized: { accuracy: number; ece: number; nll: number }; snnAccuracyByT: Record<string, number> };
md.push(`Float software run (no device noise), ${data.n} test images:`, '', '| model | accuracy | ECE | NLL |', '|---|---|---|---|');
md.push(`| float ANN (trained weights) | ${f2(fl.ann.accuracy)}% | ${f2(fl.ann.ece)}% | ${fl.ann.nll.toFixed(3)} |`);
md.push(`| float ANN (GBITS ${net.chip.gbits} levels) | ${f2(fl.annQuantized.accuracy)}% | ${f2(fl.annQuantized.ece)}% | ${fl.annQuantized.nll.toFixed(3)} |`);
for (const T of [16, 32, 64]) md.push(`| float rate-coded SNN, T = ${T} | ${f2(fl.snnAccuracyByT[T]!)}% | | |`);
md.push('', `Functional model, S = 1, t = 1 h, drift compensation on:`, '', '| T | images | accuracy | images/s (2 workers) |', '|---|---|---|---|');
for (const T of [16, 32, 64]) {
  const r = byT[T] as { n: number; accuracy: number; imagesPerSecond: number };
  md.push(`| ${T} | ${r.n} | ${f2(r.accuracy)}% | ${r.imagesPerSecond.toFixed(0)} |`);
}
md.push('', `Functional model vs S, T = ${net.timesteps}, t = 1 h, compensation on, ${sData.n} test images (energy: estimated dynamic energy, S x ${(est.dynamicPjPerSample / 1000).toFixed(1)} nJ, without clock and static):`, '');
md.push('| S | accuracy | ECE | NLL | Brier | entropy | abstain (p < 0.5) / acc. on rest | ECE / NLL, count softmax | ECE / NLL, vote Dirichlet | energy (nJ) |', '|---|---|---|---|---|---|---|---|---|---|');
for (const S of S_LIST) {
  type M = ReturnType<typeof classificationMetrics>;
  const r = byS[S] as { countPower: M; countSoftmax: M; voteDirichlet: M };
  const c = r.countPower;
  md.push(`| ${S} | ${f2(c.accuracy)}% | ${f2(c.ece)}% | ${c.nll.toFixed(3)} | ${c.brier.toFixed(3)} | ${c.meanEntropy.toFixed(3)} | ${f2(c.abstain.abstainRate)}% / ${f2(c.abstain.accuracyOnRest)}% | ${f2(r.countSoftmax.ece)}% / ${r.countSoftmax.nll.toFixed(3)} | ${f2(r.voteDirichlet.ece)}% / ${r.voteDirichlet.nll.toFixed(3)} | ${((S * est.dynamicPjPerSample) / 1000).toFixed(0)} |`);
}
md.push('', `Functional model vs time after programming, S = 1, ${sData.n} test images:`, '', '| t | compensated | uncompensated |', '|---|---|---|');
for (const [label] of TIMES) {
  const r = byTime[label] as { compensated: number; uncompensated: number };
  md.push(`| ${label} | ${f2(r.compensated)}% | ${f2(r.uncompensated)}% |`);
}
const o = ood as { n: number; floatAnn: { maxProbability: number; entropy: number }; floatAnnAccuracy: number; S1: { countPower: { maxProbability: number; entropy: number }; voteDirichlet: { maxProbability: number; entropy: number }; idAccuracy: number }; S16: { countPower: { maxProbability: number; entropy: number }; voteDirichlet: { maxProbability: number; entropy: number }; idAccuracy: number } };
md.push('', `Open set (classes 8, 9 held out), ${o.n} in-distribution and ${o.n} OOD test images, t = 1 h, compensation on:`, '', '| | ID accuracy | AUROC, max probability | AUROC, entropy |', '|---|---|---|---|');
md.push(`| float ANN (max softmax) | ${f2(o.floatAnnAccuracy)}% | ${o.floatAnn.maxProbability.toFixed(3)} | ${o.floatAnn.entropy.toFixed(3)} |`);
for (const S of [1, 16] as const) {
  const r = o[`S${S}`];
  md.push(`| chip (functional), S = ${S}, count power | ${f2(r.idAccuracy)}% | ${r.countPower.maxProbability.toFixed(3)} | ${r.countPower.entropy.toFixed(3)} |`);
  md.push(`| chip (functional), S = ${S}, vote Dirichlet | | ${r.voteDirichlet.maxProbability.toFixed(3)} | ${r.voteDirichlet.entropy.toFixed(3)} |`);
}
writeFileSync(values.out!.replace(/\.json$/, '.md'), `${md.join('\n')}\n`);
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, `${JSON.stringify(results, null, 2)}\n`);
say(`wrote ${values.out} in ${(results.seconds as number).toFixed(0)} s`);
