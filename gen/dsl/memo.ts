// Generators memoized by their arguments: a chip of N identical tiles runs
// the tile's generator once, not N times (deduplication would throw the
// other N - 1 copies away anyway). Only for generators whose module is a
// pure function of their arguments, which is how generators are written:
// everything they read comes in through their parameters.

/** Arguments as a stable key: object keys sorted, bigints marked. */
function keyOf(args: unknown[]): string {
  return JSON.stringify(args, (_, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') throw new TypeError('memoized generators take plain data (no functions) as arguments');
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    return v;
  });
}

/** Kept per generator: enough for every distinct configuration of one design, bounded for long test runs. */
const MAX_ENTRIES = 16;

export function memoizedGenerator<A extends unknown[], R>(generator: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = keyOf(args);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const made = generator(...args);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, made);
    return made;
  };
}
