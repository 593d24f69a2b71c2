// A small VCD reader (IEEE 1364 section 18): variable names with their scope
// path and each variable's value changes, values kept as normalised text so
// 4-state values (x, z) survive. Used to check VCDs against GTKWave's reader.

export interface VcdChanges {
  timescale: string;
  /** "scope.sub.name" -> [time, value] in file order; value is binary text without leading zeros, or a scalar 0/1/x/z. */
  byName: Map<string, [number, string][]>;
}

/** VCD left-extends a vector with its first bit when that is x or z, else with 0: drop what extension would add. */
function normalise(bits: string): string {
  const v = bits.toLowerCase();
  return v[0] === 'x' || v[0] === 'z' ? v.replace(/^(.)\1+/, '$1') : v.replace(/^0+(?=.)/, '');
}

export function readVcd(text: string): VcdChanges {
  const tokens = text.split(/\s+/).filter(Boolean);
  const scopes: string[] = [];
  const namesOf = new Map<string, string[]>(); // id code -> names (codes may be shared)
  const byName = new Map<string, [number, string][]>();
  let timescale = '';
  let time = 0;
  const change = (code: string, value: string) => {
    for (const name of namesOf.get(code) ?? []) byName.get(name)!.push([time, normalise(value)]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === '$timescale') {
      timescale = '';
      while (tokens[++i] !== '$end') timescale += tokens[i];
    } else if (tok === '$scope') {
      scopes.push(tokens[(i += 2)]);
      while (tokens[i] !== '$end') i++;
    } else if (tok === '$upscope') {
      scopes.pop();
      while (tokens[i] !== '$end') i++;
    } else if (tok === '$var') {
      const [, , code, name] = tokens.slice(i + 1, i + 5);
      const full = [...scopes, name].join('.');
      namesOf.set(code, [...(namesOf.get(code) ?? []), full]);
      byName.set(full, []);
      while (tokens[i] !== '$end') i++;
    } else if (tok === '$dumpvars' || tok === '$dumpon' || tok === '$dumpoff' || tok === '$dumpall' || tok === '$end') {
      continue;
    } else if (tok.startsWith('$')) {
      while (tokens[i] !== '$end') i++;
    } else if (tok.startsWith('#')) {
      time = Number(tok.slice(1));
    } else if (tok[0] === 'b' || tok[0] === 'B') {
      change(tokens[++i], tok.slice(1));
    } else if (tok[0] === 'r' || tok[0] === 'R') {
      i++; // real values: not used by neurotile
    } else {
      change(tok.slice(1), tok[0]);
    }
  }
  return { timescale, byName };
}

/** The changes with repeated values dropped (a writer may repeat a value at $dumpvars or a flush). */
export function distinctChanges(changes: [number, string][]): [number, string][] {
  return changes.filter((c, k) => k === 0 || c[1] !== changes[k - 1][1]);
}
