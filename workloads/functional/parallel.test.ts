// Worker threads give the same counts as one thread (every item's noise is
// fixed by its index), for the chip model and the float SNN.
import { expect, test } from 'vitest';
import { runParallel } from './parallel.ts';
import { loadFashionMnist } from '../fashion-mnist.ts';
import { pool2x2 } from '../encoding.ts';
import type { ChipNetwork } from './chip-model.ts';
import { mulberry32 } from '../../emulator/device/index.ts';

test('2 workers = 1 thread, bit for bit', async () => {
  const d = loadFashionMnist('test');
  const n = 420;
  const pooled = pool2x2(d.images.subarray(0, n * 784), n);
  const rand = mulberry32(3);
  const levels = (len: number) => Int16Array.from({ length: len }, () => Math.round((rand() * 2 - 1) * 15));
  const net: ChipNetwork = {
    gbits: 4,
    adcBits: 8,
    layers: [
      { inputs: 196, outputs: 32, levels: levels(197 * 32), shift: 7, threshold: 60, leak: 0 },
      { inputs: 32, outputs: 10, levels: levels(33 * 10), shift: 6, threshold: 50, leak: 0 },
    ],
  };
  const job = { kind: 'chip' as const, net, cond: { tS: 3600, compensate: true, seed: 9 }, pooled, samples: 2, timesteps: 8 };
  const one = await runParallel(job, n, 1);
  const two = await runParallel(job, n, 2);
  expect(two.length).toBe(n * 2 * 10);
  expect(Array.from(two)).toEqual(Array.from(one));
  expect(one.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
});
