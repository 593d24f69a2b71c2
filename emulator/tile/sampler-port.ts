// The tile's sampler (docs/tile-spec.md § Sampler) is emulator/sampler's
// cycle-exact SamplerCore; the tile is its only consumer. For fast-forward
// the tile also needs a lower bound on when lanes can next hold numbers,
// which follows from the sampler's extractor (below).
import { readPeriod, SamplerCore, type SamplerParams } from '../sampler/index.ts';

export type TileSampler = SamplerCore;

export const makeSampler = (p: SamplerParams): TileSampler => new SamplerCore(p);

/**
 * Cycles from now in which the lanes of `mask` certainly do not hold a
 * number (all of them when `all`, any one of them otherwise), with nothing
 * consumed: at least 1 when the condition does not hold now, Infinity when
 * the sampler is quiet.
 *
 * Why it is a bound: a lane gains at most one bit per result beat, and only
 * at an odd calibration-window position (the von Neumann pair's second
 * read); beats are at least readPeriod = R_e + 4 cycles apart and the next
 * one is no sooner than cyclesUntilChange(). A lane missing b bits needs
 * B = 2b - 1 more beats if the next beat is odd, else 2b; its number is
 * valid from the cycle after the B-th beat.
 */
export function samplerValidBound(s: SamplerCore, mask: number, all: boolean): number {
  const valid = s.validMask();
  if (all ? (valid & mask) === mask : (valid & mask) !== 0) return 0;
  const first = s.cyclesUntilChange();
  if (first === Infinity) return Infinity;
  const K = s.p.numberBits;
  const period = readPeriod(s.p);
  const odd = (s.windowPos & 1) === 1;
  let bound = all ? 0 : Infinity;
  for (let m = mask & ~valid; m !== 0; m &= m - 1) {
    const lane = 31 - Math.clz32(m & -m);
    const b = K - s.count[lane]!;
    const beats = odd ? 2 * b - 1 : 2 * b;
    const h = first + (beats - 1) * period + 1;
    if (all ? h > bound : h < bound) bound = h;
  }
  return bound;
}
