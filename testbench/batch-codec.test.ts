// The binary batch format (protocol.md: each value as ceil(width / 32)
// little-endian 32-bit words, ports in order) on random interfaces: rows
// encoded by BatchCodec against words computed here with BigInt from the
// format's definition, and replies decoded (in chunks, at row offsets) back
// to the bit patterns they were made from.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { BatchCodec } from './batch-codec.ts';
import type { SimPort } from './ports.ts';

/** The format's definition: the bit pattern's words, least significant first. */
function wordsOf(pattern: bigint, width: number): number[] {
  return Array.from({ length: Math.ceil(width / 32) }, (_, q) => Number((pattern >> BigInt(32 * q)) & 0xffffffffn));
}

const port = (dir: 'input' | 'output') =>
  fc.record({ width: fc.oneof(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 33, max: 64 }), fc.integer({ min: 65, max: 300 })), signed: fc.boolean() }).map(
    (p, i = 0): SimPort => ({ name: `p${i}`, dir, ...p }),
  );

/** A value for a port as a test would write it: a number when it is exact, a bigint otherwise, negative on signed ports. */
function valueFor(p: SimPort, pattern: bigint, asNumber: boolean): { value: bigint | number; pattern: bigint } {
  const signed = p.signed ? BigInt.asIntN(p.width, pattern) : pattern;
  const value = asNumber && signed >= -(2n ** 52n) && signed < 2n ** 52n ? Number(signed) : signed;
  return { value, pattern };
}

const patternArb = (width: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n });

describe('BatchCodec', () => {
  test.prop(
    [
      fc.array(port('input'), { minLength: 1, maxLength: 6 }).chain((inputs) =>
        fc.tuple(fc.constant(inputs), fc.array(fc.tuple(...inputs.map((p) => fc.tuple(patternArb(p.width), fc.boolean()))), { minLength: 1, maxLength: 20 })),
      ),
    ],
    { numRuns: 100 },
  )('encodes rows as little-endian words of each bit pattern', ([inputs, cells]) => {
    const codec = new BatchCodec('T', inputs, []);
    const rows = cells.map((row) => row.map(([pattern, asNumber], k) => valueFor(inputs[k]!, pattern, asNumber)));
    const expected = rows.flatMap((row) => row.flatMap((v, k) => wordsOf(v.pattern, inputs[k]!.width)));
    const got = codec.encode(
      rows.map((row) => row.map((v) => v.value)),
      0,
      rows.length,
    );
    expect([...got]).toEqual(expected);
    // A later range of the same rows: the reused buffer holds only that range.
    const tail = codec.encode(
      rows.map((row) => row.map((v) => v.value)),
      rows.length - 1,
      1,
    );
    expect([...tail]).toEqual(rows[rows.length - 1]!.flatMap((v, k) => wordsOf(v.pattern, inputs[k]!.width)));
  });

  test.prop(
    [
      fc.array(port('output'), { minLength: 1, maxLength: 6 }).chain((outputs) =>
        fc.tuple(fc.constant(outputs), fc.array(fc.tuple(...outputs.map((p) => patternArb(p.width))), { minLength: 2, maxLength: 20 })),
      ),
    ],
    { numRuns: 100 },
  )('decodes replies, chunk by chunk at their row offsets, to the bit patterns', ([outputs, rows]) => {
    const codec = new BatchCodec('T', [], outputs);
    const values = codec.values(rows.length);
    const split = rows.length >> 1;
    for (const [start, n] of [
      [split, rows.length - split],
      [0, split],
    ] as const) {
      const words = Uint32Array.from(rows.slice(start, start + n).flatMap((row) => row.flatMap((x, k) => wordsOf(x, outputs[k]!.width))));
      codec.decode(words, values, start, n);
    }
    rows.forEach((row, r) => row.forEach((x, k) => expect(values.get(r, k), `row ${r} port ${k}`).toBe(x)));
    // The whole wide array (read directly by some callers) holds the same values.
    outputs.forEach((p, k) => {
      if (p.width > 52) rows.forEach((row, r) => expect(values.get(r, k)).toBe(row[k]));
    });
  });

  test.prop([fc.integer({ min: 1, max: 80 })], { numRuns: 30 })('rejects a value that does not fit its port, and a short row', (width) => {
    const inputs: SimPort[] = [
      { name: 'a', dir: 'input', width, signed: false },
      { name: 'b', dir: 'input', width: 1, signed: false },
    ];
    const codec = new BatchCodec('T', inputs, []);
    expect(() => codec.encode([[1n << BigInt(width), 0]], 0, 1)).toThrow(/does not fit port 'a'/);
    expect(() => codec.encode([[0, 2]], 0, 1)).toThrow(/does not fit port 'b'/);
    expect(() => codec.encode([[0]], 0, 1)).toThrow(/has 1 values; T has 2 inputs/);
  });
});
