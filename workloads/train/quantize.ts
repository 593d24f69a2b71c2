// Weight quantization onto the crossbar's conductance levels: a layer's
// weights W (bias row included) are divided by a per-layer clip scale c,
// clipped to [-1, 1] and rounded to signed levels m = round(w L_MAX) in
// -L_MAX..L_MAX (|m| on G+ when m > 0, on G- when m < 0). The clip scale is
// the one with the least squared quantization error over a grid.

/** Signed level of a weight for clip scale c: round(clip(w / c, -1, 1) * L_MAX). */
export function signedLevel(w: number, c: number, lMax: number): number {
  const x = Math.max(-1, Math.min(1, w / c));
  // Math.round rounds .5 up; mirror it so that the mapping is odd (m(-w) = -m(w)).
  return x >= 0 ? Math.round(x * lMax) : -Math.round(-x * lMax);
}

/** The float weight a signed level stands for. */
export const levelWeight = (m: number, c: number, lMax: number): number => (m / lMax) * c;

/** Squared error of quantizing `w` with clip scale c. */
export function quantizationError(w: ArrayLike<number>, c: number, lMax: number): number {
  let e = 0;
  for (let i = 0; i < w.length; i++) {
    const d = w[i]! - levelWeight(signedLevel(w[i]!, c, lMax), c, lMax);
    e += d * d;
  }
  return e;
}

/** Clip scale with the least squared error among `steps` fractions (1/steps .. 1) of max |w|. */
export function bestClipScale(w: ArrayLike<number>, lMax: number, steps = 50): number {
  let maxAbs = 0;
  for (let i = 0; i < w.length; i++) maxAbs = Math.max(maxAbs, Math.abs(w[i]!));
  if (maxAbs === 0) return 1;
  let best = maxAbs;
  let bestErr = Infinity;
  for (let s = 1; s <= steps; s++) {
    const c = (maxAbs * s) / steps;
    const e = quantizationError(w, c, lMax);
    if (e < bestErr) {
      bestErr = e;
      best = c;
    }
  }
  return best;
}

/** Signed levels of every weight (Int8Array: |m| <= 127 covers GBITS <= 7; 8-bit levels use Int16Array). */
export function quantizeLayer(w: ArrayLike<number>, c: number, lMax: number): Int16Array {
  return Int16Array.from({ length: w.length }, (_, i) => signedLevel(w[i]!, c, lMax));
}
