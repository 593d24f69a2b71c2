// Exact-width expression emission.
//
// IR ops are modular at their own width W, and the builder already extended
// the operands of add/sub/mul/and/or/xor/mux/comparisons to equal widths.
// Verilog sizes expressions by context, so the rule here is: every node is
// printed so that it is exact when evaluated at its own width, and each
// operand is printed where Verilog evaluates it at exactly its own width.
//
//  - Operands of + - * & | ^ ~ ?: and comparisons: equal widths by the IR
//    invariant, so the shared context is exactly W.
//  - Concatenation parts, reduction operands, shift amounts, ?: conditions,
//    $signed()/$unsigned() arguments and indexes are self-determined.
//  - zext is a concatenation `{k'd0, e}`; sext of a 1-bit value is a
//    replication; sext of anything else needs its top bit, so the operand is
//    a signal (named into a temporary wire if it is an expression).
//  - A slice of a signal is a part-select; of an expression it is computed
//    from slices of the operands where that is exact (narrow.ts), else the
//    expression is named into a temporary.
//
// The module's expressions were simplified first (simplify.ts).
//
// Signedness: Verilog makes an expression signed only if all its
// context-determined operands are, and that choice changes comparisons and
// `>>>` only (sign extension is always explicit here, and + - * & | ^ ~ are
// the same bits either way at equal widths). So casts print as nothing, each
// printed expression carries whether Verilog sees it as signed (`vsigned`),
// and only the consumers that care fix it up: comparisons wrap operands in
// $signed()/$unsigned(), an arithmetic shift is `$signed(a) >>> b`, wrapped
// in $unsigned() unless it stands in a self-determined position (inside an
// unsigned context Verilog would otherwise evaluate it as a logical shift).
import { operands } from '../passes/walk.ts';
import type { IrExpr } from '../ir.ts';
import { EmitError } from './errors.ts';
import { literal, signedLiteral, typeDecl } from './literal.ts';
import type { Namespace } from './names.ts';
import { sliceOf } from './narrow.ts';
import type { ExprTable } from './table.ts';
import type { BitUsage } from './usage.ts';

/** A signal declared in the emitted module. */
export interface DeclaredSignal {
  name: string;
  width: number;
  signed: boolean;
}

/** What the expression emitter needs from the module being emitted. */
export interface ExprScope {
  readonly names: Namespace;
  readonly usage: BitUsage;
  /** The Verilog signal an IR ref stands for (ports, wires, regs, read data, "inst.port"). */
  resolve(refName: string, loc: string): DeclaredSignal;
  /** Records a temporary wire (for the unused-bits check). */
  declareTemp(sig: DeclaredSignal): void;
}

/** The statement being emitted: temporaries are named after it and printed before it. */
export interface StmtContext {
  /** Name base for temporaries, e.g. `acc_next` for register acc. */
  base: string;
  loc: string;
  /** Module-level lines (temporary wires) to print before the statement. */
  lines: string[];
}

/**
 * 'self': Verilog evaluates the expression on its own (statement right-hand
 * side, concatenation part, ...); 'context': it shares its parent's context.
 */
type Mode = 'self' | 'context';

/** How a printed expression binds, for parenthesization. */
type Form = 'primary' | 'not' | 'unary' | 'mux' | { op: string };

interface Emitted {
  text: string;
  form: Form;
  /** Whether Verilog treats the printed expression as signed. */
  vsigned: boolean;
}

const SYMBOL: Record<string, string> = {
  add: '+', sub: '-', mul: '*', and: '&', or: '|', xor: '^',
  eq: '==', neq: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', shl: '<<', shr: '>>',
};
const REDUCTION: Record<string, string> = { andr: '&', orr: '|', xorr: '^' };
/** Operators that read naturally when chained on the left: a + b + c. */
const CHAINABLE = new Set(['+', '-', '*', '&', '|', '^']);

const TEMP_MARK = '\0';
/** `x`, `x[3]`, `x[7:0]` */
const SELECT = /^[A-Za-z_][\w$]*(\[\d+(:\d+)?\])?$/;

const primary = (text: string, vsigned = false): Emitted => ({ text, form: 'primary', vsigned });

/** As an operand of a binary operator: parenthesize anything that is not obviously atomic. */
function binaryOperand(o: Emitted, parentOp: string, side: 'left' | 'right'): string {
  const f = o.form;
  if (f === 'primary' || f === 'not') return o.text;
  if (typeof f === 'object' && side === 'left' && f.op === parentOp && CHAINABLE.has(f.op)) return o.text;
  return `(${o.text})`;
}

function unaryOperand(o: Emitted): string {
  return o.form === 'primary' ? o.text : `(${o.text})`;
}

function muxPart(o: Emitted): string {
  return o.form === 'mux' ? `(${o.text})` : o.text;
}

export class ExprEmitter {
  /** Temporaries by structural id: one wire per distinct named subexpression. */
  private readonly temps = new Map<number, DeclaredSignal>();
  /** Shared nodes that print as a plain part-select anyway: not worth a wire. */
  private readonly cheap = new Set<number>();

  constructor(
    private readonly scope: ExprScope,
    private readonly table: ExprTable,
  ) {}

  /**
   * A statement's right-hand side: one line, or a mux chain with one arm per
   * line. The root is printed in place even if it is shared (a later user
   * then gets its own wire).
   */
  root(e: IrExpr, ctx: StmtContext): string[] {
    this.prepare(e, ctx);
    const existing = this.temps.get(this.table.id(e));
    if (existing) return [this.select(existing, existing.width - 1, 0).text];
    return this.lines(e, ctx);
  }

  /** `e` printed self-determined: a mux chain of three or more arms one arm per line, anything else on one line. */
  private lines(e: IrExpr, ctx: StmtContext): string[] {
    const arms: { cond: IrExpr; value: IrExpr }[] = [];
    let rest = e;
    for (; rest.kind === 'mux' && (rest === e || !this.named(rest, ctx)); rest = rest.b) arms.push({ cond: rest.cond, value: rest.a });
    if (arms.length < 3) return [this.node(e, ctx, 'self').text];
    // One expression printed over several lines: the arms share one context.
    const lines = arms.map(({ cond, value }) => {
      const c = this.emit(cond, ctx, 'self');
      const v = this.emit(value, ctx, 'context');
      return `${muxPart(c)} ? ${muxPart(v)} :`;
    });
    return [...lines, this.emit(rest, ctx, 'context').text];
  }

  /** A self-determined expression on one line (instance connections, register values, conditions). */
  inline(e: IrExpr, ctx: StmtContext): string {
    this.prepare(e, ctx);
    return this.emit(e, ctx, 'self').text;
  }

  /** An expression used as an unsigned number (a memory index or its range check). */
  unsigned(e: IrExpr, ctx: StmtContext): string {
    this.prepare(e, ctx);
    const o = this.emit(e, ctx, 'self');
    return o.vsigned ? `$unsigned(${o.text})` : o.text;
  }

  /** Bits hi..lo of `e` (through narrowing or a temporary): used for memory indexes. */
  bits(e: IrExpr, hi: number, lo: number, ctx: StmtContext): string {
    return this.inline({ kind: 'slice', a: e, hi, lo, type: { width: hi - lo + 1, signed: false } }, ctx);
  }

  /** Whether `e` prints as a signal or a part-select of one (cheap to print twice). */
  isSimple(e: IrExpr): boolean {
    if (e.kind === 'ref' || e.kind === 'const') return true;
    if (e.kind === 'cast' || e.kind === 'slice') return this.isSimple(e.a);
    return false;
  }

  /**
   * `e` itself if it is simple, else a ref to a temporary `<base>_<role>`
   * holding it (for a value printed more than once, like a memory address).
   * The ref's name starts with NUL, which no design name can.
   */
  asSignal(e: IrExpr, ctx: StmtContext, role: string): IrExpr {
    if (this.isSimple(e)) return e;
    this.prepare(e, ctx);
    const t = this.named(e, ctx) ?? this.materialize(e, ctx, role);
    return { kind: 'ref', name: `${TEMP_MARK}${t.name}`, type: { width: t.width, signed: t.signed } };
  }

  // ---- naming -----------------------------------------------------------------

  /** Names every deep boundary node of a tree innermost first, so printing never nests deeper than DEPTH_STEP. */
  private prepare(root: IrExpr, ctx: StmtContext): void {
    const seen = new Set<IrExpr>();
    const stack: { e: IrExpr; expanded: boolean }[] = [{ e: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (!top.expanded) {
        top.expanded = true;
        if (seen.has(top.e)) {
          stack.pop();
          continue;
        }
        seen.add(top.e);
        for (const k of operands(top.e)) if (!seen.has(k)) stack.push({ e: k, expanded: false });
        continue;
      }
      stack.pop();
      if (top.e !== root && this.table.isDepthBoundary(top.e)) this.named(top.e, ctx);
    }
  }

  /** The temporary holding `e`, created now if `e` is shared or a depth boundary. */
  private named(e: IrExpr, ctx: StmtContext): DeclaredSignal | undefined {
    if (e.kind === 'ref' || e.kind === 'const' || e.kind === 'cast') return undefined;
    const id = this.table.id(e);
    const t = this.temps.get(id);
    if (t) return t;
    if (this.cheap.has(id) || !(this.table.isShared(e) || this.table.isDepthBoundary(e))) return undefined;
    if (e.kind === 'slice') {
      const text = this.node(e, ctx, 'self').text;
      if (SELECT.test(text)) {
        this.cheap.add(id);
        return undefined;
      }
      return this.declare(e, [text], ctx, roleOf(e));
    }
    return this.materialize(e, ctx, roleOf(e));
  }

  /** Declares `wire [W-1:0] <base>_<role> = e;` before the current statement. */
  private materialize(e: IrExpr, ctx: StmtContext, role: string): DeclaredSignal {
    return this.temps.get(this.table.id(e)) ?? this.declare(e, this.lines(e, ctx), ctx, role);
  }

  private declare(e: IrExpr, lines: string[], ctx: StmtContext, role: string): DeclaredSignal {
    const sig: DeclaredSignal = { name: this.scope.names.fresh(`${ctx.base}_${role}`), width: e.type.width, signed: e.type.signed };
    const head = `  wire ${[typeDecl(sig.width, sig.signed), sig.name].filter(Boolean).join(' ')} =`;
    if (lines.length === 1) ctx.lines.push(`${head} ${lines[0]}; // @[${ctx.loc}]`);
    else ctx.lines.push(`${head} // @[${ctx.loc}]`, ...lines.map((l, i) => `    ${l}${i === lines.length - 1 ? ';' : ''}`));
    this.scope.declareTemp(sig);
    this.temps.set(this.table.id(e), sig);
    return sig;
  }

  /** A signal (and bit offset) whose bits `e` is, if any: refs, casts of them, slices of them, named nodes. */
  private addressable(e: IrExpr, ctx: StmtContext): { sig: DeclaredSignal; lo: number } | undefined {
    if (e.kind === 'ref') return { sig: this.resolve(e, ctx), lo: 0 };
    if (e.kind === 'cast') return this.addressable(e.a, ctx);
    const t = this.named(e, ctx);
    if (t) return { sig: t, lo: 0 };
    if (e.kind === 'slice') {
      const base = this.addressable(e.a, ctx);
      if (base) return { sig: base.sig, lo: base.lo + e.lo };
    }
    return undefined;
  }

  private resolve(e: IrExpr & { kind: 'ref' }, ctx: StmtContext): DeclaredSignal {
    if (e.name.startsWith(TEMP_MARK)) {
      // A temporary handed out by asSignal().
      return { name: e.name.slice(1), width: e.type.width, signed: e.type.signed };
    }
    const sig = this.scope.resolve(e.name, ctx.loc);
    if (sig.width !== e.type.width) {
      throw new EmitError(`ref '${e.name}' is ${e.type.width} bits but '${sig.name}' is declared with ${sig.width}`, ctx.loc);
    }
    return sig;
  }

  /** `x`, `x[i]` or `x[hi:lo]`, recording which bits are read. */
  private select(sig: DeclaredSignal, hi: number, lo: number): Emitted {
    this.scope.usage.use(sig.name, hi, lo, sig.width);
    if (sig.width === 1 || (lo === 0 && hi === sig.width - 1)) return primary(sig.name, sig.signed);
    return primary(hi === lo ? `${sig.name}[${hi}]` : `${sig.name}[${hi}:${lo}]`);
  }

  // ---- printing -----------------------------------------------------------------

  private emit(e: IrExpr, ctx: StmtContext, mode: Mode): Emitted {
    const t = this.named(e, ctx);
    if (t) return this.select(t, t.width - 1, 0);
    return this.node(e, ctx, mode);
  }

  private node(e: IrExpr, ctx: StmtContext, mode: Mode): Emitted {
    switch (e.kind) {
      case 'ref': {
        const sig = this.resolve(e, ctx);
        return this.select(sig, sig.width - 1, 0);
      }
      case 'const':
        return primary(literal(e.value, e.type.width));
      case 'cast':
        // Same bits; the signedness is applied by the consumers that care.
        return this.emit(e.a, ctx, mode);
      case 'unary':
        return this.unary(e, ctx);
      case 'binary':
        return this.binary(e, ctx, mode);
      case 'mux': {
        const c = this.emit(e.cond, ctx, 'self');
        const a = this.emit(e.a, ctx, 'context');
        const b = this.emit(e.b, ctx, 'context');
        return { text: `${muxPart(c)} ? ${muxPart(a)} : ${b.text}`, form: 'mux', vsigned: a.vsigned && b.vsigned };
      }
      case 'slice':
        return this.slice(e, ctx, mode);
      case 'cat':
      case 'zext':
        if (e.kind === 'zext' && e.a.type.width === e.type.width) return this.emit(e.a, ctx, mode);
        if (e.kind === 'zext' && constOf(e.a)) return primary(literal(constOf(e.a)!.value, e.type.width));
        return primary(`{${this.ownParts(e, ctx).join(', ')}}`);
      case 'sext':
        return this.sext(e, ctx, mode);
    }
  }

  private unary(e: IrExpr & { kind: 'unary' }, ctx: StmtContext): Emitted {
    if (e.op === 'not' || e.op === 'neg') {
      const a = this.emit(e.a, ctx, 'context');
      const sym = e.op === 'not' ? '~' : '-';
      return { text: `${sym}${unaryOperand(a)}`, form: e.op === 'not' ? 'not' : 'unary', vsigned: a.vsigned };
    }
    const a = this.emit(e.a, ctx, 'self');
    return { text: `${REDUCTION[e.op]}${unaryOperand(a)}`, form: 'unary', vsigned: false };
  }

  private binary(e: IrExpr & { kind: 'binary' }, ctx: StmtContext, mode: Mode): Emitted {
    const op = e.op;
    const join = (a: Emitted, sym: string, b: Emitted) => `${binaryOperand(a, sym, 'left')} ${sym} ${binaryOperand(b, sym, 'right')}`;
    switch (op) {
      case 'add':
      case 'sub':
      case 'mul':
      case 'and':
      case 'or':
      case 'xor':
      case 'eq':
      case 'neq': {
        const a = this.emit(e.a, ctx, 'context');
        const b = this.emit(e.b, ctx, 'context');
        const sym = SYMBOL[op];
        const vsigned = op !== 'eq' && op !== 'neq' && a.vsigned && b.vsigned;
        return { text: join(a, sym, b), form: { op: sym }, vsigned };
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        // Both operands get the signedness of the IR comparison, so neither
        // changes how the other is evaluated.
        const signed = e.a.type.signed;
        const a = this.withSignedness(e.a, signed, ctx);
        const b = this.withSignedness(e.b, signed, ctx);
        return { text: join(a, SYMBOL[op], b), form: { op: SYMBOL[op] }, vsigned: false };
      }
      case 'shl':
      case 'shr': {
        const amount = this.emit(e.b, ctx, 'self');
        if (op === 'shl' || !e.a.type.signed) {
          const a = this.emit(e.a, ctx, 'context');
          return { text: join(a, SYMBOL[op], amount), form: { op: SYMBOL[op] }, vsigned: a.vsigned };
        }
        const a = this.withSignedness(e.a, true, ctx);
        const text = join(a, '>>>', amount);
        // In an unsigned context Verilog would turn >>> into a logical shift.
        if (mode === 'self') return { text, form: { op: '>>>' }, vsigned: true };
        return primary(`$unsigned(${text})`);
      }
    }
  }

  /** `e` printed self-determined, then made Verilog-signed or -unsigned as asked. */
  private withSignedness(e: IrExpr, signed: boolean, ctx: StmtContext): Emitted {
    const c = constOf(e);
    if (signed && c) return { text: signedLiteral(c.value, c.type.width), form: c.value >> BigInt(c.type.width - 1) ? 'unary' : 'primary', vsigned: true };
    const o = this.emit(e, ctx, 'self');
    if (o.vsigned === signed) return o;
    return primary(`${signed ? '$signed' : '$unsigned'}(${o.text})`, signed);
  }

  private slice(e: IrExpr & { kind: 'slice' }, ctx: StmtContext, mode: Mode): Emitted {
    const c = constOf(e.a);
    if (c) return primary(literal(c.value >> BigInt(e.lo), e.type.width));
    const base = this.addressable(e.a, ctx);
    if (base) return this.select(base.sig, base.lo + e.hi, base.lo + e.lo);
    const narrowed = sliceOf(e.a, e.hi, e.lo, (x) => this.opaque(x));
    if (narrowed) return this.emit(narrowed, ctx, mode);
    const t = this.materialize(e.a, ctx, 'slice');
    return this.select(t, e.hi, e.lo);
  }

  private sext(e: IrExpr & { kind: 'sext' }, ctx: StmtContext, mode: Mode): Emitted {
    const w = e.type.width;
    const aw = e.a.type.width;
    const c = constOf(e.a);
    if (c) {
      const negative = (c.value >> BigInt(aw - 1)) & 1n;
      return primary(literal(negative ? c.value | (((1n << BigInt(w - aw)) - 1n) << BigInt(aw)) : c.value, w));
    }
    if (aw === w) return this.emit(e.a, ctx, mode);
    if (aw === 1) return primary(`{${w}{${muxPart(this.emit(e.a, ctx, 'self'))}}}`);
    const base = this.addressable(e.a, ctx) ?? { sig: this.materialize(e.a, ctx, 'sext'), lo: 0 };
    const msb = this.select(base.sig, base.lo + aw - 1, base.lo + aw - 1).text;
    const all = this.select(base.sig, base.lo + aw - 1, base.lo).text;
    const k = w - aw;
    return primary(k === 1 ? `{${msb}, ${all}}` : `{{${k}{${msb}}}, ${all}}`);
  }

  /** The parts of a cat or zext node itself; nested unnamed concatenations are flattened. */
  private ownParts(e: IrExpr, ctx: StmtContext): string[] {
    if (e.kind === 'cat') return mergeZeros(e.parts.flatMap((p) => this.part(p, ctx)));
    if (e.kind === 'zext') return mergeZeros([literal(0n, e.type.width - e.a.type.width), ...this.part(e.a, ctx)]);
    throw new Error(`not a concatenation: ${e.kind}`);
  }

  /** One concatenation part (self-determined), or its own parts if it is a concatenation too. */
  private part(e: IrExpr, ctx: StmtContext): string[] {
    const t = this.named(e, ctx);
    if (t) return [this.select(t, t.width - 1, 0).text];
    if (e.kind === 'cast') return this.part(e.a, ctx);
    if (e.kind === 'cat' || (e.kind === 'zext' && e.a.type.width < e.type.width && !constOf(e.a))) return this.ownParts(e, ctx);
    return [muxPart(this.emit(e, ctx, 'self'))];
  }

  /** Nodes narrowing must not look into (they get a wire of their own anyway). */
  private opaque(e: IrExpr): boolean {
    if (e.kind === 'ref' || e.kind === 'const' || e.kind === 'cast') return false;
    return this.temps.has(this.table.id(e)) || this.table.isShared(e) || this.table.isDepthBoundary(e);
  }
}

/** `{4'd0, 7'd0, x}` -> `{11'd0, x}` */
function mergeZeros(parts: string[]): string[] {
  const zero = /^(\d+)'[bdh]0$/;
  const out: string[] = [];
  for (const p of parts) {
    const z = zero.exec(p);
    const prev = out.length ? zero.exec(out[out.length - 1]) : null;
    if (z && prev) out[out.length - 1] = literal(0n, Number(prev[1]) + Number(z[1]));
    else out.push(p);
  }
  return out;
}

/** A constant, looking through casts. */
function constOf(e: IrExpr): (IrExpr & { kind: 'const' }) | undefined {
  if (e.kind === 'const') return e;
  if (e.kind === 'cast') return constOf(e.a);
  return undefined;
}

/** The suffix of a shared subexpression's wire: what it computes. */
function roleOf(e: IrExpr): string {
  return e.kind === 'unary' || e.kind === 'binary' ? e.op : e.kind;
}
