// Deterministic random stimulus for a design's top inputs: the same rows go
// to every backend. Row 0 holds reset high (when there is a reset input);
// every other value is uniform over its port's width.
import type { SimPort, TopInterface } from '../../testbench/ports.ts';

/**
 * A small LCG with a mixed output: fast, seeded, and the same on every run.
 * An LCG's low bits are weak (bit 0 alternates), so a row with an even number
 * of ports gave a 1-bit port the same value on every cycle; the output hash
 * (lowbias32) makes every bit of every value usable.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    let x = s ^ (s >>> 16);
    x = Math.imul(x, 0x7feb352d);
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b);
    return (x ^ (x >>> 16)) >>> 0;
  };
}

function randomValue(p: SimPort, next: () => number): number | bigint {
  // `&` gives an int32: up to 30 bits that is always a small integer (Smi) for V8.
  if (p.width <= 32) return p.width === 32 ? next() : p.width <= 30 ? next() & (2 ** p.width - 1) : (next() >>> 0) % 2 ** p.width;
  let v = 0n;
  for (let bits = 0; bits < p.width; bits += 32) v = (v << 32n) | BigInt(next());
  return BigInt.asUintN(p.width, v);
}

/** The value of input `port` in `cycle` instead of the random `value`. */
export type StimulusBias = (port: SimPort, cycle: number, value: number | bigint) => number | bigint;

/** `cycles` rows of values for `iface`'s inputs (in port order); `bias` lets a port's value depend on the cycle. */
export function randomRows(iface: TopInterface, cycles: number, seed: number, bias?: StimulusBias): (number | bigint)[][] {
  const inputs = iface.ports.filter((p) => p.dir === 'input');
  const next = lcg(seed);
  // Every row gets one V8 elements kind: small integers, doubles (a port of 31-32 bits), or
  // values (a bigint port). Rows of mixed kinds (the generator's numbers changed representation
  // when V8 optimized it) made the simulators' row loops deoptimize at a row that varied
  // between runs, and the DSL simulator then ran the MAC array at ~305 k or ~445 k cycles/s.
  const doubles = !inputs.some((p) => p.width > 32) && inputs.some((p) => p.width > 30);
  const rows = new Array<(number | bigint)[]>(cycles);
  for (let i = 0; i < cycles; i++) {
    const row = inputs.map((p) => {
      if (p.name === 'reset') return i === 0 ? 1 : 0;
      const v = randomValue(p, next);
      return bias ? bias(p, i, v) : v;
    });
    if (doubles) {
      const first = row[0]!;
      row[0] = 0.5; // an elements-kind transition to doubles, which V8 never undoes
      row[0] = first;
    }
    rows[i] = row;
  }
  return rows;
}
