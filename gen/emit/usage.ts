// Which bits of each declared signal the emitted Verilog reads, and the sink
// for the rest. Verilator -Wall reports every unread bit (UNUSEDSIGNAL),
// including bits of an input that a design only partly slices and the carry
// bits of a wide temporary. Instead of switching the warning off, the module
// ends with one wire that reads exactly those bits:
//
//   wire _unused_ok = &{1'b0, x[15:8], y, 1'b0};
//
// Verilator exempts names matching its --unused-regexp (default "*unused*"),
// the value is constant 0 so synthesis removes it, and the list documents
// what the design leaves unread.

export interface Declared {
  name: string;
  width: number;
}

export class BitUsage {
  private readonly used = new Map<string, [number, number][]>();
  private readonly full = new Set<string>();

  /** Marks bits hi..lo of `name` as read. */
  use(name: string, hi: number, lo: number, width: number): void {
    if (this.full.has(name)) return;
    if (lo === 0 && hi === width - 1) {
      this.full.add(name);
      this.used.delete(name);
      return;
    }
    const list = this.used.get(name) ?? [];
    list.push([lo, hi]);
    this.used.set(name, list);
  }

  /** Unread bit ranges [hi, lo] of a signal, most significant first. */
  unread(sig: Declared): [number, number][] {
    if (this.full.has(sig.name)) return [];
    const read = new Array<boolean>(sig.width).fill(false);
    for (const [lo, hi] of this.used.get(sig.name) ?? []) for (let i = lo; i <= hi; i++) read[i] = true;
    const out: [number, number][] = [];
    for (let i = sig.width - 1; i >= 0; i--) {
      if (read[i]) continue;
      let lo = i;
      while (lo > 0 && !read[lo - 1]) lo--;
      out.push([i, lo]);
      i = lo;
    }
    return out;
  }
}

/** `x`, `x[3]`, `x[15:8]` for an unread range of a declared signal. */
export function rangeText(sig: Declared, hi: number, lo: number): string {
  if (sig.width === 1 || (hi === sig.width - 1 && lo === 0)) return sig.name;
  return hi === lo ? `${sig.name}[${hi}]` : `${sig.name}[${hi}:${lo}]`;
}

/** The sink wire's lines, or none when every bit is read. */
export function unusedSink(name: string, usage: BitUsage, signals: Declared[]): string[] {
  const parts = signals.flatMap((s) => usage.unread(s).map(([hi, lo]) => rangeText(s, hi, lo)));
  if (parts.length === 0) return [];
  const head = `  wire ${name} = &{1'b0, `;
  const oneLine = `${head}${parts.join(', ')}, 1'b0};`;
  const lines = ['  // Bits nothing reads: collected here so Verilator -Wall stays quiet without', "  // disabling UNUSEDSIGNAL (names matching *unused* are exempt); constant 0."];
  if (oneLine.length <= 100) return [...lines, oneLine];
  const pad = ' '.repeat(head.length - 1);
  return [...lines, `${head.trimEnd()}`, ...parts.map((p) => `${pad}${p},`), `${pad}1'b0};`];
}
