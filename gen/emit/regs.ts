// A register's next-value expression as if/else statements. The builder
// lowers conditional updates into muxes whose "hold" arm is a ref to the
// register itself; printing those muxes as ifs without the hold arm gives
// the familiar
//
//   if (reset) r <= 0; else if (clear) r <= 0; else if (en) r <= r + 1;
//
// instead of `r <= clear ? 0 : en ? r + 1 : r`.
import type { IrExpr } from '../ir.ts';

export type RegStmt =
  | { kind: 'set'; value: IrExpr }
  | { kind: 'if'; cond: IrExpr; negate: boolean; then: RegStmt[]; else: RegStmt[] };

/** Muxes nested deeper than this are printed as one expression (keeps recursion bounded). */
const MAX_NESTING = 64;

export function updateStatements(reg: string, next: IrExpr): RegStmt[] {
  const holds = new Map<IrExpr, boolean>();
  const isHold = (e: IrExpr) => e.kind === 'ref' && e.name === reg;
  const containsHold = (e: IrExpr, nesting: number): boolean => {
    if (isHold(e)) return true;
    if (e.kind !== 'mux' || nesting > MAX_NESTING) return false;
    let known = holds.get(e);
    if (known === undefined) {
      known = containsHold(e.a, nesting + 1) || containsHold(e.b, nesting + 1);
      holds.set(e, known);
    }
    return known;
  };
  const build = (e: IrExpr, nesting: number): RegStmt[] => {
    if (isHold(e)) return [];
    if (e.kind !== 'mux' || nesting > MAX_NESTING || !containsHold(e, nesting)) return [{ kind: 'set', value: e }];
    const whenTrue = build(e.a, nesting + 1);
    const whenFalse = build(e.b, nesting + 1);
    if (whenTrue.length === 0 && whenFalse.length === 0) return [];
    if (whenTrue.length === 0) return [{ kind: 'if', cond: e.cond, negate: true, then: whenFalse, else: [] }];
    return [{ kind: 'if', cond: e.cond, negate: false, then: whenTrue, else: whenFalse }];
  };
  return build(next, 0);
}

/** Prints statements with begin/end blocks and `end else if` chains. */
export function printStatements(
  stmts: RegStmt[],
  indent: string,
  text: { cond(e: IrExpr): string; set(value: IrExpr): string },
): string[] {
  const out: string[] = [];
  const block = (body: RegStmt[], ind: string) => body.forEach((s) => one(s, ind));
  const condText = (s: RegStmt & { kind: 'if' }) => {
    const c = text.cond(s.cond);
    if (!s.negate) return c;
    return /^[A-Za-z_][\w$]*(\[\d+\])?$/.test(c) ? `!${c}` : `!(${c})`;
  };
  const one = (s: RegStmt, ind: string) => {
    if (s.kind === 'set') {
      out.push(`${ind}${text.set(s.value)}`);
      return;
    }
    out.push(`${ind}if (${condText(s)}) begin`);
    block(s.then, `${ind}  `);
    let rest = s.else;
    while (rest.length === 1 && rest[0].kind === 'if') {
      const next = rest[0];
      out.push(`${ind}end else if (${condText(next)}) begin`);
      block(next.then, `${ind}  `);
      rest = next.else;
    }
    if (rest.length > 0) {
      out.push(`${ind}end else begin`);
      block(rest, `${ind}  `);
    }
    out.push(`${ind}end`);
  };
  block(stmts, indent);
  return out;
}
