// Verilog identifiers inside one module: the design's names are kept as they
// are; generated names (instance outputs, temporaries) get a numeric suffix
// only when they would clash.
import { isKeyword } from '../dsl/names.ts';
import { EmitError } from './errors.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function isLegalIdentifier(name: string): boolean {
  return IDENT.test(name) && !isKeyword(name);
}

export class Namespace {
  private readonly taken = new Set<string>();

  /** Claims a name from the design exactly as written (it must be legal and unique). */
  claim(name: string, what: string, loc?: string): string {
    if (isKeyword(name)) throw new EmitError(`${what} name '${name}' is a Verilog keyword`, loc);
    if (!isLegalIdentifier(name)) throw new EmitError(`${what} name '${name}' is not a legal Verilog identifier`, loc);
    if (this.taken.has(name)) throw new EmitError(`${what} name '${name}' is declared twice`, loc);
    this.taken.add(name);
    return name;
  }

  /** A fresh name based on `base` (made legal), suffixed _1, _2, ... if taken. Deterministic in call order. */
  fresh(base: string): string {
    let clean = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
    let name = clean;
    for (let n = 1; this.taken.has(name) || isKeyword(name); n++) name = `${clean}_${n}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
