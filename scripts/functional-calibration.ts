// Calibration against S on the whole test set with the functional model
// (workloads/functional: the chip's arithmetic without cycles, ~50x faster
// than the chip emulator), for the S the emulator can only afford on a
// subset: one run of maxS samples per image, read out for every S <= maxS
// with the network's count-power readout (the first S samples of each
// image). Prints accuracy, ECE, NLL and Brier per S.
//
//   node scripts/run-ts.mjs scripts/functional-calibration.ts [--images N] [--samples 1,4,16] [--seed X] [--network F]
import { chipNetworkOf, loadNetwork } from '../workloads/network/format.ts';
import { loadFashionMnist, take } from '../workloads/fashion-mnist.ts';
import { pool2x2 } from '../workloads/encoding.ts';
import { runParallel } from '../workloads/functional/parallel.ts';
import { countPower, firstSamples, readoutOf, temperatureFor } from '../workloads/predictive.ts';
import { classificationMetrics } from '../workloads/metrics.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const images = Number(opt('--images', '10000'));
const sampleCounts = opt('--samples', '1,4,16').split(',').map(Number);
const seed = Number(opt('--seed', '1'));
const net = loadNetwork(opt('--network', new URL('../workloads/networks/fashion-mnist-snn.json', import.meta.url).pathname));
if (net.heldOutClasses.length > 0) {
  process.stderr.write(`${net.name}: an open-set network; this script measures the closed-set network's calibration\n`);
  process.exit(2);
}
const maxS = Math.max(...sampleCounts);
const K = net.classes.length;

const d = take(loadFashionMnist('test'), images);
const pooled = pool2x2(d.images, d.count);
const start = performance.now();
const perSample = await runParallel({ kind: 'chip', net: chipNetworkOf(net), cond: { tS: 3600, compensate: true, seed }, pooled, samples: maxS, timesteps: net.timesteps }, d.count);
const seconds = (performance.now() - start) / 1000;
console.log(`functional model, ${net.name}, ${d.count} test images x ${maxS} samples, t = 1 h, compensation on, seed ${seed}: ${seconds.toFixed(0)} s`);
console.log('| S | accuracy | ECE | NLL | Brier |');
console.log('|---|---|---|---|---|');
for (const s of sampleCounts) {
  const r = readoutOf(firstSamples(perSample, d.count, maxS, s, K), d.count, s, K);
  const p = temperatureFor(net.readout.power, s);
  const m = classificationMetrics({ probs: countPower(r, p.offset, p.exponent), classes: K }, d.labels);
  console.log(`| ${s} | ${(100 * m.accuracy).toFixed(2)}% | ${(100 * m.ece).toFixed(2)}% | ${m.nll.toFixed(3)} | ${m.brier.toFixed(3)} |`);
}
