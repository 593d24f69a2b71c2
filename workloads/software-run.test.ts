// The float software run of the shipped network on real test images.
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { loadFashionMnist } from './fashion-mnist.ts';
import { pool2x2 } from './encoding.ts';
import { loadNetwork } from './network/format.ts';
import { annPredictive, softwareRun } from './software-run.ts';
import { predictions } from './metrics.ts';
import { ROOT } from '../tools/cli/test-support.ts';

test('float ANN and float SNN of the shipped network on 300 test images', async () => {
  const net = loadNetwork(join(ROOT, 'workloads/networks/fashion-mnist-snn.json'));
  const d = loadFashionMnist('test');
  const n = 300;
  const pooled = pool2x2(d.images.subarray(0, n * 784), n);
  const r = await softwareRun(net, { n, pooled, targets: d.labels.subarray(0, n) }, { timesteps: 32, seed: 1 });
  expect(r.ann.accuracy).toBeGreaterThan(0.8);
  expect(r.annQuantized.accuracy).toBeGreaterThan(0.8);
  expect(r.snnAccuracy).toBeGreaterThan(0.75);
  // The SNN converts the ANN: its votes mostly agree with the ANN's predictions (same items, same network).
  const ann = predictions(annPredictive(net, 'quantized', pooled, n));
  expect(Math.abs(r.snnAccuracy - r.annQuantized.accuracy)).toBeLessThan(0.06);
  expect(ann.length).toBe(n);
  expect(r.ann.ece).toBeLessThan(0.06);
});
