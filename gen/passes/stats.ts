// Size statistics of a design, for benchmarks and reports.
import type { IrDesign, IrExpr } from '../ir.ts';
import { moduleExprs, operands } from './walk.ts';

/** Distinct expression nodes plus declarations (ports, wires, regs, mems, instances). */
export function countIrNodes(design: IrDesign): number {
  let count = 0;
  for (const m of design.modules) {
    const seen = new Set<IrExpr>();
    const stack = moduleExprs(m);
    while (stack.length) {
      const e = stack.pop()!;
      if (seen.has(e)) continue;
      seen.add(e);
      stack.push(...operands(e));
    }
    count += seen.size + m.ports.length + m.wires.length + m.regs.length + m.mems.length + m.instances.length;
  }
  return count;
}
