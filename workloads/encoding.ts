// What the chip's input stage sees of an image: the 28 x 28 uint8 image
// average-pooled 2 x 2 to 14 x 14 = 196 intensities k = floor(sum of 4 / 4)
// in 0..255. On chip, input row r spikes in a timestep with probability
// k_r / 256 (a Bernoulli draw from device noise).
import { IMAGE_PIXELS, IMAGE_SIDE } from './fashion-mnist.ts';

export const POOL = 2;
export const POOLED_SIDE = IMAGE_SIDE / POOL;
export const INPUT_ROWS = POOLED_SIDE * POOLED_SIDE;

/** Pools `count` images (count x 784 uint8) to count x 196 intensities 0..255. */
export function pool2x2(images: Uint8Array, count = images.length / IMAGE_PIXELS): Uint8Array {
  const out = new Uint8Array(count * INPUT_ROWS);
  for (let n = 0; n < count; n++) {
    const img = n * IMAGE_PIXELS;
    for (let y = 0; y < POOLED_SIDE; y++) {
      for (let x = 0; x < POOLED_SIDE; x++) {
        const p = img + 2 * y * IMAGE_SIDE + 2 * x;
        const sum = images[p]! + images[p + 1]! + images[p + IMAGE_SIDE]! + images[p + IMAGE_SIDE + 1]!;
        out[n * INPUT_ROWS + y * POOLED_SIDE + x] = sum >> 2;
      }
    }
  }
  return out;
}

/** The rate a pooled intensity k stands for: the spike probability k / 256. */
export const intensityRate = (k: number): number => k / 256;
