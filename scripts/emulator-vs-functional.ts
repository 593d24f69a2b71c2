// The chip emulator against the functional model (workloads/functional) on
// the same test images, programming seed and conditions: both program the
// tiles identically (programChipTiles), but draw their own input spikes and
// read noise, so per-image counts differ while predictions and accuracy
// should agree within sampling error. Also the functional model's accuracy
// for other programming seeds (chip-to-chip variation) on the full test set.
//
//   node scripts/run-ts.mjs scripts/emulator-vs-functional.ts [--images N] [--seeds 1,2024,7]
import { loadNetwork, chipNetworkOf } from '../workloads/network/format.ts';
import { loadFashionMnist, take } from '../workloads/fashion-mnist.ts';
import { pool2x2 } from '../workloads/encoding.ts';
import { runParallel } from '../workloads/functional/parallel.ts';
import { runImages } from '../workloads/inference/parallel.ts';
import { planInference } from '../workloads/inference/plan.ts';
import { REFERENCE_TILE } from '../emulator/tile/index.ts';
import { argmaxRow } from '../workloads/metrics.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const images = Number(opt('--images', '200'));
const seeds = opt('--seeds', '1,2024,7').split(',').map(Number);

const net = loadNetwork(new URL('../workloads/networks/fashion-mnist-snn.json', import.meta.url).pathname);
const test = loadFashionMnist('test');
const cond = { tS: 3600, compensate: true, seed: seeds[0]! };

const d = take(test, images);
const pooled = pool2x2(d.images, d.count);
const f = await runParallel({ kind: 'chip', net: chipNetworkOf(net), cond, pooled, samples: 1, timesteps: 32 }, d.count, 1);
const c = await runImages(planInference(net, { width: 2, height: 1, tile: REFERENCE_TILE }, { ...cond, timesteps: 32, samples: 1 }), pooled, d.count);
let same = 0;
let fRight = 0;
let cRight = 0;
let fSpikes = 0;
let cSpikes = 0;
for (let i = 0; i < d.count; i++) {
  const a = argmaxRow(f, 10, i);
  const b = argmaxRow(c.totals, 10, i);
  if (a === b) same++;
  if (a === d.labels[i]) fRight++;
  if (b === d.labels[i]) cRight++;
  for (let k = 0; k < 10; k++) {
    fSpikes += f[i * 10 + k]!;
    cSpikes += c.totals[i * 10 + k]!;
  }
}
console.log(`seed ${cond.seed}, ${d.count} images: same prediction ${same}; functional ${fRight} right, emulator ${cRight} right; output spikes per image ${(fSpikes / d.count).toFixed(2)} / ${(cSpikes / d.count).toFixed(2)}`);

const all = pool2x2(test.images, test.count);
for (const seed of seeds) {
  const counts = await runParallel({ kind: 'chip', net: chipNetworkOf(net), cond: { ...cond, seed }, pooled: all, samples: 1, timesteps: 32 }, test.count);
  let ok = 0;
  for (let i = 0; i < test.count; i++) if (argmaxRow(counts, 10, i) === test.labels[i]) ok++;
  console.log(`functional model, programming seed ${seed}, ${test.count} images: ${((100 * ok) / test.count).toFixed(2)}%`);
}
