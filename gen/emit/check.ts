// The IR rules exact-width emission relies on (gen/ir.ts): operands of
// add/sub/mul/and/or/xor/mux and comparisons have equal widths, every
// statement's value is exactly as wide as its target. The emitter refuses IR
// that breaks them instead of emitting Verilog that computes something else.
import type { IrExpr, IrType } from '../ir.ts';
import { EmitError } from './errors.ts';

const typeName = (t: IrType) => `${t.signed ? 'SInt' : 'UInt'}(${t.width})`;

function describe(e: IrExpr): string {
  const what = e.kind === 'binary' || e.kind === 'unary' ? e.op : e.kind === 'ref' ? `ref '${e.name}'` : e.kind;
  return `${what} of type ${typeName(e.type)}`;
}

/** Checks one expression tree (each shared node once); `where` names the statement for the message. */
export function checkExpr(root: IrExpr, where: string, loc: string, seen = new Set<IrExpr>()): void {
  const bad = (e: IrExpr, why: string): never => {
    throw new EmitError(`${where}: ${describe(e)}: ${why}`, loc);
  };
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    const w = e.type.width;
    if (!Number.isInteger(w) || w < 1) bad(e, 'width must be a whole number >= 1');
    switch (e.kind) {
      case 'ref':
        break;
      case 'const':
        if (e.value < 0n || e.value >> BigInt(w) !== 0n) bad(e, `value ${e.value} is not a ${w}-bit pattern`);
        break;
      case 'unary':
        if (e.op === 'not' || e.op === 'neg') {
          if (e.a.type.width !== w) bad(e, `operand is ${e.a.type.width} bits`);
        } else if (w !== 1) bad(e, 'a reduction is 1 bit wide');
        stack.push(e.a);
        break;
      case 'binary':
        if (e.op === 'shl' || e.op === 'shr') {
          if (e.a.type.width !== w) bad(e, `shifted operand is ${e.a.type.width} bits`);
          if (e.b.type.signed) bad(e, 'shift amount must be unsigned');
        } else if (['eq', 'neq', 'lt', 'le', 'gt', 'ge'].includes(e.op)) {
          if (w !== 1) bad(e, 'a comparison is 1 bit wide');
          if (e.a.type.width !== e.b.type.width) bad(e, `operands are ${e.a.type.width} and ${e.b.type.width} bits`);
        } else if (e.a.type.width !== w || e.b.type.width !== w) {
          bad(e, `operands are ${e.a.type.width} and ${e.b.type.width} bits (the builder must extend them)`);
        }
        stack.push(e.a, e.b);
        break;
      case 'mux':
        if (e.cond.type.width !== 1) bad(e, `condition is ${e.cond.type.width} bits`);
        if (e.a.type.width !== w || e.b.type.width !== w) bad(e, `values are ${e.a.type.width} and ${e.b.type.width} bits`);
        stack.push(e.cond, e.a, e.b);
        break;
      case 'slice':
        if (!(Number.isInteger(e.lo) && Number.isInteger(e.hi) && 0 <= e.lo && e.lo <= e.hi && e.hi < e.a.type.width)) {
          bad(e, `bits [${e.hi}:${e.lo}] out of range for a ${e.a.type.width}-bit operand`);
        }
        if (w !== e.hi - e.lo + 1) bad(e, `width must be hi - lo + 1 = ${e.hi - e.lo + 1}`);
        stack.push(e.a);
        break;
      case 'cat': {
        if (e.parts.length === 0) bad(e, 'no parts');
        const sum = e.parts.reduce((s, p) => s + p.type.width, 0);
        if (sum !== w) bad(e, `parts add up to ${sum} bits`);
        stack.push(...e.parts);
        break;
      }
      case 'zext':
      case 'sext':
        if (e.a.type.width > w) bad(e, `operand is wider (${e.a.type.width} bits)`);
        stack.push(e.a);
        break;
      case 'cast':
        if (e.a.type.width !== w) bad(e, `operand is ${e.a.type.width} bits`);
        stack.push(e.a);
        break;
      default:
        throw new EmitError(`${where}: unknown expression kind '${(e as { kind: string }).kind}'`, loc);
    }
  }
}

/** A statement's value must be exactly as wide as what it drives. */
export function checkFits(expr: IrExpr, width: number, where: string, loc: string): void {
  if (expr.type.width !== width) {
    throw new EmitError(`${where}: value is ${expr.type.width} bits but the target is ${width} bits (the builder must extend or truncate explicitly)`, loc);
  }
}
