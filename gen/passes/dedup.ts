// Collects the modules of a design (children first) and emits structurally
// identical modules with identical parameters once. Two different modules
// that ended up with the same name get distinct names.
import { createHash } from 'node:crypto';
import type { IrModule } from '../ir.ts';
import type { ModuleDef } from '../dsl/module.ts';
import { ElaborationError } from '../dsl/errors.ts';

/** The module's structure without source locations (two elaborations at different lines are the same hardware). */
export function structuralKey(m: IrModule): string {
  const json = JSON.stringify(m, (key, v) => (key === 'loc' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
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
