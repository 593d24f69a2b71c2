// The stream parser on hand-written replies: hex-text batches split over
// several commands land at their row offsets (X/Z reported at the batch's
// row, not the command's), binary replies split across chunks arrive whole.
import { describe, expect, it } from 'vitest';
import { BatchValues, ReplyParser } from './reply-parser.ts';

describe('ReplyParser', () => {
  it('stores a batch sent as two text commands at their row offsets', async () => {
    const parser = new ReplyParser();
    const values = new BatchValues(4, [8, 70]);
    const done = [0, 2].map((firstRow) => new Promise<void>((resolve, reject) => parser.expect({ kind: 'batch', values, firstRow, rows: 2, resolve, reject })));
    // Chunk boundaries inside a value and inside a line.
    for (const text of ['1 a\n2', ' 3fffffffffffffffff\nff 0\n', 'x 1\n']) parser.feed(Buffer.from(text));
    await Promise.all(done);
    expect([0, 1, 2, 3].map((r) => [values.get(r, 0), values.get(r, 1)])).toEqual([
      [1n, 10n],
      [2n, 0x3fffffffffffffffffn],
      [255n, 0n],
      [0n, 1n],
    ]);
    expect(values.unknown).toEqual([{ row: 3, port: 0 }]);
  });

  it('decodes a binary reply that arrives in pieces, then a line', async () => {
    const parser = new ReplyParser();
    const got: number[][] = [];
    const binary = new Promise<void>((resolve, reject) => parser.expect({ kind: 'binary', bytes: 12, decode: (w) => got.push([...w]), resolve, reject }));
    const line = new Promise<string>((resolve, reject) => parser.expect({ kind: 'line', resolve, reject }));
    const bytes = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 128, ...Buffer.from('42\n')]);
    parser.feed(bytes.subarray(0, 5));
    parser.feed(bytes.subarray(5));
    await binary;
    expect(got).toEqual([[1, 2, 2 ** 31]]);
    expect(await line).toBe('42');
  });
});
