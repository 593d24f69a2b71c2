// Errors raised by the DSL simulator: while compiling a design (unsupported
// constructs, combinational loops, malformed IR) or while driving it (bad
// poke values, unknown names).
export class SimError extends Error {
  override name = 'SimError';
}
