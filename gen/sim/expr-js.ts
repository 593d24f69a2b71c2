// IR expressions -> JavaScript expressions.
//
// Representation: a value of width W <= 32 is a JS number holding the unsigned
// bit pattern (0 <= v < 2^W); a wider value is a BigInt in [0, 2^W). Every
// operator below keeps that invariant, so no value ever needs re-masking by
// its reader. Conversions happen only where a node's width crosses 32 bits.
//
// Shared subtrees are computed once into a `const $N` temporary, and deep
// trees are broken into temporaries so the generated source stays readable.
import { addUses, operands, sameExpr } from '../passes/walk.ts';
import type { IrExpr, IrType } from '../ir.ts';
import type { Scope } from './flatten.ts';
import { SimError } from './errors.ts';

export type Repr = 'num' | 'big';
export const reprOf = (width: number): Repr => (width <= 32 ? 'num' : 'big');

/** Generated-code helpers every expression may call (defined by the prelude in codegen.ts). */
export const EXPR_PRELUDE = [
  'const $asU = BigInt.asUintN;',
  'const $asI = BigInt.asIntN;',
  'function $parity32(x) { x ^= x >>> 16; x ^= x >>> 8; x ^= x >>> 4; x ^= x >>> 2; x ^= x >>> 1; return x & 1; }',
  'function $parityBig(x) { let p = 0; while (x !== 0n) { p ^= $parity32(Number(x & 0xffffffffn)); x >>= 32n; } return p; }',
  // Word caches (see wideBits and wordCat below): every BigInt operation allocates, so a read
  // site remembers the last wide value it saw, split into 32-bit words on demand.
  'const $SH32 = Array.from({ length: 64 }, (_, i) => BigInt(32 * i));',
  // A read site's cache: the last value x, its words w, word i valid while at[i] === gen.
  'function $wordCache(n) { return { x: -1n, gen: 0, at: new Float64Array(n), w: new Uint32Array(n) }; }',
  // A cat site's cache: the words p being built, the words w of the last value v built.
  'function $catCache(n) { return { p: new Uint32Array(n), w: new Uint32Array(n), v: 0n }; }',
  'function $word(c, x, i) { if (x !== c.x) { c.x = x; c.gen++; } if (c.at[i] !== c.gen) { c.at[i] = c.gen; c.w[i] = Number($asU(32, i < 64 ? x >> $SH32[i] : x >> BigInt(32 * i))); } return c.w[i]; }',
  'function $bitsAt(c, x, at, width) { if (at >= width) return 0; const i = at >>> 5, s = at & 31; const lo = $word(c, x, i) >>> s; return s !== 0 && 32 * (i + 1) < width ? lo | ($word(c, x, i + 1) << (32 - s)) : lo; }',
  'function $fromWords(c) { const p = c.p, w = c.w; for (let i = 0; i < p.length; i++) if (p[i] !== w[i]) { w.set(p); let v = 0n; for (let j = p.length - 1; j >= 0; j--) v = (v << 32n) | BigInt(w[j]); return (c.v = v); } return c.v; }',
];

/** Names and module-level declarations shared by every emitter of one generated source. */
export interface GeneratedNames {
  /** The next free number for a temporary (`$N`) or a table (`$TN`). */
  next: number;
  /** Top-level declarations the emitted code refers to (the slot tables of lookups): placed before any function runs. */
  tables: string[];
}

/** A mux tree on the low bits of one index becomes a lookup from this many entries on (4: three muxes). */
const MIN_LOOKUP_ENTRIES = 4;
/** ... up to this many (an index bit above 8 keeps its muxes: the table would be mostly padding). */
const MAX_LOOKUP_ENTRIES = 256;

interface Js {
  code: string;
  /** An identifier or literal: may be repeated without recomputation. */
  atomic: boolean;
  /** Nesting depth of the code, to decide when to break it into temporaries. */
  depth: number;
}

const MAX_INLINE_DEPTH = 6;


const hex = (v: number | bigint) => `0x${v.toString(16)}`;
const maskNum = (w: number) => 2 ** w - 1;
const maskBig = (w: number) => (1n << BigInt(w)) - 1n;
/** Wraps a JS number expression to W <= 32 bits as an unsigned pattern. */
const wrapNum = (code: string, w: number) => (w === 32 ? `((${code}) >>> 0)` : `((${code}) & ${hex(maskNum(w))})`);
/** The W-bit pattern `code` (W <= 32) as a signed int32. */
const signedNum = (code: string, w: number) => (w === 32 ? `(${code} | 0)` : `((${code} << ${32 - w}) >> ${32 - w})`);

/**
 * Emits the expressions of one generated function or block. All statements it
 * produces must be at that function's (block's) top level: temporaries and the
 * locals holding signal values are reused across its statements, so a caller
 * starts each function or block with newFunction().
 */
export class ExprEmitter {
  private readonly memo = new Map<Scope, Map<IrExpr, Js>>();
  private readonly uses = new Map<Scope, Map<IrExpr, number>>();
  /**
   * Signal -> the local holding its value in the current function: each state slot is read
   * once per function (or block), not at every use, and a value just computed is not re-read.
   */
  private readonly locals = new Map<number, string>();

  constructor(
    private readonly signalVar: (signal: number) => string,
    private readonly signalType: (signal: number) => IrType,
    private readonly temps: GeneratedNames,
    /** Narrow muxes are branch-free (see the mux below) when neither arm's code is nested deeper than this. */
    private readonly branchFreeArmDepth = Infinity,
  ) {}

  /** Registers one use of `root`; call for every expression before emitting any, so shared subtrees are found. */
  countUses(root: IrExpr, scope: Scope): void {
    addUses(this.table(this.uses, scope), root);
  }

  /** Starts the next generated function: the temporaries of the previous one are out of reach. */
  newFunction(): void {
    this.memo.clear();
    this.locals.clear();
  }

  /**
   * Before code that goes inside an `if`: returns what forgets the temporaries declared in it
   * (those of before stay in reach after it).
   */
  enterBranch(): () => void {
    const memo = [...this.memo].map(([scope, t]) => [scope, new Map(t)] as const);
    const locals = [...this.locals];
    return () => {
      this.memo.clear();
      for (const [scope, t] of memo) this.memo.set(scope, t);
      this.locals.clear();
      for (const [k, v] of locals) this.locals.set(k, v);
    };
  }

  /**
   * Assigns `expr` to signal `target` with the statements `write(value)` returns (`value` an
   * atom; write also records the change for the blocks that read the target). Later reads of
   * `expr` or of the target in this function reuse `value`. `loc`, the source locator, ends the
   * last line the assignment added (none when it added nothing).
   */
  assign(target: number, expr: IrExpr, scope: Scope, out: string[], write: (value: string) => string[], loc?: string): void {
    const before = out.length;
    const js = this.build(expr, scope, out);
    let value = js.code;
    if (!js.atomic) {
      value = `$${this.temps.next++}`;
      out.push(`const ${value} = ${js.code};`);
    }
    out.push(...write(value));
    if (loc !== undefined && out.length > before) out[out.length - 1] += ` // @[${loc}]`;
    this.table(this.memo, scope).set(expr, { code: value, atomic: true, depth: 0 });
    this.locals.set(target, value);
  }

  /** Code for `expr` that may be repeated: an identifier or literal (hoisting it into a temporary if needed). */
  atom(expr: IrExpr, scope: Scope, out: string[]): string {
    this.build(expr, scope, out);
    return this.hoist(expr, scope, out, true).code;
  }

  /** Code for `expr` used once. */
  expr(expr: IrExpr, scope: Scope, out: string[]): string {
    return this.build(expr, scope, out).code;
  }

  private table<T>(tables: Map<Scope, Map<IrExpr, T>>, scope: Scope): Map<IrExpr, T> {
    let t = tables.get(scope);
    if (!t) tables.set(scope, (t = new Map()));
    return t;
  }

  /** Post-order, iteratively: a deep mux chain must not overflow the JS stack. */
  private build(root: IrExpr, scope: Scope, out: string[]): Js {
    const memo = this.table(this.memo, scope);
    const stack: { e: IrExpr; expanded: boolean }[] = [{ e: root, expanded: false }];
    while (stack.length) {
      const top = stack.pop()!;
      if (memo.has(top.e)) continue;
      if (!top.expanded) {
        const lookup = top.e.kind === 'mux' ? this.lookup(top.e, scope, out) : null;
        if (lookup) {
          memo.set(top.e, lookup);
          continue;
        }
        stack.push({ e: top.e, expanded: true });
        for (const c of inputsOf(top.e)) if (!memo.has(c)) stack.push({ e: c, expanded: false });
        continue;
      }
      const e = top.e;
      // A dynamic shift reads its amount twice (range check, then shift).
      const repeated = (i: number) => e.kind === 'binary' && (e.op === 'shl' || e.op === 'shr') && i === 1;
      const kids = inputsOf(e).map((c, i) => this.hoist(c, scope, out, repeated(i)));
      memo.set(e, this.node(e, kids, scope, out));
    }
    return memo.get(root)!;
  }

  /**
   * A tree of muxes selecting by bits k..0 of one index among narrow signals held in $s, as one
   * load: `$s[base + index]` when the signals' slots are consecutive, else through a table of
   * slots. `pick` builds such trees (a FIFO's read port, the crossbar's sigma table: 15 muxes of
   * 4 operations each per read of 16 entries). Reading $s here is what reading each leaf would
   * do at this point, so a leaf that already has a local in this function (a value assigned
   * here, which the full variant may not have stored) keeps the muxes.
   */
  private lookup(e: Extract<IrExpr, { kind: 'mux' }>, scope: Scope, out: string[]): Js | null {
    const top = bitOf(e.cond);
    if (!top || e.type.width > 32 || top.index.type.width > 32) return null;
    const entries = 2 ** (top.bit + 1);
    if (entries < MIN_LOOKUP_ENTRIES || entries > MAX_LOOKUP_ENTRIES) return null;
    const slots: number[] = [];
    let muxes = 0;
    // Entry i of the subtree `x` decided by bits level..0: a mux on bit `level` splits it, anything
    // else is the same value for both halves (pick merges equal neighbours).
    const collect = (x: IrExpr, level: number): boolean => {
      if (level < 0) {
        if (x.kind !== 'ref' || x.type.width !== e.type.width) return false;
        const signal = scope.resolve(x.name);
        const slot = /^\$s\[(\d+)\]$/.exec(this.signalVar(signal));
        if (!slot || this.locals.has(signal)) return false;
        slots.push(Number(slot[1]));
        return true;
      }
      const c = x.kind === 'mux' ? bitOf(x.cond) : null;
      if (x.kind === 'mux' && c && c.bit === level && sameExpr(c.index, top.index)) {
        muxes++;
        return collect(x.b, level - 1) && collect(x.a, level - 1);
      }
      return collect(x, level - 1) && collect(x, level - 1);
    };
    if (!collect(e, top.bit) || muxes < entries / 2) return null;
    const index = this.atom(top.index, scope, out);
    const i = top.index.type.width === top.bit + 1 ? index : `(${index} & ${hex(entries - 1)})`;
    if (slots.every((slot, k) => slot === slots[0] + k)) return { code: `$s[${slots[0]} + ${i}]`, atomic: false, depth: 1 };
    const table = `$T${this.temps.next++}`;
    this.temps.tables.push(`const ${table} = new Int32Array([${slots.join(',')}]);`);
    return { code: `$s[${table}[${i}]]`, atomic: false, depth: 1 };
  }

  /** The already built `e` as an operand: moved into a temporary when shared, too deep, or `force`d. */
  private hoist(e: IrExpr, scope: Scope, out: string[], force: boolean): Js {
    const memo = this.table(this.memo, scope);
    const js = memo.get(e)!;
    if (js.atomic) return js;
    const shared = (this.table(this.uses, scope).get(e) ?? 0) > 1;
    if (!force && !shared && js.depth < MAX_INLINE_DEPTH) return js;
    const name = `$${this.temps.next++}`;
    out.push(`const ${name} = ${js.code};`);
    const temp = { code: name, atomic: true, depth: 0 };
    memo.set(e, temp);
    return temp;
  }

  private node(e: IrExpr, kids: Js[], scope: Scope, out: string[]): Js {
    checkWidths(e);
    const depth = 1 + Math.max(0, ...kids.map((k) => k.depth));
    const compound = (code: string): Js => ({ code, atomic: false, depth });
    const same = (js: Js): Js => js;
    const w = e.type.width;
    const big = w > 32;
    switch (e.kind) {
      case 'ref': {
        const signal = scope.resolve(e.name);
        const t = this.signalType(signal);
        if (t.width !== w) throw new SimError(`'${scope.prefix}${e.name}' is ${t.width} bits wide but read as ${w} bits`);
        const v = this.signalVar(signal);
        // A value assigned earlier in this function: its local (the full variant may not store it).
        const assigned = this.locals.get(signal);
        if (assigned !== undefined) return { code: assigned, atomic: true, depth: 0 };
        if (v.startsWith('$s[')) {
          let local = this.locals.get(signal);
          if (local === undefined) {
            local = `$r${this.temps.next++}`;
            out.push(`const ${local} = ${v};`);
            this.locals.set(signal, local);
          }
          return { code: local, atomic: true, depth: 0 };
        }
        return { code: v, atomic: true, depth: 0 };
      }
      case 'const': {
        const v = e.value;
        if (v < 0n || v >> BigInt(w) !== 0n) throw new SimError(`constant ${v} does not fit ${w} bits`);
        return { code: big ? `${v}n` : `${v}`, atomic: true, depth: 0 };
      }
      case 'cast':
        return same(kids[0]);
      case 'zext': {
        const wa = e.a.type.width;
        if (w < wa) throw new SimError(`zext to ${w} bits is narrower than its operand (${wa} bits)`);
        return big && wa <= 32 ? compound(`BigInt(${kids[0].code})`) : same(kids[0]);
      }
      case 'sext': {
        const wa = e.a.type.width;
        const a = kids[0].code;
        if (w < wa) throw new SimError(`sext to ${w} bits is narrower than its operand (${wa} bits)`);
        if (w === wa) return same(kids[0]);
        if (!big) return compound(wrapNum(signedNum(a, wa), w));
        if (wa <= 32) return compound(`$asU(${w}, BigInt(${signedNum(a, wa)}))`);
        return compound(`$asU(${w}, $asI(${wa}, ${a}))`);
      }
      case 'slice': {
        const wa = e.a.type.width;
        const { hi, lo } = e;
        if (!(0 <= lo && lo <= hi && hi < wa) || w !== hi - lo + 1) throw new SimError(`slice [${hi}:${lo}] out of range for ${wa} bits`);
        const read = wideRead(e);
        if (read) return compound(this.wideBits(read, kids, lo, w));
        const a = kids[0].code;
        const toTop = hi === wa - 1; // no bits above hi to clear
        if (wa <= 32) {
          if (lo === 0 && toTop) return same(kids[0]);
          const shifted = lo === 0 ? a : `(${a} >>> ${lo})`;
          return toTop ? compound(shifted) : compound(`(${shifted} & ${hex(maskNum(w))})`);
        }
        const shifted = lo === 0 ? a : `(${a} >> ${lo}n)`;
        const bits = toTop ? shifted : `$asU(${w}, ${shifted})`;
        return compound(big ? bits : `Number(${bits})`);
      }
      case 'cat': {
        const sum = e.parts.reduce((n, p) => n + p.type.width, 0);
        if (sum !== w) throw new SimError(`cat of ${w} bits has parts summing to ${sum} bits`);
        if (!big) return compound(numberCat(e.parts.map((p, i) => ({ code: kids[i].code, width: p.type.width }))));
        if (e.parts.every((p) => p.type.width <= 32)) return compound(this.wordCat(e.parts.map((p, i) => ({ js: kids[i], width: p.type.width })), w, out));
        return compound(bigCat(e.parts.map((p, i) => ({ code: kids[i].code, width: p.type.width }))));
      }
      case 'mux': {
        // Branch-free: both arms run every time. An arm that had not run yet when V8 optimized
        // the function has no type feedback, and reaching it later deoptimized the whole
        // function: the chip's functions did so 30 times in their first 250k cycles, each
        // time recompiled (and the cycles meanwhile ran unoptimized). A loop over many
        // instances (templates) has no cold arms (one instance taking an arm gives it feedback
        // for all) and keeps the branch where an arm is costly (branchFreeArmDepth): the MAC
        // cell's multiply-accumulate ran 10-15% faster behind a branch, while the mesh's FIFO
        // counters and pointers, data-dependent on random traffic, ran 8% faster branch-free.
        if (big || Math.max(kids[1].depth, kids[2].depth) > this.branchFreeArmDepth) return compound(`(${kids[0].code} ? ${kids[1].code} : ${kids[2].code})`);
        let b = kids[2].code;
        if (!kids[2].atomic) {
          b = `$${this.temps.next++}`;
          out.push(`const ${b} = ${kids[2].code};`);
        }
        const sel = `(((${kids[1].code} ^ ${b}) & (0 - ${kids[0].code})) ^ ${b})`;
        return compound(w === 32 ? `(${sel} >>> 0)` : sel);
      }
      case 'unary':
        return compound(this.unary(e.op, kids[0].code, e.a.type, w));
      case 'binary':
        return compound(this.binary(e, kids[0], kids[1]));
    }
  }

  /** A cache of `words` 32-bit words for one site (`$wordCache` or `$catCache`), declared before any function runs. */
  private siteCache(make: '$wordCache' | '$catCache', words: number): string {
    const name = `$W${this.temps.next++}`;
    this.temps.tables.push(`const ${name} = ${make}(${words});`);
    return name;
  }

  /**
   * Bits lo..lo+w-1 (w <= 32) of a wide value, or of a wide value shifted right by an amount:
   * from the words of the last value this site saw ($bitsAt) instead of a BigInt shift, mask
   * and conversion per read (three allocations; the crossbar's active-row bit of its 256-bit
   * spike register cost them every cycle, and the register changes once per conversion).
   */
  private wideBits(read: WideRead, kids: Js[], lo: number, w: number): string {
    const width = read.x.type.width;
    let at: string;
    if (!read.amount) at = `${lo}`;
    else if (read.amount.kind === 'const') {
      const k = read.amount.value + BigInt(lo);
      if (k >= BigInt(width)) return '0';
      at = `${k}`;
    } else at = lo === 0 ? kids[1].code : `${kids[1].code} + ${lo}`;
    const bits = `$bitsAt(${this.siteCache('$wordCache', Math.ceil(width / 32))}, ${kids[0].code}, ${at}, ${width})`;
    return w === 32 ? `(${bits} >>> 0)` : `(${bits} & ${hex(maskNum(w))})`;
  }

  /**
   * A wide cat of parts of at most 32 bits each (most significant first): its 32-bit words are
   * built as numbers and the BigInt is rebuilt only when a word differs from the last value
   * this site built ($fromWords). The crossbar's 256-bit word of 32 ADC codes, rebuilt every
   * cycle of the full variant, took 22 BigInt operations per cycle; its codes change once per
   * conversion.
   */
  private wordCat(parts: { js: Js; width: number }[], width: number, out: string[]): string {
    const nWords = Math.ceil(width / 32);
    const terms: string[][] = Array.from({ length: nWords }, () => []);
    let offset = 0;
    for (let i = parts.length - 1; i >= 0; i--) {
      const { js, width: pw } = parts[i];
      const word = offset >>> 5;
      const shift = offset & 31;
      const straddles = shift + pw > 32;
      let code = js.code;
      if (straddles && !js.atomic) {
        code = `$${this.temps.next++}`;
        out.push(`const ${code} = ${js.code};`);
      }
      terms[word].push(shift === 0 ? code : `(${code} << ${shift})`);
      if (straddles) terms[word + 1].push(`(${code} >>> ${32 - shift})`);
      offset += pw;
    }
    const cache = this.siteCache('$catCache', nWords);
    const stores = terms.map((t, j) => `${cache}.p[${j}] = ${t.length === 1 ? t[0] : `(${t.join(' | ')})`}`);
    return `(${stores.join(', ')}, $fromWords(${cache}))`;
  }

  // A comparison's bit is `+(a === b)`, not `(a === b ? 1 : 0)`: V8 compiles the conditional
  // to a branch, which random data mispredicts half the time (measured 6x slower on random
  // values in a loop); the unary plus converts the boolean without one.
  private unary(op: string, a: string, ta: IrType, w: number): string {
    const big = ta.width > 32;
    const wa = ta.width;
    switch (op) {
      case 'not':
        return big ? `(${a} ^ ${hex(maskBig(w))}n)` : w === 32 ? `(~${a} >>> 0)` : `(~${a} & ${hex(maskNum(w))})`;
      case 'neg':
        return big ? `$asU(${w}, -${a})` : wrapNum(`-${a}`, w);
      case 'andr':
        return big ? `+(${a} === ${hex(maskBig(wa))}n)` : `+(${a} === ${hex(maskNum(wa))})`;
      case 'orr':
        return big ? `+(${a} !== 0n)` : `+(${a} !== 0)`;
      case 'xorr':
        return big ? `$parityBig(${a})` : `$parity32(${a})`;
      default:
        throw new SimError(`unknown unary op '${op}'`);
    }
  }

  private binary(e: Extract<IrExpr, { kind: 'binary' }>, ja: Js, jb: Js): string {
    const a = ja.code;
    const b = jb.code;
    const ta = e.a.type;
    const w = e.type.width;
    const big = ta.width > 32;
    switch (e.op) {
      case 'add':
      case 'sub':
        return big ? `$asU(${w}, ${a} ${e.op === 'add' ? '+' : '-'} ${b})` : wrapNum(`${a} ${e.op === 'add' ? '+' : '-'} ${b}`, w);
      case 'mul':
        return big ? `$asU(${w}, ${a} * ${b})` : wrapNum(`Math.imul(${a}, ${b})`, w);
      case 'and':
      case 'or':
      case 'xor': {
        const sym = e.op === 'and' ? '&' : e.op === 'or' ? '|' : '^';
        return !big && w === 32 ? `((${a} ${sym} ${b}) >>> 0)` : `(${a} ${sym} ${b})`;
      }
      case 'eq':
        return `+(${a} === ${b})`;
      case 'neq':
        return `+(${a} !== ${b})`;
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const sym = { lt: '<', le: '<=', gt: '>', ge: '>=' }[e.op];
        if (!ta.signed) return `+(${a} ${sym} ${b})`;
        // Flipping the sign bit maps two's complement order onto unsigned order.
        if (big) {
          const s = `${hex(1n << BigInt(ta.width - 1))}n`;
          return `+((${a} ^ ${s}) ${sym} (${b} ^ ${s}))`;
        }
        if (ta.width === 32) return `+((${a} | 0) ${sym} (${b} | 0))`;
        const s = hex(2 ** (ta.width - 1));
        return `+((${a} ^ ${s}) ${sym} (${b} ^ ${s}))`;
      }
      case 'shl':
      case 'shr':
        return this.shift(e.op, a, ta, e.b, jb);
    }
  }

  /** Dynamic shifts: the amount may have any width; amounts >= W shift everything out. */
  private shift(op: 'shl' | 'shr', a: string, ta: IrType, amountExpr: IrExpr, amount: Js): string {
    const w = ta.width;
    const big = w > 32;
    const amountBig = amountExpr.type.width > 32;
    const constAmount = amountExpr.kind === 'const' ? amountExpr.value : undefined;
    if (!amount.atomic) throw new SimError('internal: shift amount must be atomic');
    const n = amount.code;
    // `limit` tests "amount >= k" in the amount's own representation.
    const atLeast = (k: number) => (amountBig ? `${n} >= ${k}n` : `${n} >= ${k}`);
    const asNumber = amountBig ? `Number(${n})` : n;
    const asBigInt = amountBig ? n : `BigInt(${n})`;

    if (op === 'shl') {
      if (constAmount !== undefined) {
        const k = Number(constAmount >= BigInt(w) ? BigInt(w) : constAmount);
        if (k >= w) return big ? '0n' : '0';
        if (k === 0) return a;
        return big ? `$asU(${w}, ${a} << ${k}n)` : wrapNum(`${a} << ${k}`, w);
      }
      return big
        ? `(${atLeast(w)} ? 0n : $asU(${w}, ${a} << ${asBigInt}))`
        : `(${atLeast(w)} ? 0 : ${wrapNum(`${a} << ${asNumber}`, w)})`;
    }
    if (!ta.signed) {
      if (constAmount !== undefined) {
        const k = Number(constAmount >= BigInt(w) ? BigInt(w) : constAmount);
        if (k >= w) return big ? '0n' : '0';
        if (k === 0) return a;
        return big ? `(${a} >> ${k}n)` : `(${a} >>> ${k})`;
      }
      return big ? `(${atLeast(w)} ? 0n : (${a} >> ${asBigInt}))` : `(${atLeast(w)} ? 0 : (${a} >>> ${asNumber}))`;
    }
    // Arithmetic shift: shifting a sign-extended value by >= W-1 leaves only sign bits, so clamp the amount.
    if (big) {
      const clamped = constAmount !== undefined ? `${constAmount > BigInt(w) ? BigInt(w) : constAmount}n` : `(${atLeast(w)} ? ${w}n : ${asBigInt})`;
      return `$asU(${w}, $asI(${w}, ${a}) >> ${clamped})`;
    }
    const clamped = constAmount !== undefined ? `${constAmount > 31n ? 31 : Number(constAmount)}` : `(${atLeast(31)} ? 31 : ${asNumber})`;
    return wrapNum(`${signedNum(a, w)} >> ${clamped}`, w);
  }
}

/** Parts (most significant first) of at most 32 bits in all, joined as one number. */
function numberCat(parts: { code: string; width: number }[]): string {
  let offset = 0;
  const terms: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    terms.push(offset === 0 ? parts[i].code : `(${parts[i].code} << ${offset})`);
    offset += parts[i].width;
  }
  if (terms.length === 1) return terms[0];
  const joined = terms.reverse().join(' | ');
  return offset === 32 ? `((${joined}) >>> 0)` : `(${joined})`;
}

/**
 * Parts (most significant first) joined as a BigInt. Runs of narrow parts are packed into
 * numbers of up to 32 bits first: every BigInt operation allocates, and a 256-bit word of
 * 32 8-bit codes took 96 of them (8 now).
 */
function bigCat(parts: { code: string; width: number }[]): string {
  const terms: string[] = [];
  let offset = 0;
  let run: { code: string; width: number }[] = [];
  let runWidth = 0;
  const flush = () => {
    if (!run.length) return;
    const v = `BigInt(${numberCat(run.reverse())})`;
    terms.push(offset === 0 ? v : `(${v} << ${offset}n)`);
    offset += runWidth;
    run = [];
    runWidth = 0;
  };
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p.width > 32) {
      flush();
      terms.push(offset === 0 ? p.code : `(${p.code} << ${offset}n)`);
      offset += p.width;
      continue;
    }
    if (runWidth + p.width > 32) flush();
    run.push(p);
    runWidth += p.width;
  }
  flush();
  return terms.length === 1 ? terms[0] : `(${terms.reverse().join(' | ')})`;
}

/** A slice of at most 32 bits of a wide value `x`, or of `x` shifted right (unsigned) by `amount`. */
interface WideRead {
  x: IrExpr;
  amount: IrExpr | null;
}

function wideRead(e: IrExpr): WideRead | null {
  if (e.kind !== 'slice' || e.type.width > 32 || e.a.type.width <= 32) return null;
  const a = e.a;
  if (a.kind === 'binary' && a.op === 'shr' && !a.a.type.signed && a.b.type.width <= 32) return { x: a.a, amount: a.b };
  return { x: a, amount: null };
}

/** The expressions a node's code is built from: its operands, or what a wide read reads. */
function inputsOf(e: IrExpr): IrExpr[] {
  const read = wideRead(e);
  if (!read) return operands(e);
  return read.amount && read.amount.kind !== 'const' ? [read.x, read.amount] : [read.x];
}

/** `cond` as bit `bit` of `index` (a one-bit slice), or null. */
function bitOf(cond: IrExpr): { index: IrExpr; bit: number } | null {
  return cond.kind === 'slice' && cond.hi === cond.lo ? { index: cond.a, bit: cond.lo } : null;
}

/** The IR's width invariants this code generator relies on (a violation would silently compute garbage). */
function checkWidths(e: IrExpr): void {
  const w = e.type.width;
  const fail = (what: string) => {
    throw new SimError(`malformed IR ${e.kind}${'op' in e ? ` '${e.op}'` : ''} of ${w} bits: ${what}`);
  };
  if (!Number.isInteger(w) || w < 1) fail('width must be a positive integer');
  switch (e.kind) {
    case 'unary':
      if (['andr', 'orr', 'xorr'].includes(e.op) ? w !== 1 : w !== e.a.type.width) fail(`operand has ${e.a.type.width} bits`);
      break;
    case 'binary':
      if (e.op === 'shl' || e.op === 'shr') {
        if (w !== e.a.type.width) fail(`shifted operand has ${e.a.type.width} bits`);
      } else if (e.a.type.width !== e.b.type.width) fail(`operands have ${e.a.type.width} and ${e.b.type.width} bits`);
      else if (['eq', 'neq', 'lt', 'le', 'gt', 'ge'].includes(e.op) ? w !== 1 : w !== e.a.type.width) fail(`operands have ${e.a.type.width} bits`);
      break;
    case 'mux':
      if (e.cond.type.width !== 1) fail(`condition has ${e.cond.type.width} bits`);
      if (e.a.type.width !== w || e.b.type.width !== w) fail(`arms have ${e.a.type.width} and ${e.b.type.width} bits`);
      break;
    case 'cast':
      if (e.a.type.width !== w) fail(`operand has ${e.a.type.width} bits`);
      break;
    default:
      break;
  }
}
