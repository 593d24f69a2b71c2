// JavaScript variable names for the generated simulator. Signals keep their
// design names ("a.count" -> a$count) so the generated source reads like the
// design; everything the generator invents starts with '$', which a sanitized
// design name never does, so the two can never clash.

const RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function if implements import in instanceof interface let new null package ' +
    'private protected public return static super switch this throw true try typeof undefined var void while ' +
    'with yield NaN Infinity BigInt Math Number Array Uint32Array Object String Error'
  ).split(' '),
);

/** Hands out unique JS identifiers for hierarchical signal names. */
export class JsNamer {
  private readonly taken = new Set<string>();

  /** "inst.sub.sig" -> "inst$sub$sig"; other illegal characters become '_'; suffixed _2, _3, ... on a clash. */
  signal(hierName: string): string {
    let base = hierName
      .split('.')
      .map((part) => part.replace(/[^A-Za-z0-9_]/g, '_'))
      .join('$');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}
