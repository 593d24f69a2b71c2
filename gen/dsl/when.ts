// Conditional assignment as a statement tree, and its lowering to one
// expression per target with last-connect semantics (like FIRRTL's ExpandWhens).
import type { IrExpr } from '../ir.ts';

export interface ConnectStmt {
  kind: 'connect';
  target: string;
  expr: IrExpr;
  loc: string;
}

export interface WhenStmt {
  kind: 'when';
  cond: IrExpr;
  then: Stmt[];
  else: Stmt[];
  loc: string;
}

export type Stmt = ConnectStmt | WhenStmt;

/** A target assigned on some paths only; `loc` is one of its assignments. */
export interface Partial {
  partial: true;
  loc: string;
}

export type Lowered = IrExpr | Partial;

export function isPartial(v: Lowered | undefined): v is Partial {
  return v !== undefined && 'partial' in v;
}

type Lookup = (target: string) => Lowered | undefined;

/**
 * The value each target has after `block`, given the values before it.
 * Returns only the targets the block changes; a target assigned under a
 * condition keeps its previous value otherwise (a register holds; a wire
 * without a previous value becomes Partial).
 */
export function lowerBlock(block: Stmt[], before: Lookup): Map<string, Lowered> {
  const changes = new Map<string, Lowered>();
  const current: Lookup = (t) => (changes.has(t) ? changes.get(t) : before(t));
  for (const stmt of block) {
    if (stmt.kind === 'connect') {
      changes.set(stmt.target, stmt.expr);
      continue;
    }
    const whenTrue = lowerBlock(stmt.then, current);
    const whenFalse = lowerBlock(stmt.else, current);
    const touched = new Set([...whenTrue.keys(), ...whenFalse.keys()]);
    for (const target of [...touched].sort()) {
      const a = whenTrue.has(target) ? whenTrue.get(target) : current(target);
      const b = whenFalse.has(target) ? whenFalse.get(target) : current(target);
      changes.set(target, merge(stmt, a, b));
    }
  }
  return changes;
}

function merge(stmt: WhenStmt, a: Lowered | undefined, b: Lowered | undefined): Lowered {
  if (a === b && a !== undefined) return a;
  if (a === undefined || b === undefined || isPartial(a) || isPartial(b)) {
    const known = [a, b].find((v): v is Partial => isPartial(v));
    return { partial: true, loc: known?.loc ?? stmt.loc };
  }
  return { kind: 'mux', cond: stmt.cond, a, b, type: a.type };
}
