// Saturating arithmetic helpers: clamp a value into a narrower type instead
// of wrapping (the DSL never drops bits silently; these say "saturate" on purpose).
import { lit, mux, type Signal } from '../dsl/signal.ts';
import { SInt, UInt } from '../dsl/types.ts';
import { paramError } from './params.ts';

/** `x` clamped to the range of SInt(width) (x signed) or UInt(width) (x unsigned), as that type. */
export function saturate(x: Signal, width: number): Signal {
  if (width > x.width) paramError(`saturate: width ${width} is wider than the value (${x.width} bits): nothing to saturate`);
  if (width === x.width) return x;
  if (x.signed) {
    const hi = 2n ** BigInt(width - 1) - 1n;
    const lo = -(2n ** BigInt(width - 1));
    return mux(x.gt(lit(hi, SInt(x.width))), lit(hi, SInt(width)), mux(x.lt(lit(lo, SInt(x.width))), lit(lo, SInt(width)), x.trunc(width)));
  }
  const hi = 2n ** BigInt(width) - 1n;
  return mux(x.gt(lit(hi, UInt(x.width))), lit(hi, UInt(width)), x.trunc(width));
}

/** `counter + 1`, sticking at the all-ones value instead of wrapping (unsigned). */
export function saturatingIncrement(counter: Signal): Signal {
  if (counter.signed) paramError('saturatingIncrement: the counter must be unsigned');
  return mux(counter.andR(), counter, counter.addWrap(1));
}

/** The number of 1 bits of `bits` (1-bit signals), as a `width`-bit count: an adder tree. */
export function popcount(bits: Signal[], width: number): Signal {
  if (bits.length === 0) paramError('popcount of no bits');
  if (bits.length >= 2 ** width) paramError(`popcount: ${width} bits cannot count ${bits.length} ones`);
  let level = bits.map((b) => b.zext(width));
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.addWrap(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}
