// The generated code of a comb template (comb-templates.ts): one loop over the instances,
// computing each instance's assignments in the module's order. Columns reach their slots as
// in a register template (frameAccess); a value nothing outside its instance reads stays in
// a local of the loop body.
import type { FlatDesign, Scope } from './flatten.ts';
import type { CombTemplate } from './comb-templates.ts';
import { ExprEmitter } from './expr-js.ts';
import type { GeneratedNames } from './expr-js.ts';
import { frameAccess, TEMPLATE_BRANCH_FREE_ARM_DEPTH } from './template-code.ts';
import { SimError } from './errors.ts';

export interface CombTemplateCode {
  /** The frame table, a top-level declaration. */
  decl: string;
  /** The loop, one statement group of a comb function. */
  loop: string[];
  /** The loop's body: one instance's statements. */
  body: string[];
}

/** Code for comb template `t` (number `g`); `stored(k)`: whether column k's value goes to its slot. */
export function combTemplateCode(flat: FlatDesign, t: CombTemplate, g: number, slotOf: (signal: number) => number, temps: GeneratedNames, stored: (column: number) => boolean): CombTemplateCode {
  const slots = t.columns.map((c) => c.map(slotOf));
  if (slots.some((c) => c.some((s) => s < 0))) throw new SimError(`internal: comb template of '${t.module}' has a signal outside $s`);
  const table = `$FC${g}`;
  const { code, frame, stride } = frameAccess(slots, t.targetColumn[0], table);
  // The first instance's scopes, reading column numbers instead of signals.
  const columnScopes = new Map<Scope, Scope>();
  const columnScope = (s: Scope): Scope => {
    let c = columnScopes.get(s);
    if (!c) {
      c = {
        ...s,
        resolve(name: string) {
          const k = t.columnOfSignal.get(s.resolve(name));
          if (k === undefined) throw new SimError(`internal: comb template of '${t.module}' has no column for '${name}'`);
          return k;
        },
      };
      columnScopes.set(s, c);
    }
    return c;
  };
  const first = t.assigns[0];
  const emitter = new ExprEmitter((k) => code[k], (k) => flat.signals[t.columns[k][0]].type, temps, TEMPLATE_BRANCH_FREE_ARM_DEPTH);
  for (const a of first) emitter.countUses(a.expr, columnScope(a.scope));
  emitter.newFunction();
  const body: string[] = [];
  first.forEach((a, j) => {
    const k = t.targetColumn[j];
    emitter.assign(k, a.expr, columnScope(a.scope), body, (x) => (stored(k) ? [`${code[k]} = ${x};`] : []), a.loc);
  });
  const n = t.instances.length;
  return {
    body,
    decl: `const ${table} = new Int32Array([${frame.join(',')}]); // ${t.module}: ${n} instances x ${stride} (first target's slot, then the signals read through the table)`,
    loop: [`for (let $at = 0; $at < ${frame.length}; $at += ${stride}) { // the comb logic of ${n} ${t.module} instances`, `  const $base = ${table}[$at];`, ...body.map((l) => `  ${l}`), '}'],
  };
}
