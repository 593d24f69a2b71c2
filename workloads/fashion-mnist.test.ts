// The loader on the real Debian files and on corrupted copies of them made in
// a temporary folder: every defect is a BadInput with one line naming it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BadInput } from './bad-input.ts';
import { DEFAULT_DATASET_DIR, loadFashionMnist, splitFiles } from './fashion-mnist.ts';
import { parseIdx } from './idx.ts';
import { pool2x2 } from './encoding.ts';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'neurotile-fmnist-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding copies of the real test split, with `mutate` applied to one file's raw (gunzipped) bytes. */
function corruptedCopy(name: string, file: 'images' | 'labels', mutate: (raw: Buffer) => Buffer | 'truncate-gz'): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const files = splitFiles('test');
  for (const f of [files.images, files.labels]) copyFileSync(join(DEFAULT_DATASET_DIR, f), join(dir, f));
  const path = join(dir, files[file]);
  const gz = readFileSync(path);
  const out = mutate(gunzipSync(gz));
  writeFileSync(path, out === 'truncate-gz' ? gz.subarray(0, Math.floor(gz.length / 2)) : gzipSync(out));
  return dir;
}

function badInputOf(fn: () => unknown): BadInput {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadInput);
    expect((err as Error).message).not.toContain('\n');
    return err as BadInput;
  }
  throw new Error('expected a BadInput');
}

describe('real Fashion-MNIST files', () => {
  test('train and test splits: counts, sizes, labels 0..9, 6000 / 1000 of each class', () => {
    for (const [split, n] of [['train', 60000], ['test', 10000]] as const) {
      const d = loadFashionMnist(split);
      expect(d.count).toBe(n);
      expect(d.images.length).toBe(n * 784);
      const perClass = new Array(10).fill(0);
      for (const y of d.labels) perClass[y]++;
      expect(perClass).toEqual(new Array(10).fill(n / 10));
    }
  });

  test('first items match the published data set (train[0] and test[0] are ankle boots, test[1] a pullover)', () => {
    const train = loadFashionMnist('train');
    const test = loadFashionMnist('test');
    expect(train.labels[0]).toBe(9);
    expect([test.labels[0], test.labels[1], test.labels[2]]).toEqual([9, 2, 1]);
    // Pixels are uint8 with a black border: the first row of the first image is background.
    expect(Array.from(train.images.subarray(0, 28)).every((p) => p === 0)).toBe(true);
    expect(Math.max(...train.images.subarray(0, 784))).toBe(255);
  });

  test('2 x 2 pooling is floor(sum / 4) of each block', () => {
    const img = new Uint8Array(784);
    img[0] = 1; img[1] = 2; img[28] = 3; img[29] = 255; // block (0,0): 261 / 4 -> 65
    img[2] = 3; // block (0,1): 3 / 4 -> 0
    img[26 * 28 + 26] = 255; img[26 * 28 + 27] = 255; img[27 * 28 + 26] = 255; img[27 * 28 + 27] = 254; // last block: 1019 / 4 -> 254
    const k = pool2x2(img);
    expect(k.length).toBe(196);
    expect([k[0], k[1], k[195]]).toEqual([65, 0, 254]);
    expect(k.reduce((a, b) => a + b, 0)).toBe(65 + 254);
  });
});

describe('defects, each one clear BadInput', () => {
  test('missing folder', () => {
    const e = badInputOf(() => loadFashionMnist('test', join(tmp, 'no-such-folder')));
    expect(e.message).toMatch(/dataset folder '.*no-such-folder' does not exist/);
  });

  test('missing file', () => {
    const dir = corruptedCopy('missing-labels', 'labels', (raw) => raw);
    unlinkSync(join(dir, splitFiles('test').labels));
    expect(badInputOf(() => loadFashionMnist('test', dir)).message).toMatch(/data file '.*t10k-labels-idx1-ubyte\.gz' not found/);
  });

  test('truncated gzip stream', () => {
    const dir = corruptedCopy('truncated-gz', 'images', () => 'truncate-gz');
    expect(badInputOf(() => loadFashionMnist('test', dir)).message).toMatch(/t10k-images-idx3-ubyte\.gz: not a readable gzip file .*truncated or corrupt/);
  });

  test('truncated IDX data (a valid gzip of too few bytes)', () => {
    const dir = corruptedCopy('truncated-idx', 'images', (raw) => raw.subarray(0, raw.length - 784 * 3 - 5));
    expect(badInputOf(() => loadFashionMnist('test', dir)).message).toMatch(/truncated: header says 10000 x 28 x 28 = 7840000 bytes of data, file has 7837643/);
  });

  test('wrong magic number', () => {
    const dir = corruptedCopy('wrong-magic', 'labels', (raw) => {
      const b = Buffer.from(raw);
      b.writeUInt32BE(0x00000803, 0); // an images magic in a labels file
      return b;
    });
    expect(badInputOf(() => loadFashionMnist('test', dir)).message).toMatch(/t10k-labels-idx1-ubyte\.gz: wrong magic number 0x00000803 \(expected 0x00000801/);
  });

  test('wrong image size and wrong count', () => {
    const size = corruptedCopy('wrong-size', 'images', (raw) => {
      const b = Buffer.from(raw);
      b.writeUInt32BE(56, 8); // rows 56, columns 14: same byte count
      b.writeUInt32BE(14, 12);
      return b;
    });
    expect(badInputOf(() => loadFashionMnist('test', size)).message).toMatch(/images are 56 x 14, expected 28 x 28/);
    const count = corruptedCopy('wrong-count', 'labels', (raw) => {
      const b = Buffer.from(raw.subarray(0, raw.length - 10));
      b.writeUInt32BE(9990, 4);
      return b;
    });
    expect(badInputOf(() => loadFashionMnist('test', count)).message).toMatch(/9990 labels for 10000 images/);
  });

  test('label outside 0..9 and trailing bytes', () => {
    const label = corruptedCopy('bad-label', 'labels', (raw) => {
      const b = Buffer.from(raw);
      b[8 + 17] = 10;
      return b;
    });
    expect(badInputOf(() => loadFashionMnist('test', label)).message).toMatch(/label 10 at index 17 is outside 0..9/);
    expect(badInputOf(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 5, 6, 7]), 1, 'x.idx')).message).toBe('x.idx: 1 bytes of trailing data after 2 values');
    expect(badInputOf(() => parseIdx(new Uint8Array([0, 0, 8]), 1, 'x.idx')).message).toMatch(/truncated IDX header/);
  });
});
