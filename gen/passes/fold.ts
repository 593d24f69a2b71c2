// Constant folding: nodes whose operands are all constants become constants,
// and a few identities (mux with a constant condition, extension of a
// constant) disappear. Semantics follow gen/ir.ts exactly.
import type { IrExpr, IrModule, IrType } from '../ir.ts';
import { mapExpr, mapModuleExprs } from './walk.ts';

const mask = (w: number) => (1n << BigInt(w)) - 1n;
const toSigned = (v: bigint, w: number) => (v >> BigInt(w - 1) ? v - (1n << BigInt(w)) : v);
const value = (e: IrExpr & { kind: 'const' }) => (e.type.signed ? toSigned(e.value, e.type.width) : e.value);
const make = (v: bigint, type: IrType): IrExpr => ({ kind: 'const', value: v & mask(type.width), type });

function foldNode(e: IrExpr): IrExpr {
  const isConst = (x: IrExpr): x is IrExpr & { kind: 'const' } => x.kind === 'const';
  switch (e.kind) {
    case 'mux':
      if (isConst(e.cond)) return e.cond.value ? e.a : e.b;
      return e;
    case 'unary':
      if (!isConst(e.a)) return e;
      switch (e.op) {
        case 'not':
          return make(~e.a.value, e.type);
        case 'neg':
          return make(-e.a.value, e.type);
        case 'andr':
          return make(e.a.value === mask(e.a.type.width) ? 1n : 0n, e.type);
        case 'orr':
          return make(e.a.value !== 0n ? 1n : 0n, e.type);
        case 'xorr':
          return make(BigInt([...e.a.value.toString(2)].filter((c) => c === '1').length & 1), e.type);
      }
      return e;
    case 'zext':
    case 'cast':
      return isConst(e.a) ? make(e.a.value, e.type) : e;
    case 'sext':
      // Sign-extension reads the operand's top bit whatever its declared signedness.
      return isConst(e.a) ? make(toSigned(e.a.value, e.a.type.width), e.type) : e;
    case 'slice':
      return isConst(e.a) ? make(e.a.value >> BigInt(e.lo), e.type) : e;
    case 'cat':
      if (!e.parts.every(isConst)) return e;
      return make(
        e.parts.reduce((acc, p) => (acc << BigInt(p.type.width)) | (p as IrExpr & { kind: 'const' }).value, 0n),
        e.type,
      );
    case 'binary': {
      if (!isConst(e.a) || !isConst(e.b)) return e;
      const a = value(e.a);
      const b = value(e.b);
      const ua = e.a.value;
      const ub = e.b.value;
      const w = e.a.type.width;
      switch (e.op) {
        case 'add':
          return make(ua + ub, e.type);
        case 'sub':
          return make(ua - ub, e.type);
        case 'mul':
          return make(ua * ub, e.type);
        case 'and':
          return make(ua & ub, e.type);
        case 'or':
          return make(ua | ub, e.type);
        case 'xor':
          return make(ua ^ ub, e.type);
        case 'eq':
          return make(a === b ? 1n : 0n, e.type);
        case 'neq':
          return make(a !== b ? 1n : 0n, e.type);
        case 'lt':
          return make(a < b ? 1n : 0n, e.type);
        case 'le':
          return make(a <= b ? 1n : 0n, e.type);
        case 'gt':
          return make(a > b ? 1n : 0n, e.type);
        case 'ge':
          return make(a >= b ? 1n : 0n, e.type);
        case 'shl':
          return make(ub >= BigInt(w) ? 0n : ua << ub, e.type);
        case 'shr':
          return make((ub >= BigInt(w) ? (e.a.type.signed && a < 0n ? -1n : 0n) : a >> ub), e.type);
      }
    }
  }
  return e;
}

export function foldConstants(m: IrModule): IrModule {
  const memo = new Map<IrExpr, IrExpr>();
  return mapModuleExprs(m, (e) => mapExpr(e, foldNode, memo));
}
