// Collects the modules of a design (children first) and emits structurally
// identical modules with identical parameters once. Two different modules
// that ended up with the same name get distinct names.
import { createHash } from 'node:crypto';
import type { IrExpr, IrModule } from '../ir.ts';
import { operands } from './walk.ts';
import type { ModuleDef } from '../dsl/module.ts';
import { ElaborationError } from '../dsl/errors.ts';

/**
 * A digest of one expression DAG, computed iteratively (deep mux or adder
 * chains must not overflow the stack) and shared subtrees hashed once.
 */
function exprDigest(root: IrExpr, memo: Map<IrExpr, string>): string {
  const stack: IrExpr[] = [root];
  while (stack.length) {
    const e = stack[stack.length - 1];
    if (memo.has(e)) {
      stack.pop();
      continue;
    }
    const pending = operands(e).filter((o) => !memo.has(o));
    if (pending.length) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    const { a, b, cond, parts, ...own } = e as IrExpr & { a?: IrExpr; b?: IrExpr; cond?: IrExpr; parts?: IrExpr[] };
    const children = operands(e).map((o) => memo.get(o)).join(',');
    const text = JSON.stringify(own, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)) + children;
    memo.set(e, createHash('sha1').update(text).digest('base64'));
  }
  return memo.get(root)!;
}

/** The module's structure without source locations (two elaborations at different lines are the same hardware). */
export function structuralKey(m: IrModule): string {
  const memo = new Map<IrExpr, string>();
  const json = JSON.stringify(m, (key, v) => {
    if (key === 'loc') return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    // Expressions are replaced by their digests.
    if (v && typeof v === 'object' && 'kind' in v && 'type' in v && typeof v.kind === 'string' && !('ports' in v)) return exprDigest(v, memo);
    return v;
  });
  return createHash('sha256').update(json).digest('hex');
}

/** All modules under `top`, children before parents, deduplicated and uniquely named. */
export function collectModules(top: ModuleDef): IrModule[] {
  const finalName = new Map<ModuleDef, string>();
  const byKey = new Map<string, string>(); // structural key (with original name) -> final name
  const taken = new Set<string>();
  const out: IrModule[] = [];
  const visit = (def: ModuleDef) => {
    if (finalName.has(def)) return;
    for (const child of def.children) visit(child);
    // Children may have been renamed: point instances at their final names first.
    const childNames = new Map(def.children.map((c) => [c.ir.name, finalName.get(c)!]));
    const ir: IrModule = {
      ...def.ir,
      instances: def.ir.instances.map((i, k) => ({ ...i, module: finalName.get(def.children[k]) ?? childNames.get(i.module)! })),
    };
    const key = structuralKey(ir);
    const existing = byKey.get(key);
    if (existing) {
      finalName.set(def, existing);
      return;
    }
    let name = ir.name;
    if (ir.kind === 'blackbox' && taken.has(name)) {
      // A black box's name is the external module's name: it cannot be changed.
      throw new ElaborationError(`black box '${name}' is declared twice with different ports or source`, ir.loc);
    }
    for (let n = 2; taken.has(name); n++) name = `${ir.name}_v${n}`;
    taken.add(name);
    byKey.set(key, name);
    finalName.set(def, name);
    out.push({ ...ir, name });
  };
  visit(top);
  return out;
}
