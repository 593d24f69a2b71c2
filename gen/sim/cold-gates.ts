// Cold blocks in full evaluation. Under a busy stimulus the blocks of a design are bimodal:
// most either run in nearly every cycle or in almost none (the tile's comb code: 26% of it in
// more than 90% of the cycles, 60% in fewer than 10%; docs/bench.md). The full variant runs
// every block every cycle; given the blocks that ran in fewer than a tenth of the profiled
// cycles (the cold ones), it puts those behind gates, where a gate pays, and runs the rest as
// before.
//
// A cold block re-runs when its flag is set or when an input written by ungated code differs
// from the copy it took when it last ran (the reader compares: ungated writers change their
// values in most cycles, and marking their readers on every change is what made the activity
// variant slow). A cold writer flags its cold readers when its value changes (it runs rarely,
// so the change checks are rare too). Hot readers need nothing: they always run.
import type { ActivityPlan } from './activity.ts';
import type { FlatDesign } from './flatten.ts';
import { reprOf } from './expr-js.ts';

export class ColdGates {
  /** The gated blocks: the profile's cold blocks that no loop holds and whose gates pay (see the constructor). */
  private readonly cold = new Set<number>();
  /** Signal -> whether code behind a gate writes it (a cold comb block's target or a cold register). */
  private readonly coldWritten: boolean[];
  private readonly copies = new Map<string, string>();
  /** `let` declarations of the copies of BigInt inputs. */
  readonly decls: string[] = [];
  /** Signals that gates compare: ungated code must store them in $s. */
  readonly compared = new Set<number>();
  /** Cold block -> the inputs its gate compares. */
  private readonly inputs = new Map<number, number[]>();

  /**
   * `candidates`: the profile's cold blocks; `inLoop`: whether a block's code is part of a loop
   * over repeated instances (templates.ts, comb-templates.ts), which stays: a gate would unroll
   * it (on the crossbar, losing the lanes' SIMD kernel made full evaluation 6x slower). A block
   * is gated only where its gate costs less than it saves (gatePays).
   */
  constructor(
    private readonly flat: FlatDesign,
    private readonly plan: ActivityPlan,
    candidates: ReadonlySet<number>,
    inLoop: (block: number) => boolean,
    codeChars: (block: number) => number,
    private readonly vars: string[],
    private readonly flag: (block: number) => string,
    private readonly slot: (what: string) => string,
  ) {
    for (const b of candidates) if (!inLoop(b)) this.cold.add(b);
    this.coldWritten = flat.signals.map(() => false);
    // Dropping a block makes what it writes an input its cold readers compare: repeat until no gate loses.
    for (;;) {
      this.findInputs();
      const losing = [...this.cold].filter((b) => !gatePays(codeChars(b), this.inputs.get(b)?.length ?? 0));
      if (!losing.length) break;
      for (const b of losing) this.cold.delete(b);
    }
    for (const list of this.inputs.values()) for (const s of list) this.compared.add(s);
  }

  /** Each gated block's inputs that ungated code writes. */
  private findInputs(): void {
    const { plan, cold } = this;
    this.coldWritten.fill(false);
    this.inputs.clear();
    for (const b of plan.comb) if (cold.has(b.id)) for (const a of b.assigns) this.coldWritten[a.target] = true;
    for (const b of plan.edge) if (cold.has(b.id)) for (const r of b.regs) this.coldWritten[r.signal] = true;
    plan.readers.forEach((ids, signal) => {
      if (this.coldWritten[signal]) return;
      for (const b of ids) {
        if (!cold.has(b)) continue;
        let list = this.inputs.get(b);
        if (!list) this.inputs.set(b, (list = []));
        list.push(signal);
      }
    });
  }

  /** How many blocks are gated. */
  get size(): number {
    return this.cold.size;
  }

  isCold(block: number): boolean {
    return this.cold.has(block);
  }

  /** The flag stores after a cold writer changed `signal` ('' for an ungated writer). */
  marks(signal: number): string {
    if (!this.coldWritten[signal]) return '';
    return this.plan.readers[signal]
      .filter((b) => this.cold.has(b))
      .map((b) => `${this.flag(b)} = 1;`)
      .join(' ');
  }

  /** A cold block's statements behind its gate: its flag, or an ungated input that changed since it last ran. */
  gate(block: number, body: string[]): string[] {
    const inputs = this.inputs.get(block) ?? [];
    const copy = inputs.map((s) => this.copyOf(block, s));
    const changed = [`${this.flag(block)} !== 0`, ...inputs.map((s, k) => `${this.vars[s]} !== ${copy[k]}`)].join(' || ');
    return [`if (${changed}) {`, `  ${this.flag(block)} = 0;`, ...inputs.map((s, k) => `  ${copy[k]} = ${this.vars[s]};`), ...body.map((l) => `  ${l}`), '}'];
  }

  /** Block `block`'s copy of input `signal`; a copy starts at a value no signal has, but the block's flag makes it run first anyway. */
  private copyOf(block: number, signal: number): string {
    const key = `${block}:${signal}`;
    let v = this.copies.get(key);
    if (v === undefined) {
      const s = this.flat.signals[signal];
      if (reprOf(s.type.width) === 'big') {
        v = `$c${block}_${signal}`;
        this.decls.push(`let ${v} = -1n; // block ${block}'s copy of ${s.name}`);
      } else v = this.slot(`block ${block}'s copy of ${s.name}`);
      this.copies.set(key, v);
    }
    return v;
  }
}

/**
 * A gate compares each input with its copy in every cycle (`|| $s[125] !== $s[2553]`, about
 * 25 characters of code); a cold block, skipped in at least half of the cycles, saves at least
 * half of its code. Below this many characters of code per compared input the gate costs more
 * than it saves (the crossbar's lane selects: 18 inputs guarding ~200 characters).
 */
export const GATE_CHARS_PER_INPUT = 50;

function gatePays(codeChars: number, inputs: number): boolean {
  return codeChars >= GATE_CHARS_PER_INPUT * inputs;
}

/** The generated core's profile (SimCore.profile): cycles run in each variant at finished chunks, and each block's runs over the activity-based ones (indexed by block id). */
export interface RunProfile {
  activityCycles: number;
  fullCycles: number;
  runs: Float64Array;
}

/**
 * When a simulator regenerates its code with gates on the cold blocks: once the profile has
 * seen MIN_PROFILED_CYCLES activity-based cycles and the run has spent MIN_FULL_CYCLES in
 * full evaluation (only full evaluation gains). Regenerating costs ~0.55 s on the tile (0.29 s
 * generating the code, the rest V8's warm-up of it), about what its first 2^17 cycles of full
 * evaluation take: a run that stops right after pays at most twice its time, and a long one
 * gains the gates' 1.4x (the rent-or-buy rule).
 */
export const MIN_PROFILED_CYCLES = 1024;
export const MIN_FULL_CYCLES = 131072;
/**
 * A block that ran in fewer than this share of the profiled cycles goes behind a gate. Gating
 * the mesh's blocks that ran in 10-50% of the cycles made its full evaluation 0.93x as fast
 * (median of 9 paired runs); under 0.1 it stays at 1.03x, and the tile at 1.40x.
 */
export const COLD_BELOW = 0.1;

/**
 * The cold blocks of a profile: undefined while it is too short to tell. On the tile under
 * the bench's random stimulus, 69 of its 163 blocks, 62 of them gated (docs/bench.md).
 */
export function coldBlocksOf(p: RunProfile): Set<number> | undefined {
  if (p.activityCycles < MIN_PROFILED_CYCLES || p.fullCycles < MIN_FULL_CYCLES) return undefined;
  const cold = new Set<number>();
  p.runs.forEach((runs, block) => runs < COLD_BELOW * p.activityCycles && cold.add(block));
  return cold;
}
