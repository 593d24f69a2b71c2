// The batch fast path (DslSimulator.runRows, behind the DSL backend's
// runBatch) against the hardware's meaning, and the size bound of the
// generated functions (V8 leaves a function above 60 KiB of bytecode
// unoptimized: ~6x slower).
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { IrExpr } from '../ir.ts';
import { compileSim, SimError } from './compile.ts';
import { S, U, assign, bin, clockPort, design, input, irModule, output, ref, reg, resetPort } from './ir-fixtures.ts';

const WIDTHS = [1, 8, 31, 32, 40, 60] as const;

/** Per width w: inputs a_w, b_w; q_w = register of a_w + b_w (mod 2^w), x_w = a_w ^ b_w (combinational). */
function adders() {
  const ports = [clockPort, resetPort];
  const regs = [];
  const assigns = [];
  for (const w of WIDTHS) {
    const t = U(w);
    ports.push(input(`a${w}`, t), input(`b${w}`, t), output(`q${w}`, t), output(`x${w}`, t));
    regs.push(reg(`r${w}`, t, bin('add', ref(`a${w}`, t), ref(`b${w}`, t)), 0n));
    assigns.push(assign(`q${w}`, ref(`r${w}`, t)), assign(`x${w}`, bin('xor', ref(`a${w}`, t), ref(`b${w}`, t))));
  }
  // A signed input: poked as a negative number, read back as its bit pattern.
  ports.push(input('s', S(8)), output('t', S(8)));
  assigns.push(assign('t', ref('s', S(8))));
  return design(irModule('Adders', { ports, regs, assigns }));
}

const value = (w: number) => (w <= 32 ? fc.nat({ max: 2 ** w - 1 }) : fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }));
const row = fc.tuple(fc.boolean(), ...WIDTHS.flatMap((w) => [value(w), value(w)]), fc.integer({ min: -128, max: 127 }));

describe('runRows (the batch fast path)', () => {
  test.prop([fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.boolean()], { numRuns: 40 })(
    'outputs before each edge: registered sums and combinational xors of the inputs, every width',
    (rows, asBigInts, reversed) => {
      const sim = compileSim(adders());
      // Port order of the rows: reset, then a/b per width, then s. Narrow values optionally as bigints (the slow path).
      const inputs = ['reset', ...WIDTHS.flatMap((w) => [`a${w}`, `b${w}`]), 's'].map((n) => sim.portIndex(n));
      // Outputs in port order (the generated top loop) or reversed (the general one).
      const portOrder = <T,>(xs: T[]) => (reversed ? [...xs].reverse() : xs);
      const outNames = portOrder([...WIDTHS.flatMap((w) => [`q${w}`, `x${w}`]), 't']);
      const outputs = outNames.map((n) => sim.portIndex(n));
      const widths = portOrder([...WIDTHS.flatMap((w) => [w, w]), 8]);
      const values = rows.map(([reset, ...rest]) => [reset ? 1 : 0, ...rest.map((v) => (asBigInts && typeof v === 'number' && v >= 0 ? BigInt(v) : v))]);
      const columns = outputs.map(() => new Float64Array(rows.length));
      const wide: (bigint | undefined)[] = [];
      sim.runRows(values, inputs, outputs, widths, columns, wide);
      expect(sim.cycle).toBe(rows.length);

      // Wide outputs only in `wide`: row r's j-th output wider than 52 bits at r * (their count) + j.
      const nWide = widths.filter((w) => w > 52).length;
      const wideAt = (r: number, k: number) => r * nWide + widths.slice(0, k).filter((w) => w > 52).length;
      const at = (k: number) => (reversed ? outputs.length - 1 - k : k); // k: the output's number in port order
      const read = (r: number, k: number) => (widths[at(k)] > 52 ? wide[wideAt(r, at(k))] : BigInt(columns[at(k)]![r]!));
      for (let r = 0; r < rows.length; r++) {
        WIDTHS.forEach((w, i) => {
          const mask = (1n << BigInt(w)) - 1n;
          const a = (x: number) => BigInt(rows[x][1 + 2 * i]);
          const b = (x: number) => BigInt(rows[x][2 + 2 * i]);
          // The register took a + b at the previous edge, or 0 when reset was high then (or before the first edge).
          const q = r === 0 || rows[r - 1][0] ? 0n : (a(r - 1) + b(r - 1)) & mask;
          expect(read(r, 2 * i), `q${w} at row ${r}`).toBe(q);
          expect(read(r, 2 * i + 1), `x${w} at row ${r}`).toBe(a(r) ^ b(r));
        });
        const s = rows[r][rows[r].length - 1] as number;
        expect(read(r, outputs.length - 1)).toBe(BigInt(s & 0xff));
      }
    },
  );

  it('refuses a value that does not fit its input, naming it', () => {
    const sim = compileSim(adders());
    const a8 = sim.portIndex('a8');
    const q8 = sim.portIndex('q8');
    const run = (v: number | bigint) => sim.runRows([[v]], [a8], [q8], [8], [new Float64Array(1)], []);
    expect(() => run(256)).toThrow(SimError);
    expect(() => run(256)).toThrow(/a8/);
    expect(() => run(1.5)).toThrow(/a8/);
    expect(() => run(-1)).toThrow(/a8/);
    expect(() => sim.runRows([[1]], [q8], [q8], [8], [new Float64Array(1)], [])).toThrow(/cannot poke 'q8'/);
  });
});

describe('generated code size', () => {
  it('keeps every generated function below V8 60 KiB optimization limit, even for thousands of long statements', () => {
    // 3000 registers with a long next-state expression each: one flat body would be ~400 KB.
    const t = U(16);
    const regs = [];
    const ports = [clockPort, input('i', t), output('o', t)];
    for (let k = 0; k < 3000; k++) {
      let e: IrExpr = ref(k ? `r${k - 1}` : 'i', t);
      for (let j = 0; j < 6; j++) e = bin(j % 2 ? 'xor' : 'add', e, ref(`r${(k + j * 7) % 3000}`, t));
      regs.push(reg(`r${k}`, t, e));
    }
    const sim = compileSim(design(irModule('Wide', { ports, regs, assigns: [assign('o', ref('r2999', t))] })));
    const sizes: number[] = [];
    let start = -1;
    const lines = sim.source.split('\n');
    lines.forEach((l, n) => {
      if (l.startsWith('function ')) start = n;
      else if (l === '}' && start >= 0) {
        sizes.push(lines.slice(start, n + 1).join('\n').length);
        start = -1;
      }
    });
    expect(sim.source.length).toBeGreaterThan(200_000);
    expect(sizes.length).toBeGreaterThan(10);
    // Characters of source bound the bytecode closely for this straight-line code; 40 KB leaves a margin.
    expect(Math.max(...sizes)).toBeLessThan(40_000);
    // Still simulates: r0 = i + r0 after the first edge from 0 (the other operands start at 0).
    sim.poke('i', 5);
    sim.step(1);
    expect(sim.peek('r0')).toBe(5n);
  });
});
