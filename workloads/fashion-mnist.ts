// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from Debian's
// dataset-fashion-mnist: four gzipped IDX files in one folder. The loader
// checks every file (magic, dimensions, counts, sizes, truncation) and that
// images and labels agree; each problem is one BadInput naming the file.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BadInput } from './bad-input.ts';
import { readIdxGz } from './idx.ts';

export const DEFAULT_DATASET_DIR = '/usr/share/datasets/fashion-mnist';
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASS_COUNT = 10;
export const SPLIT_SIZES = { train: 60_000, test: 10_000 } as const;
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

export type Split = keyof typeof SPLIT_SIZES;

/** File names of a split, as Debian (and the original release) name them. */
export function splitFiles(split: Split): { images: string; labels: string } {
  const stem = split === 'train' ? 'train' : 't10k';
  return { images: `${stem}-images-idx3-ubyte.gz`, labels: `${stem}-labels-idx1-ubyte.gz` };
}

export interface LabelledImages {
  split: Split;
  count: number;
  /** count x 784 uint8 pixels, row-major 28 x 28 per image. */
  images: Uint8Array;
  /** count labels, 0..9. */
  labels: Uint8Array;
}

/**
 * Loads one split from `dir` (default: Debian's folder). Checks: the folder
 * exists; both files exist and gunzip; magic 0x00000803 / 0x00000801; image
 * size 28 x 28; the count expected for the split; no truncation or trailing
 * bytes; labels in 0..9; image and label counts agree.
 */
export function loadFashionMnist(split: Split, dir: string = DEFAULT_DATASET_DIR): LabelledImages {
  if (!existsSync(dir)) throw new BadInput(`dataset folder '${dir}' does not exist (Debian: apt-get install dataset-fashion-mnist; or pass --dataset-dir)`);
  if (!statSync(dir).isDirectory()) throw new BadInput(`dataset folder '${dir}' is not a folder`);
  const files = splitFiles(split);
  const imgPath = join(dir, files.images);
  const lblPath = join(dir, files.labels);
  const img = readIdxGz(imgPath, 3);
  const lbl = readIdxGz(lblPath, 1);
  const [n, h, w] = img.dims as [number, number, number];
  if (h !== IMAGE_SIDE || w !== IMAGE_SIDE) throw new BadInput(`${imgPath}: images are ${h} x ${w}, expected ${IMAGE_SIDE} x ${IMAGE_SIDE}`);
  const expected = SPLIT_SIZES[split];
  if (n !== expected) throw new BadInput(`${imgPath}: ${n} images, the ${split} split has ${expected}`);
  if (lbl.dims[0] !== n) throw new BadInput(`${lblPath}: ${lbl.dims[0]} labels for ${n} images`);
  const bad = lbl.data.findIndex((y) => y >= CLASS_COUNT);
  if (bad >= 0) throw new BadInput(`${lblPath}: label ${lbl.data[bad]} at index ${bad} is outside 0..${CLASS_COUNT - 1}`);
  return { split, count: n, images: img.data, labels: lbl.data };
}

/** The first `limit` items of a split (all when limit is undefined). */
export function take(d: LabelledImages, limit: number | undefined): LabelledImages {
  if (limit === undefined || limit >= d.count) return d;
  return { split: d.split, count: limit, images: d.images.subarray(0, limit * IMAGE_PIXELS), labels: d.labels.subarray(0, limit) };
}
