// Random numbers for the device model's floating-point physics path.
//
// Everything here is built on one generator, Philox4x32-10 (Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the generator of
// Random123, cuRAND, JAX and NumPy). Philox is counter-based: a block of four
// 32-bit words is a pure function of (key, counter), so the k-th random number
// of a stream can be computed without producing the k-1 before it.
//
// Two ways to use it:
//   - counter-based (order independent): `philox4x32`, `counterUniform`,
//     `counterNormal(seed, stream, index)` and the `CounterNormals` cursor.
//     The device model uses these so that a device's noise is a function of
//     (seed, device, draw index) only, whatever order devices are visited in.
//   - sequential: `Rng` (a cursor over the same counter space) with
//     `uniform()` and `normal()` for code that just wants "the next number".
//
// Only 32-bit integer math (Math.imul and 16-bit limbs): no BigInt, so it is
// fast and gives identical bits on every JS engine.

/** Anything that yields standard normal deviates; the device model's rng argument. */
export interface NormalSource {
  normal(): number;
}

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9; // golden ratio
const PHILOX_W1 = 0xbb67ae85; // sqrt(3) - 1
const TWO_32 = 4294967296;
const TWO_NEG_53 = 1 / 9007199254740992;

/** High 32 bits of the 64-bit product of two uint32 (16-bit limbs keep every partial product exact). */
function mulhi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  // Every partial product is < 2^32, so `>>> 16` on it is exact.
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Philox4x32-10: four uint32 counter words and two uint32 key words in, four
 * uint32 words out (written into `out`, which is also returned).
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) >>> 0;
      key1 = (key1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhi32(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulhi32(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

function checkId(what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${v}`);
  }
}

/** [0, 1) with 53 random bits from two words. */
function wordsToUniform(hi: number, lo: number): number {
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) * TWO_NEG_53;
}

const block = new Uint32Array(4);

/**
 * One Philox block for (seed, stream, index): key = seed, counter =
 * (index lo, index hi, stream lo, stream hi). All three are non-negative safe
 * integers, so every (seed, stream, index) triple gets its own block.
 */
function counterBlock(seed: number, stream: number, index: number): Uint32Array {
  checkId('seed', seed);
  checkId('stream', stream);
  checkId('index', index);
  return philox4x32(
    index >>> 0,
    Math.floor(index / TWO_32),
    stream >>> 0,
    Math.floor(stream / TWO_32),
    seed >>> 0,
    Math.floor(seed / TWO_32),
    block,
  );
}

/** Counter-based uniform in [0, 1): a pure function of (seed, stream, index). */
export function counterUniform(seed: number, stream: number, index: number): number {
  const w = counterBlock(seed, stream, index);
  return wordsToUniform(w[0]!, w[1]!);
}

/**
 * Counter-based standard normal: a pure function of (seed, stream, index).
 * One Philox block gives two 53-bit uniforms; Box-Muller (cosine branch) turns
 * them into one N(0, 1) deviate. The sine branch is dropped: caching it would
 * make the value depend on call order, which is exactly what this avoids.
 */
export function counterNormal(seed: number, stream: number, index: number): number {
  const w = counterBlock(seed, stream, index);
  const u1 = 1 - wordsToUniform(w[0]!, w[1]!); // (0, 1]: log stays finite
  const u2 = wordsToUniform(w[2]!, w[3]!);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A reusable cursor over counter-based normals: `at(stream, index)` positions
 * it, each `normal()` returns counterNormal(seed, stream, index) and advances
 * the index by one. Lets the pure device functions (which take a NormalSource)
 * draw at an exact (device, draw) address without allocating per draw.
 */
export class CounterNormals implements NormalSource {
  private stream = 0;
  private index = 0;

  constructor(readonly seed: number) {
    checkId('seed', seed);
  }

  at(stream: number, index: number): this {
    this.stream = stream;
    this.index = index;
    return this;
  }

  normal(): number {
    return counterNormal(this.seed, this.stream, this.index++);
  }
}

/**
 * Sequential generator: a cursor walking the Philox counter space of
 * (seed, stream). `uniform()` uses two words (53 bits); `normal()` is
 * Box-Muller on two uniforms and caches the second (sine) value for the next
 * call. Deterministic for a given seed and call sequence.
 */
export class Rng implements NormalSource {
  private readonly words = new Uint32Array(4);
  private wordPos = 4; // 4 = block used up
  private blockIndex = 0;
  private spareNormal: number | undefined;

  constructor(
    readonly seed: number,
    readonly stream = 0,
  ) {
    checkId('seed', seed);
    checkId('stream', stream);
  }

  /** Next uint32 of the stream. */
  nextUint32(): number {
    if (this.wordPos === 4) {
      const b = counterBlock(this.seed, this.stream, this.blockIndex++);
      this.words.set(b);
      this.wordPos = 0;
    }
    return this.words[this.wordPos++]!;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32();
    return wordsToUniform(hi, this.nextUint32());
  }

  /** Standard normal deviate (Box-Muller, second value cached). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/**
 * A small, fast sequential PRNG (mulberry32) for stimulus and traffic where
 * counter-based access is not needed: the same seed gives the same run.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
