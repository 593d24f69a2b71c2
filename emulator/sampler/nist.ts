// Four tests of NIST SP 800-22 Rev. 1a (A Statistical Test Suite for Random
// and Pseudorandom Number Generators, 2010): frequency (2.1), frequency
// within a block (2.2), runs (2.3) and serial (2.11), with the special
// functions they need (erfc, igamc = Q(a, x), section 5.5.3). A sequence
// passes a test at level alpha when every P-value of the test is >= alpha.
// Bits are 0/1 bytes, epsilon_1 first.

export type Bits = ArrayLike<number>;

// ---- special functions ----------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(a) for a > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function lnGamma(a: number): number {
  if (!(a > 0)) throw new RangeError(`lnGamma: a must be > 0, got ${a}`);
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - lnGamma(1 - a); // reflection
  const x = a - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

const EPS = 1e-15;
const MAX_TERMS = 1_000_000;

/** Lower regularized incomplete gamma P(a, x) by its series (converges fast for x < a + 1). */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Upper regularized incomplete gamma Q(a, x) by its continued fraction (modified Lentz; x >= a + 1). */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** igamc(a, x) = Q(a, x) = Gamma(a, x) / Gamma(a), the complemented incomplete gamma function (SP 800-22 5.5.3). */
export function igamc(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`igamc: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`igamc: x must be >= 0, got ${x}`);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** The complementary error function, erfc(x) = Q(1/2, x^2) for x >= 0, 2 - erfc(-x) below. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? igamc(0.5, x * x) : 2 - igamc(0.5, x * x);
}

// ---- the tests --------------------------------------------------------------------

export interface NistResult {
  test: 'frequency' | 'block-frequency' | 'runs' | 'serial';
  n: number;
  /** One P-value (two for serial). */
  pValues: number[];
  /** The statistic(s) the P-values come from. */
  statistic: Record<string, number>;
  passed: boolean;
  /** Why a test did not apply (the runs test needs the frequency prerequisite). */
  note?: string;
}

export const ALPHA = 0.01;

function ones(bits: Bits, from = 0, to = bits.length): number {
  let k = 0;
  for (let i = from; i < to; i++) k += bits[i]!;
  return k;
}

function checkBits(bits: Bits, min: number, what: string): void {
  if (bits.length < min) throw new RangeError(`${what}: needs at least ${min} bits, got ${bits.length}`);
}

/** 2.1 Frequency (monobit): S_n = sum(2 eps - 1), P = erfc(|S_n| / sqrt(2n)). */
export function frequencyTest(bits: Bits, alpha = ALPHA): NistResult {
  checkBits(bits, 1, 'frequency test');
  const n = bits.length;
  const s = 2 * ones(bits) - n;
  const sObs = Math.abs(s) / Math.sqrt(n);
  const p = erfc(sObs / Math.SQRT2);
  return { test: 'frequency', n, pValues: [p], statistic: { S_n: s, s_obs: sObs }, passed: p >= alpha };
}

/** Block size for n bits within the standard's advice (M >= 20, M > 0.01 n, N = n / M < 100): max(20, ceil(n / 50)). */
export const defaultBlockSize = (n: number): number => Math.max(20, Math.ceil(n / 50));

/** 2.2 Frequency within a block: chi^2 = 4M sum (pi_i - 1/2)^2 over N = floor(n/M) blocks, P = igamc(N/2, chi^2/2). */
export function blockFrequencyTest(bits: Bits, M = defaultBlockSize(bits.length), alpha = ALPHA): NistResult {
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`block frequency test: block size must be a whole number >= 1, got ${M}`);
  const N = Math.floor(bits.length / M);
  if (N < 1) throw new RangeError(`block frequency test: needs at least one block of ${M} bits, got ${bits.length} bits`);
  let chi2 = 0;
  for (let b = 0; b < N; b++) {
    const pi = ones(bits, b * M, (b + 1) * M) / M;
    chi2 += (pi - 0.5) ** 2;
  }
  chi2 *= 4 * M;
  const p = igamc(N / 2, chi2 / 2);
  return { test: 'block-frequency', n: bits.length, pValues: [p], statistic: { M, N, chi2 }, passed: p >= alpha };
}

/** 2.3 Runs: V_n = 1 + #changes, P = erfc(|V_n - 2 n pi (1-pi)| / (2 sqrt(2n) pi (1-pi))); P = 0 when |pi - 1/2| >= 2/sqrt(n). */
export function runsTest(bits: Bits, alpha = ALPHA): NistResult {
  checkBits(bits, 2, 'runs test');
  const n = bits.length;
  const pi = ones(bits) / n;
  const tau = 2 / Math.sqrt(n);
  if (Math.abs(pi - 0.5) >= tau) {
    return { test: 'runs', n, pValues: [0], statistic: { pi, tau }, passed: false, note: 'frequency prerequisite failed: |pi - 1/2| >= 2/sqrt(n)' };
  }
  let v = 1;
  for (let k = 0; k + 1 < n; k++) if (bits[k] !== bits[k + 1]) v++;
  const p = erfc(Math.abs(v - 2 * n * pi * (1 - pi)) / (2 * Math.sqrt(2 * n) * pi * (1 - pi)));
  return { test: 'runs', n, pValues: [p], statistic: { pi, V_n: v }, passed: p >= alpha };
}

/** psi^2_m = 2^m / n * sum over the 2^m m-bit patterns of (overlapping count)^2 - n, the sequence extended by its first m - 1 bits. */
export function psiSquared(bits: Bits, m: number): number {
  if (m <= 0) return 0;
  const n = bits.length;
  const counts = new Float64Array(2 ** m);
  const mask = 2 ** m - 1;
  let pattern = 0;
  for (let i = 0; i < m - 1; i++) pattern = (pattern << 1) | bits[i]!;
  for (let i = 0; i < n; i++) {
    pattern = ((pattern << 1) | bits[(i + m - 1) % n]!) & mask;
    counts[pattern]!++;
  }
  let sum = 0;
  for (const c of counts) sum += c * c;
  return (2 ** m / n) * sum - n;
}

/** Serial block length for n bits: m < floor(log2 n) - 2 as the standard asks, at most 16. */
export const defaultSerialM = (n: number): number => Math.max(2, Math.min(16, Math.floor(Math.log2(n)) - 3));

/** 2.11 Serial: P1 = igamc(2^(m-2), del psi^2_m / 2), P2 = igamc(2^(m-3), del^2 psi^2_m / 2). */
export function serialTest(bits: Bits, m = defaultSerialM(bits.length), alpha = ALPHA): NistResult {
  if (!Number.isInteger(m) || m < 2 || m > 24) throw new RangeError(`serial test: m must be a whole number from 2 to 24, got ${m}`);
  checkBits(bits, m, 'serial test');
  const p0 = psiSquared(bits, m);
  const p1 = psiSquared(bits, m - 1);
  const p2 = psiSquared(bits, m - 2);
  const del1 = p0 - p1;
  const del2 = p0 - 2 * p1 + p2;
  const pv1 = igamc(2 ** (m - 2), Math.max(0, del1) / 2);
  const pv2 = igamc(2 ** (m - 3), Math.max(0, del2) / 2);
  return {
    test: 'serial',
    n: bits.length,
    pValues: [pv1, pv2],
    statistic: { m, psi2_m: p0, psi2_m1: p1, psi2_m2: p2, del1, del2 },
    passed: pv1 >= alpha && pv2 >= alpha,
  };
}

/** The four tests with their default parameters. */
export function nistTests(bits: Bits, alpha = ALPHA): NistResult[] {
  return [frequencyTest(bits, alpha), blockFrequencyTest(bits, undefined, alpha), runsTest(bits, alpha), serialTest(bits, undefined, alpha)];
}
