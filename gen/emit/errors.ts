// Errors the emitter raises when the IR breaks a rule it relies on. Emitting
// anyway would produce Verilog that silently computes something else.
import type { SourceLoc } from '../ir.ts';

export class EmitError extends Error {
  override name = 'EmitError';
  constructor(
    readonly problem: string,
    readonly loc?: SourceLoc,
  ) {
    super(loc ? `${loc}: ${problem}` : problem);
  }
}
