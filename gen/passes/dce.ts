// Dead-signal removal: wires that nothing reads (transitively from outputs,
// registers, memories and instance inputs) are dropped.
import type { IrModule } from '../ir.ts';
import { forEachRef, moduleExprs } from './walk.ts';

export function removeDeadWires(m: IrModule): IrModule {
  const wireNames = new Set(m.wires.map((w) => w.name));
  const assignOf = new Map(m.assigns.map((a) => [a.target, a]));
  const live = new Set<string>();
  const stack: string[] = [];
  const mark = (name: string) => {
    if (!live.has(name)) {
      live.add(name);
      stack.push(name);
    }
  };
  // Roots: everything except the wires' own assignments.
  for (const e of moduleExprs({ ...m, assigns: m.assigns.filter((a) => !wireNames.has(a.target)) })) forEachRef(e, mark);
  while (stack.length) {
    const a = assignOf.get(stack.pop()!);
    if (a && wireNames.has(a.target)) forEachRef(a.expr, mark);
  }
  return {
    ...m,
    wires: m.wires.filter((w) => live.has(w.name)),
    assigns: m.assigns.filter((a) => !wireNames.has(a.target) || live.has(a.target)),
  };
}
