// Synchronous memories: `reg [W-1:0] mem [0:DEPTH-1]`, read-data registers,
// an `initial` block for initial contents, and one always block with every
// port of the memory (nonblocking, so reads see the old contents: read-first;
// of two writes to one address in a cycle the later port wins).
//
// Addresses that can exceed the depth are defined explicitly so every
// simulator agrees: such a read returns 0 and such a write is ignored.
import type { IrExpr, IrMem } from '../ir.ts';
import type { ExprEmitter, StmtContext } from './expr.ts';
import { locator } from './format.ts';
import { literal, typeDecl } from './literal.ts';
import type { Namespace } from './names.ts';

/** Entries zeroed one by one up to this count; beyond it, a for loop. */
const UNROLL_ZEROS = 8;

export interface MemoryText {
  /** Declaration rows (to be aligned with the other memories') and whole lines. */
  decls: (string[] | string)[];
  logic: string[];
}

/** `x`, `x[3]`, `8'd5`: safe to combine with && without parentheses. */
const isAtom = (t: string) => /^([A-Za-z_][\w$]*(\[\d+(:\d+)?\])?|\d+'[bdh][0-9a-f]+)$/.test(t);

export function emitMemory(mem: IrMem, clock: string, emitter: ExprEmitter, names: Namespace): MemoryText {
  const w = mem.type.width;
  const elem = typeDecl(w, mem.type.signed);
  const unread = mem.readPorts.length === 0;
  const undriven = mem.writePorts.length === 0 && !mem.init?.length;
  // The only lint waivers the emitter writes: a memory nobody reads or writes
  // cannot be fed to the unused-bits sink (it is an array).
  const waive = [unread ? 'UNUSEDSIGNAL' : '', undriven ? 'UNDRIVEN' : ''].filter(Boolean);
  const decls = [
    ...waive.map((w) => `  /* verilator lint_off ${w} */`),
    ['reg', elem, `${mem.name} [0:${mem.depth - 1}];`, locator(mem.loc, `${mem.depth} x ${w} bits`)],
    ...waive.map((w) => `  /* verilator lint_on ${w} */`),
    ...mem.readPorts.map((p) => ['reg', elem, `${p.name};`, locator(p.loc, `read data of ${mem.name}`)]),
  ];

  const logic: string[] = [];
  if (mem.init?.length) logic.push(...initialBlock(mem, names));

  const body: string[] = [];
  const before: string[] = [];
  const port = (base: string, loc: string): StmtContext => ({ base, loc, lines: before });
  const index = (addr: IrExpr, ctx: StmtContext) => address(mem, addr, emitter, ctx);
  mem.writePorts.forEach((p, i) => {
    const ctx = port(mem.writePorts.length === 1 ? `${mem.name}_w` : `${mem.name}_w${i}`, p.loc);
    const a = index(p.addr, ctx);
    const conds = [enable(p.en, emitter, ctx), a.inRange].filter((c): c is string => c !== undefined);
    const store = `${mem.name}[${a.index}] <= ${emitter.inline(p.data, ctx)};`;
    body.push(`    ${guard(conds)}${store} ${locator(p.loc, 'write')}`.trimEnd());
  });
  for (const p of mem.readPorts) {
    const ctx = port(p.name, p.loc);
    const a = index(p.addr, ctx);
    const en = enable(p.en, emitter, ctx);
    const value = a.inRange ? `${a.inRange} ? ${mem.name}[${a.index}] : ${literal(0n, w)}` : `${mem.name}[${a.index}]`;
    body.push(`    ${guard(en ? [en] : [])}${p.name} <= ${value}; ${locator(p.loc, 'read')}`.trimEnd());
  }
  if (body.length) logic.push(...before, `  always @(posedge ${clock}) begin ${locator(mem.loc)}`.trimEnd(), ...body, '  end');
  return { decls, logic };
}

function guard(conds: string[]): string {
  if (conds.length === 0) return '';
  const parts = conds.length === 1 ? conds : conds.map((c) => (isAtom(c) ? c : `(${c})`));
  return `if (${parts.join(' && ')}) `;
}

/** The enable's text, or undefined when it is constant 1. */
function enable(en: IrExpr, emitter: ExprEmitter, ctx: StmtContext): string | undefined {
  if (en.kind === 'const' && en.value === 1n) return undefined;
  return emitter.inline(en, ctx);
}

/**
 * The index expression (exactly addrWidth bits, unsigned: a signed index
 * would read a negative value as out of range) and the range check, if
 * the address can exceed the depth.
 */
function address(mem: IrMem, addr: IrExpr, emitter: ExprEmitter, ctx: StmtContext): { index: string; inRange?: string } {
  const aw = addr.type.width;
  const need = mem.addrWidth;
  const canExceed = aw >= 31 || 2 ** aw > mem.depth;
  const a = canExceed ? emitter.asSignal(addr, ctx, 'addr') : addr;
  let index: string;
  if (aw === need) index = emitter.unsigned(a, ctx);
  else if (aw < need) index = emitter.inline({ kind: 'zext', a, type: { width: need, signed: false } }, ctx);
  else index = emitter.bits(a, need - 1, 0, ctx);
  const inRange = canExceed ? `${emitter.unsigned(a, ctx)} < ${literal(BigInt(mem.depth), aw)}` : undefined;
  return { index, inRange };
}

function initialBlock(mem: IrMem, names: Namespace): string[] {
  const w = mem.type.width;
  const init = mem.init ?? [];
  const lines = [`  initial begin ${locator(mem.loc, `initial contents of ${mem.name}`)}`.trimEnd()];
  init.forEach((v, i) => lines.push(`    ${mem.name}[${i}] = ${literal(v, w)};`));
  const rest = mem.depth - init.length;
  if (rest > 0 && rest <= UNROLL_ZEROS) {
    for (let i = init.length; i < mem.depth; i++) lines.push(`    ${mem.name}[${i}] = ${literal(0n, w)};`);
  } else if (rest > 0) {
    const i = names.fresh(`${mem.name}_init_i`);
    lines.unshift(`  integer ${i};`);
    lines.push(`    for (${i} = ${init.length}; ${i} < ${mem.depth}; ${i} = ${i} + 1) ${mem.name}[${i}] = ${literal(0n, w)};`);
  }
  lines.push('  end');
  return lines;
}
