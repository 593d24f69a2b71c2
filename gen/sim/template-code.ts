// The generated code of a register template (templates.ts): one loop over the instances.
//
// A signal whose slot lies at the same distance from the instance's first register in
// every instance is read as `$s[$base + d]`; any other (an input wired to a neighbour, the
// reset is shared: a constant slot) through the instance's row of the frame table,
// `$s[$Fg[$at + j]]`.
import type { FlatDesign } from './flatten.ts';
import type { RegTemplate } from './templates.ts';
import type { IrExpr } from '../ir.ts';
import { ExprEmitter } from './expr-js.ts';
import type { GeneratedNames } from './expr-js.ts';
import { SimError } from './errors.ts';

/**
 * Muxes in a template loop are branch-free when neither arm is nested deeper than this (see
 * the mux in expr-js.ts). Measured in full evaluation (cycles/s): mesh 222 k at 0, 239 k at 4,
 * 243 k with every mux branch-free; MAC array 1.12 M, 1.08 M, 0.95 M.
 */
export const TEMPLATE_BRANCH_FREE_ARM_DEPTH = 4;

/**
 * How a loop over instances reaches each column's slot (slots[k][i]: column k's slot in instance
 * i): `$s[c]` when all instances share it, `$s[$base + d]` when it lies at the same distance
 * from the instance's slot of `baseColumn`, else through the instance's row of the frame
 * table `table` (`$base` first, then the other columns), `$s[table[$at + j]]`.
 */
export function frameAccess(slots: number[][], baseColumn: number, table: string): { code: string[]; frame: number[]; stride: number } {
  const bases = slots[baseColumn];
  const frameCols: number[] = [];
  const code = slots.map((c, k) => {
    if (c.every((s) => s === c[0])) return `$s[${c[0]}]`; // shared by all (a reset)
    const d = c[0] - bases[0];
    if (c.every((s, i) => s - bases[i] === d)) return d === 0 ? '$s[$base]' : `$s[$base ${d > 0 ? '+' : '-'} ${Math.abs(d)}]`;
    frameCols.push(k);
    return `$s[${table}[$at + ${frameCols.length}]]`;
  });
  const frame = bases.flatMap((base, i) => [base, ...frameCols.map((k) => slots[k][i])]);
  return { code, frame, stride: 1 + frameCols.length };
}

export interface TemplateCode {
  /** Top-level declarations: the frame table and the commit table. */
  decls: string[];
  /** The loop, a statement group for an edge function. */
  loop: string[];
  /** The commit of the next-state copies (empty when nothing is buffered). */
  commit: string[];
}

/**
 * Code for template `t` (number `g`), or undefined when its body would be longer than
 * `maxChars` (a loop cannot be split across functions; such a module stays flat).
 */
export function templateCode(
  flat: FlatDesign,
  t: RegTemplate,
  g: number,
  slotOf: (signal: number) => number,
  nextSlotOf: (signal: number) => number,
  temps: GeneratedNames,
  maxChars: number,
): TemplateCode | undefined {
  const first = t.instances[0];
  const regName = (signal: number) => flat.signals[signal].local;
  // Columns: every name the module's code reads or writes, then the next-state copies.
  const columns = t.names.map((name) => ({ key: name, slots: t.instances.map((inst) => slotOf(inst.scope.resolve(name))) }));
  const bufferedRegs = first.regs.filter((r) => t.buffered.has(regName(r.signal)));
  for (const [k, r] of bufferedRegs.entries()) {
    columns.push({ key: `\0next ${k}`, slots: t.instances.map((inst) => nextSlotOf(inst.regs[first.regs.indexOf(r)].signal)) });
  }
  if (columns.some((c) => c.slots.some((s) => s < 0))) return undefined; // a BigInt variable: not in $s
  const baseColumn = columns.findIndex((c) => c.key === regName(first.regs[0].signal));
  const { code, frame, stride } = frameAccess(columns.map((c) => c.slots), baseColumn, `$F${g}`);

  const index = new Map(columns.map((c, k) => [c.key, k]));
  const scope = {
    ...first.scope,
    resolve(name: string) {
      const k = index.get(name);
      if (k === undefined) throw new SimError(`internal: template of '${first.scope.module.name}' has no column for '${name}'`);
      return k;
    },
  };
  const typeOf = (k: number) => flat.signals[first.scope.resolve(columns[k].key)].type;
  const emitter = new ExprEmitter((k) => code[k], typeOf, temps, TEMPLATE_BRANCH_FREE_ARM_DEPTH);
  for (const r of first.regs) emitter.countUses(r.next, scope);
  emitter.newFunction();

  const body: string[] = [];
  const inPlace: string[] = [];
  const resetRef: IrExpr | undefined = t.resetName ? { kind: 'ref', name: t.resetName, type: typeOf(index.get(t.resetName)!) } : undefined;
  for (const r of first.regs) {
    const sig = flat.signals[r.signal];
    const w = sig.type.width;
    if (r.next.type.width !== w) throw new SimError(`register '${sig.name}' (${w} bits) gets a ${r.next.type.width}-bit next value`);
    let next = emitter.expr(r.next, scope, body);
    if (r.reset) {
      const value = r.reset.value;
      if (value < 0n || value >> BigInt(w) !== 0n) throw new SimError(`reset value ${value} of register '${sig.name}' does not fit ${w} bits`);
      next = `${emitter.atom(resetRef!, scope, body)} ? ${value} : ${next}`;
    }
    const v = `$${temps.next++}`;
    body.push(`const ${v} = ${next};`);
    const name = regName(r.signal);
    if (t.buffered.has(name)) body.push(`${code[index.get(`\0next ${bufferedRegs.indexOf(r)}`)!]} = ${v};`);
    else inPlace.push(`${code[index.get(name)!]} = ${v};`); // after every next value of the instance
  }
  body.push(...inPlace);
  if (body.reduce((n, l) => n + l.length, 0) > maxChars) return undefined;

  const module = first.scope.module.name;
  const decls = [`const $F${g} = new Int32Array([${frame.join(',')}]); // ${module}: ${t.instances.length} instances x ${stride} (first register's slot, then the signals read through the table)`];
  const commit: string[] = [];
  if (bufferedRegs.length) {
    const pairs = t.instances.flatMap((inst) => bufferedRegs.flatMap((r) => {
      const own = inst.regs[first.regs.indexOf(r)].signal;
      return [slotOf(own), nextSlotOf(own)];
    }));
    decls.push(`const $C${g} = new Int32Array([${pairs.join(',')}]); // ${module}: (register, next-state copy) slot pairs`);
    commit.push(`for (let $at = 0; $at < ${pairs.length}; $at += 2) $s[$C${g}[$at]] = $s[$C${g}[$at + 1]];`);
  }
  const loop = [
    `for (let $at = 0; $at < ${frame.length}; $at += ${stride}) { // the registers of ${t.instances.length} ${module} instances`,
    `  const $base = $F${g}[$at];`,
    ...body.map((l) => `  ${l}`),
    '}',
  ];
  return { decls, loop, commit };
}
