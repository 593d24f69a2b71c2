// Network files: the shipped ones load and fit the reference chip; broken
// ones are one clear BadInput each.
import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInput } from '../bad-input.ts';
import { chipNetworkOf, decodeFloats, encodeFloats, floatLayersOf, loadNetwork, networkJson, parseNetwork } from './format.ts';
import { SHIPPED_NETWORKS } from '../train/train-command.ts';
import { ROOT, removeTempDirs, tempDir } from '../../tools/cli/test-support.ts';

afterAll(removeTempDirs);

const shipped = (k: keyof typeof SHIPPED_NETWORKS) => join(ROOT, SHIPPED_NETWORKS[k]);

describe('shipped networks', () => {
  test('both load; they fit a 256 x 256 tile each; levels within GBITS; text round-trips', () => {
    for (const k of ['closedSet', 'openSet'] as const) {
      const text = readFileSync(shipped(k), 'utf8');
      const n = loadNetwork(shipped(k));
      expect(n.version).toBe(1);
      expect(networkJson(n)).toBe(text);
      const chip = chipNetworkOf(n);
      const lMax = 2 ** n.chip.gbits - 1;
      for (const l of chip.layers) {
        expect(l.inputs + 1).toBeLessThanOrEqual(256);
        expect(l.outputs).toBeLessThanOrEqual(256);
        expect(Math.max(...Array.from(l.levels, Math.abs))).toBeLessThanOrEqual(lMax);
      }
      // Quantized float weights are the levels times the clip scale.
      const [q1] = floatLayersOf(n, 'quantized');
      expect(q1.w[5]).toBeCloseTo((chip.layers[0].levels[5]! / lMax) * n.layers[0].clipScale, 12);
      expect(n.classes).toEqual(k === 'openSet' ? [0, 1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  test('float weights survive the base64 float32 encoding', () => {
    const w = [0.5, -1.25, 3.1415927, 0];
    expect(Array.from(decodeFloats(encodeFloats(w), 4, 'x'))).toEqual(Array.from(Float32Array.from(w)));
  });
});

function badInputOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadInput);
    const m = (err as Error).message;
    expect(m).not.toContain('\n');
    return m;
  }
  throw new Error('expected a BadInput');
}

describe('broken network files', () => {
  const base = () => JSON.parse(readFileSync(shipped('closedSet'), 'utf8'));
  test('missing file, not JSON', () => {
    expect(badInputOf(() => loadNetwork('/nonexistent/net.json'))).toMatch(/network file '\/nonexistent\/net\.json' not found/);
    const f = join(tempDir(), 'bad.json');
    writeFileSync(f, '{"format": ');
    expect(badInputOf(() => loadNetwork(f))).toMatch(/bad\.json: not valid JSON/);
  });
  test.each([
    ['another version', (n: any) => (n.version = 2), /network file version 2 is not supported/],
    ['another format', (n: any) => (n.format = 'other'), /format: /],
    ['a level beyond GBITS', (n: any) => (n.layers[0].levels[3][7] = 16), /layers\[0\]\.levels\[3\]\[7\] = 16 is outside -15\.\.15/],
    ['a short level row', (n: any) => n.layers[1].levels[0].pop(), /layers\[1\]\.levels\[0\] has 9 entries, expected 10/],
    ['a layer chain that does not match', (n: any) => (n.layers[1].inputs = 100), /layers\[1\]\.inputs \(100\) must equal layers\[0\]\.outputs/],
    ['a shift out of range', (n: any) => (n.layers[0].shift = 40), /layers\.0\.shift: /],
    ['an unknown field', (n: any) => (n.colour = 'red'), /colour/],
    ['truncated float weights', (n: any) => (n.layers[1].floatWeights = n.layers[1].floatWeights.slice(0, 40)), /floatWeights holds 30 bytes, expected 2560 float32 values \(10240 bytes\)/], // (255 hidden + bias) x 10
  ])('%s', (_name, mutate, message) => {
    const n = base();
    mutate(n);
    expect(badInputOf(() => parseNetwork(n, 'net.json'))).toMatch(message);
  });
});
