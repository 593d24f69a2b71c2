// Property: for random, well-formed IR expression trees (every op, widths
// 1..128 and beyond, both signednesses), the compiled simulator computes the
// same bit patterns as the independent BigInt reference evaluator, both
// combinationally and through a register.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { IrExpr } from '../ir.ts';
import { compileSim } from './compile.ts';
import { evalExpr } from './reference.ts';
import { assign, design, input, irModule, output, reg } from './ir-fixtures.ts';
import { BINARY, EDGE_WIDTHS, UNARY, fitTo, genArb, show, toIr, type Gen, type Leaf, type Pattern } from './random-expr.ts';

// ---- The property --------------------------------------------------------------

/** One design computing every expression on an output, directly and one register later. */
function check(gens: Gen[], options = { mix: true }): void {
  const leaves: Leaf[] = [];
  const exprs = gens.map((g) => toIr(g, leaves));
  // Outputs that combine neighbours reuse the same expression objects: shared subtrees.
  const mixed = !options.mix ? [] : exprs.slice(1).map((e, i): IrExpr => ({ kind: 'binary', op: 'xor', a: e, b: fitTo(exprs[i], e.type), type: e.type }));
  const all = [...exprs, ...mixed];
  const top = irModule('Exprs', {
    ports: [
      { name: 'clock', dir: 'input', type: { width: 1, signed: false }, loc: 'test', role: 'clock' },
      ...leaves.map((l) => input(l.name, l.type)),
      ...all.map((e, i) => output(`out${i}`, e.type)),
      ...all.map((e, i) => output(`late${i}`, e.type)),
    ],
    regs: all.map((e, i) => reg(`r${i}`, e.type, e)),
    assigns: [...all.map((e, i) => assign(`out${i}`, e)), ...all.map((e, i) => assign(`late${i}`, { kind: 'ref', name: `r${i}`, type: e.type }))],
  });
  const sim = compileSim(design(top));
  const values = new Map(leaves.map((l) => [l.name, l.value]));
  for (const l of leaves) sim.poke(l.name, l.value);
  const expected = all.map((e) => evalExpr(e, (n) => values.get(n)!));
  // Only a mismatch builds a message (with the expression and its inputs); expect() then reports it.
  const compare = (port: string) =>
    all.forEach((e, i) => {
      const got = sim.peek(`${port}${i}`);
      if (got === expected[i]) return;
      const used = new Set<string>();
      collectRefs(e, used);
      const inputs = leaves.filter((l) => used.has(l.name)).map((l) => `${l.name}=0x${l.value.toString(16)}`);
      expect(got, `${port}${i} = ${show(e)}\n  inputs: ${inputs.join(' ')}`).toBe(expected[i]);
    });
  compare('out');
  sim.step();
  compare('late');
}

function collectRefs(e: IrExpr, into: Set<string>): void {
  if (e.kind === 'ref') into.add(e.name);
  else if (e.kind === 'binary') (collectRefs(e.a, into), collectRefs(e.b, into));
  else if (e.kind === 'mux') [e.cond, e.a, e.b].forEach((x) => collectRefs(x, into));
  else if (e.kind === 'cat') e.parts.forEach((x) => collectRefs(x, into));
  else if (e.kind !== 'const') collectRefs(e.a, into);
}

describe('compiled expressions agree with the reference evaluator', () => {
  test.prop([fc.array(genArb, { minLength: 1, maxLength: 8 })], { numRuns: 500 })('random expression trees', (gens) => {
    check(gens);
  });

});

// Exhaustive over the representation boundaries (sampling would miss single combinations).
describe('boundary widths, exhaustively', () => {
  const leaf = (width: number, signed: boolean, pattern: Pattern, asConst = false): Gen => ({
    kind: 'leaf',
    width,
    signed,
    pattern,
    raw: 0xf123456789abcdef8123456789abcdefn,
    asConst,
  });

  test.each(BINARY.filter((op) => op !== 'shl' && op !== 'shr'))('%s on extreme values', (op) => {
    for (const signed of [false, true]) {
      const gens: Gen[] = [];
      for (const wa of EDGE_WIDTHS) {
        for (const wb of EDGE_WIDTHS) {
          for (const [pa, pb] of [['ones', 'signMin'], ['signMin', 'ones'], ['signMax', 'signMin'], ['raw', 'ones']] as [Pattern, Pattern][]) {
            gens.push({ kind: 'binary', op, a: leaf(wa, signed, pa), b: leaf(wb, signed, pb), amountBits: 0 });
          }
        }
      }
      check(gens, { mix: false });
    }
  });

  test.each(['shl', 'shr'] as const)('%s by every amount around the width, constant and dynamic', (op) => {
    for (const signed of [false, true]) {
      const gens: Gen[] = [];
      for (const w of EDGE_WIDTHS) {
        for (const amountWidth of [1, 3, 6, 7, 40, 64]) {
          for (const asConst of [false, true]) {
            const amounts = new Set([0, 1, 2, 31, 32, 33, w - 1, w, w + 1, 2 ** amountWidth - 1].filter((k) => k >= 0 && k < 2 ** amountWidth));
            for (const k of amounts) {
              const amount: Gen = { kind: 'leaf', width: amountWidth, signed: false, pattern: 'raw', raw: BigInt(k), asConst };
              gens.push({ kind: 'binary', op, a: leaf(w, signed, 'raw'), b: amount, amountBits: 0 });
            }
          }
        }
      }
      check(gens, { mix: false });
    }
  });

  test.each(['unary', 'ext', 'slice'] as const)('%s at every boundary width', (kind) => {
    const gens: Gen[] = [];
    for (const w of EDGE_WIDTHS) {
      for (const signed of [false, true]) {
        for (const pattern of ['ones', 'signMin', 'signMax', 'raw'] as Pattern[]) {
          const a = leaf(w, signed, pattern);
          if (kind === 'unary') for (const op of UNARY) gens.push({ kind, op, a });
          if (kind === 'ext') for (const extra of [0, 1, 31, 32, 33, 64]) for (const signExtend of [false, true]) gens.push({ kind, signExtend, signed, extra, a });
          if (kind === 'slice') for (const lo of [0, 1, 31, 32, 33, 63, 64]) for (const len of [1, 31, 32, 33, 64, 200]) gens.push({ kind, a, lo, len });
        }
      }
    }
    check(gens, { mix: false });
  });
});
