// Elaboration pipeline: collect and dedup modules, check, then simplify.
// Every step after the generator bodies ran is a pass over the IR.
import type { IrDesign } from './ir.ts';
import type { ModuleDef } from './dsl/module.ts';
import { collectModules } from './passes/dedup.ts';
import { checkCombLoops } from './passes/comb-loops.ts';
import { foldConstants } from './passes/fold.ts';
import { removeDeadWires } from './passes/dce.ts';

export interface ElaborateOptions {
  /** Fold constant expressions (default true). */
  fold?: boolean;
  /** Remove wires nothing reads (default true). */
  removeDead?: boolean;
}

export function elaborate(top: ModuleDef, options: ElaborateOptions = {}): IrDesign {
  let modules = collectModules(top);
  checkCombLoops({ top: top.ir.name, modules });
  if (options.fold !== false) modules = modules.map((m) => (m.kind === 'module' ? foldConstants(m) : m));
  if (options.removeDead !== false) modules = modules.map((m) => (m.kind === 'module' ? removeDeadWires(m) : m));
  return { top: modules[modules.length - 1].name, modules };
}
