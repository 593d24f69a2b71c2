// Random expressions on every backend: many random IR expression trees are
// packed into one combinational design (a model build costs seconds), driven
// with random input vectors, and every output is compared with the
// independent BigInt reference evaluator.
import fc from 'fast-check';
import type { IrDesign, IrExpr, IrModule, IrType } from '../../gen/ir.ts';
import { evalExpr } from '../../gen/sim/reference.ts';
import { fitTo, genArb, show, toIr, type Leaf } from '../../gen/sim/random-expr.ts';
import type { Simulator } from '../simulator.ts';

/** The shared input ports: widths around every representation boundary, both signednesses. */
const INPUT_TYPES: IrType[] = [1, 3, 7, 8, 12, 16, 31, 32, 33, 52, 53, 64, 65, 96, 127, 128].map((width, i) => ({
  width,
  signed: i % 2 === 1,
}));

export interface ExprBank {
  design: IrDesign;
  exprs: IrExpr[];
}

/** `count` random expressions over the shared inputs, reproducible from `seed`. */
export function exprBank(count: number, seed: number, name = `ExprBank_s${seed}`): ExprBank {
  const gens = fc.sample(genArb, { seed, numRuns: count });
  const unusedLeaves: Leaf[] = [];
  const exprs = gens.map((g) =>
    toIr(g, unusedLeaves, (leaf) => {
      const k = Number(leaf.raw % BigInt(INPUT_TYPES.length));
      return fitTo({ kind: 'ref', name: `in${k}`, type: INPUT_TYPES[k] }, { width: leaf.width, signed: leaf.signed });
    }),
  );
  const loc = 'testbench/suites/expr.ts';
  const top: IrModule = {
    name,
    kind: 'module',
    generator: 'ExprBank',
    params: { count, seed },
    loc,
    ports: [
      ...INPUT_TYPES.map((type, k) => ({ name: `in${k}`, dir: 'input' as const, type, loc })),
      ...exprs.map((e, i) => ({ name: `out${i}`, dir: 'output' as const, type: e.type, loc })),
    ],
    wires: [],
    regs: [],
    mems: [],
    instances: [],
    assigns: exprs.map((e, i) => ({ target: `out${i}`, expr: e, loc })),
  };
  return { design: { top: name, modules: [top] }, exprs };
}

/** Input vectors: extreme patterns first, then random values. */
export function exprVectors(count: number, seed: number): bigint[][] {
  const patterns = [(w: number) => 0n, (w: number) => (1n << BigInt(w)) - 1n, (w: number) => 1n << BigInt(w - 1)];
  const rows = patterns.map((p) => INPUT_TYPES.map((t) => p(t.width)));
  const random = fc.sample(fc.tuple(...INPUT_TYPES.map((t) => fc.bigInt({ min: 0n, max: (1n << BigInt(t.width)) - 1n }))), {
    seed,
    numRuns: Math.max(0, count - rows.length),
  });
  return [...rows, ...random].slice(0, count);
}

export interface ExprMismatch {
  output: string;
  expression: string;
  inputs: string;
  expected: string;
  actual: string;
}

export interface ExprReport {
  expressions: number;
  vectors: number;
  checks: number;
  mismatches: ExprMismatch[];
}

/** Runs the vectors through `sim` and compares every output with the reference evaluator. */
export async function checkExprBank(bank: ExprBank, sim: Simulator, vectors: bigint[][], maxReported = 5): Promise<ExprReport> {
  const batch = await sim.runBatch(vectors);
  const mismatches: ExprMismatch[] = [];
  let checks = 0;
  vectors.forEach((row, r) => {
    const env = (name: string) => row[Number(name.slice(2))];
    bank.exprs.forEach((e, i) => {
      checks++;
      const expected = evalExpr(e, env);
      const unknown = batch.unknown.some((u) => u.row === r && u.port === i);
      const actual = batch.getAt(r, i);
      if (!unknown && actual === expected) return;
      if (mismatches.length >= maxReported) return;
      mismatches.push({
        output: `out${i}`,
        expression: show(e),
        inputs: row.map((v, k) => `in${k}=0x${v.toString(16)}`).join(' '),
        expected: `0x${expected.toString(16)}`,
        actual: unknown ? 'X' : `0x${actual.toString(16)}`,
      });
    });
  });
  return { expressions: bank.exprs.length, vectors: vectors.length, checks, mismatches };
}
