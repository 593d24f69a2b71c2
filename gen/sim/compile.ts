// compileSim: IrDesign -> a cycle-based, two-state simulator running as
// generated JavaScript. The hierarchy is flattened (instances inlined, signals
// addressed as "inst.sub.sig"); see codegen.ts for the generated code's shape.
import type { IrDesign } from '../ir.ts';
import { flattenDesign, type FlatAssign, type FlatDesign, type FlatSignal, type Scope, type SignalKind } from './flatten.ts';
import { scheduleAssigns } from './schedule.ts';
import { DEFAULT_EVALUATION, generateSimSource, type CoreHooks, type EvaluationPolicy, type NarrowColumn, type SimCore } from './codegen.ts';
import { reprOf } from './expr-js.ts';
import { VcdWriter, type VcdScope } from './vcd.ts';
import { SimError } from './errors.ts';
import { coldBlocksOf } from './cold-gates.ts';

export { SimError } from './errors.ts';

export interface SimOptions {
  /** true: keep a VCD in memory (read it with vcdText()); a path: write the VCD there (completed by close()). */
  vcd?: boolean | string;
  /**
   * Seed: every register (and memory read-data register) starts at a random
   * value drawn from this seed instead of 0, as real flip-flops do; a design
   * must then reset everything it relies on. Absent: everything starts at 0.
   */
  randomInit?: number;
  /**
   * Size of an evaluation block in IR nodes (activity.ts): a block of logic re-runs only when
   * a signal it reads changed. Smaller blocks skip more work but cost more bookkeeping;
   * 1 puts every assignment and register in a block of its own. Default 160.
   */
  blockNodes?: number;
  /**
   * Characters of generated code per function (default 16000: V8 optimizes smaller functions
   * sooner and none above 60 KiB of bytecode). Tests make it tiny, so that every boundary
   * between functions, which the code must not reach across, is crossed.
   */
  functionChars?: number;
  /**
   * The shortest loop body (characters of generated code) for which the full variant computes
   * the comb logic of repeated instances in one loop (comb-templates.ts; default 400). Tests
   * make it 0, so that every group that can run as a loop does.
   */
  combLoopMinChars?: number;
  /**
   * Whether the full variant runs comb loops it can lower as WebAssembly SIMD, four instances
   * per step (wasm/lane-kernel.ts; default true). false keeps every loop in JavaScript.
   */
  simd?: boolean;
  /**
   * 'adaptive' (default): activity-based, switching to full evaluation for a while when most
   * blocks run anyway; 'activity' or 'full' to stay in one; or the whole policy (codegen.ts
   * EvaluationPolicy), e.g. short chunks that make a test switch often.
   */
  evaluation?: EvaluationPolicy['mode'] | EvaluationPolicy;
  /**
   * Blocks (activity.ts ids) that the full variant runs behind gates (cold-gates.ts) instead
   * of every cycle. Default 'profile': a long run regenerates its code once, gating those of
   * the blocks its own profile found cold (coldBlocksOf) whose gates pay; 'none' never gates;
   * a set (tests) gates every block it names, paying or not.
   */
  coldBlocks?: ReadonlySet<number> | 'profile' | 'none';
}

export interface SignalInfo {
  name: string;
  index: number;
  width: number;
  signed: boolean;
  kind: SignalKind;
  /** A top-level data input: poke() accepts it. */
  pokeable: boolean;
}

/** How often (cycles) a run looks at its profile for cold blocks, until it regenerated its code once. */
const REGATE_CHECK_CYCLES = 16384;

/** Time units per clock cycle in the VCD; the clock rises half way through each cycle. */
const VCD_CYCLE = 10;

export class DslSimulator {
  /** Rising clock edges so far. */
  cycle = 0;
  readonly top: string;
  private readonly flat: FlatDesign;
  private readonly order: FlatAssign[];
  private readonly generate: Parameters<typeof generateSimSource>[2];
  private readonly hooks: CoreHooks;
  private generated: string;
  private core: SimCore;
  /** 'profile': the cycle at which to look at the profile next; done once the code was regenerated (or never will be). */
  private regateAt: number | 'done';
  private gated = 0;
  private readonly mems: (Uint32Array | bigint[])[];
  private readonly vcd: VcdWriter | null;
  private readonly vcdValues: (number | bigint)[] = [];

  constructor(design: IrDesign, options: SimOptions = {}) {
    this.flat = flattenDesign(design);
    this.top = this.flat.topModule.name;
    this.order = scheduleAssigns(this.flat.assigns, this.flat.signals);
    for (const key of ['blockNodes', 'functionChars'] as const) {
      const n = options[key];
      if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw new SimError(`${key} must be a whole number >= 1, got ${n}`);
    }
    const loopChars = options.combLoopMinChars;
    if (loopChars !== undefined && !(Number.isInteger(loopChars) && loopChars >= 0)) throw new SimError(`combLoopMinChars must be a whole number >= 0, got ${loopChars}`);
    const cold = options.coldBlocks ?? 'profile';
    if (cold !== 'profile' && cold !== 'none' && !(cold instanceof Set)) throw new SimError(`coldBlocks must be 'profile', 'none' or a set of block ids, got ${String(cold)}`);
    this.generate = {
      blockNodes: options.blockNodes,
      evaluation: evaluationPolicy(options.evaluation),
      functionChars: options.functionChars,
      combLoopMinChars: loopChars,
      simd: options.simd,
    };
    const generated = generateSimSource(this.flat, this.order, { ...this.generate, coldBlocks: typeof cold === 'string' ? undefined : { blocks: cold, judged: false } });
    this.generated = generated.source;
    this.gated = generated.gatedBlocks;
    // Only the adaptive policy both profiles (activity-based chunks) and gains (full ones); a VCD samples through the slow path.
    this.regateAt = cold === 'profile' && this.generate.evaluation!.mode === 'adaptive' && !options.vcd ? REGATE_CHECK_CYCLES : 'done';
    this.mems = this.flat.mems.map((m) => memStorage(m.name, m.type.width, m.depth, m.init));
    const signals = this.flat.signals;
    this.hooks = {
      mems: this.mems,
      fit: (i, v) => fitValue(signals[i], v),
      notAnInput: (i) => {
        const s = signals[i];
        throw new SimError(s ? `cannot poke '${s.name}': ${notPokeableReason(s)}` : `no signal with index ${i}`);
      },
      noSignal: (i) => {
        throw new SimError(`no signal with index ${i} (the design has ${signals.length})`);
      },
    };
    this.core = new Function('$hooks', this.generated)(this.hooks) as SimCore;
    if (options.randomInit !== undefined) randomizeState(this.core, signals, options.randomInit);
    this.vcd = options.vcd ? new VcdWriter(vcdScope(this.flat.root, signals, this.top), typeof options.vcd === 'string' ? { path: options.vcd } : {}) : null;
  }

  /** The generated JavaScript, for reading and debugging (after a regeneration: the code that runs now). */
  get source(): string {
    return this.generated;
  }

  /** How many blocks the running code gates in full evaluation (0 until a profile chose some). */
  get gatedBlocks(): number {
    return this.gated;
  }

  /**
   * Once a long adaptive run's profile names cold blocks: the same design generated again
   * with them gated (cold-gates.ts), and the state carried over (registers, memory read
   * data, inputs; the memories are shared). Values and cycle count are unchanged.
   */
  private maybeRegate(): void {
    if (this.regateAt === 'done' || this.cycle < this.regateAt) return;
    this.regateAt = this.cycle + REGATE_CHECK_CYCLES;
    const cold = coldBlocksOf(this.core.profile());
    if (!cold) return;
    this.regateAt = 'done';
    if (!cold.size) return;
    const { source, gatedBlocks } = generateSimSource(this.flat, this.order, { ...this.generate, coldBlocks: { blocks: cold, judged: true } });
    if (!gatedBlocks) return; // no gate would pay (loops hold the cold blocks, or their gates cost more than they save)
    const core = new Function('$hooks', source)(this.hooks) as SimCore;
    const values: (number | bigint)[] = [];
    this.core.snapshot(values);
    for (const s of this.flat.signals) {
      if (s.kind === 'reg' || s.kind === 'memdata') core.setState(s.index, values[s.index]);
      else if (s.pokeable) core.pokeIndex(s.index, values[s.index]);
    }
    this.core = core;
    this.generated = source;
    this.gated = gatedBlocks;
  }

  /** Every addressable signal (aliases such as an instance's clock are listed under their own names). */
  signals(): SignalInfo[] {
    return [...this.flat.byName].map(([name, index]) => {
      const s = this.flat.signals[index];
      return { name, index, width: s.type.width, signed: s.type.signed, kind: s.kind, pokeable: s.pokeable && name === s.name };
    });
  }

  /** Index of a signal for pokeIndex/peekIndex (any signal, hierarchical names allowed). */
  portIndex(name: string): number {
    const i = this.flat.byName.get(name);
    if (i === undefined) throw new SimError(`'${this.top}' has no signal named '${name}'${suggest(name, this.flat.byName)}`);
    return i;
  }

  /** Drives a top-level input (bit pattern; SInt inputs also take negative values). */
  poke(name: string, value: bigint | number): void {
    this.core.pokeIndex(this.portIndex(name), value);
  }

  /** The fast path of poke: no name lookup; `value` a number for inputs <= 32 bits wide avoids conversions. */
  pokeIndex(index: number, value: bigint | number): void {
    this.core.pokeIndex(index, value);
  }

  /** The current value as an unsigned bit pattern. */
  peek(name: string): bigint {
    return BigInt(this.core.peekIndex(this.portIndex(name)));
  }

  /** The current value read as two's complement. */
  peekSigned(name: string): bigint {
    const i = this.portIndex(name);
    return BigInt.asIntN(this.flat.signals[i].type.width, BigInt(this.core.peekIndex(i)));
  }

  /** The fast path of peek: a number for signals <= 32 bits wide, a bigint above. */
  peekIndex(index: number): number | bigint {
    return this.core.peekIndex(index);
  }

  /**
   * One cycle per row (the batch fast path): poke `rows[r][k]` into signal `inputs[k]`,
   * read signal `outputs[k]` into row r of `columns[k]`, or, where
   * outputWidths[k] > 52, as a bigint into [r * W + j] of `wide` (W outputs wider than 52
   * bits, j the number of them before k: BatchValues' layout), then one rising edge.
   */
  runRows(rows: ArrayLike<number | bigint>[], inputs: number[], outputs: number[], outputWidths: number[], columns: NarrowColumn[], wide: (bigint | undefined)[]): void {
    if (!this.vcd) {
      if (this.regateAt === 'done' || this.cycle + rows.length <= this.regateAt) {
        this.core.runRows(rows, inputs, outputs, outputWidths, columns, wide);
        this.cycle += rows.length;
        this.maybeRegate();
      } else this.runRowsRegating(rows, inputs, outputs, outputWidths, columns, wide);
      return;
    }
    const n = outputs.length;
    const wideColumn = wideColumns(outputWidths);
    const nWide = wideColumn.filter((j) => j >= 0).length;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let k = 0; k < inputs.length; k++) this.core.pokeIndex(inputs[k], row[k]);
      for (let k = 0; k < n; k++) {
        const v = this.core.peekIndex(outputs[k]);
        if (outputWidths[k] > 52) wide[r * nWide + wideColumn[k]] = BigInt(v);
        else columns[k][r] = Number(v);
      }
      this.step(1);
    }
  }

  /** A long batch in pieces that end where the profile is looked at: the code may be regenerated between them (maybeRegate). */
  private runRowsRegating(rows: ArrayLike<number | bigint>[], inputs: number[], outputs: number[], outputWidths: number[], columns: NarrowColumn[], wide: (bigint | undefined)[]): void {
    const nWide = outputWidths.filter((w) => w > 52).length;
    for (let from = 0; from < rows.length; ) {
      const to = this.regateAt === 'done' ? rows.length : Math.min(rows.length, Math.max(from + 1, from + this.regateAt - this.cycle));
      const part = Array.prototype.slice.call(rows, from, to) as ArrayLike<number | bigint>[];
      const partWide: (bigint | undefined)[] = nWide ? new Array((to - from) * nWide) : wide;
      this.core.runRows(part, inputs, outputs, outputWidths, columns.map((c) => c.subarray(from, to)), partWide);
      if (nWide) for (let i = 0; i < partWide.length; i++) wide[from * nWide + i] = partWide[i];
      this.cycle += to - from;
      this.maybeRegate();
      from = to;
    }
  }

  /** n rising clock edges. */
  step(n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new SimError(`step(n) needs a whole number of cycles >= 0, got ${n}`);
    if (!this.vcd) {
      // In pieces that end where the profile is looked at (maybeRegate), as in runRows.
      let left = n;
      do {
        const k = this.regateAt === 'done' ? left : Math.min(left, Math.max(1, this.regateAt - this.cycle));
        this.core.step(k);
        this.cycle += k;
        this.maybeRegate();
        left -= k;
      } while (left > 0);
      return;
    }
    for (let k = 0; k < n; k++) {
      this.sampleVcd(this.cycle * VCD_CYCLE, 0);
      this.core.step(1);
      this.sampleVcd(this.cycle * VCD_CYCLE + VCD_CYCLE / 2, 1);
      this.cycle++;
    }
  }

  /** Holds the top reset input high for `cycles` edges, then low. No-op for a design without reset. */
  reset(cycles = 1): void {
    const r = this.flat.reset;
    if (r === undefined) return;
    this.core.pokeIndex(r, 1);
    this.step(cycles);
    this.core.pokeIndex(r, 0);
  }

  /** A word of a memory ("inst.mem"), as a bit pattern. */
  peekMem(name: string, addr: number): bigint {
    const { mem, storage } = this.memory(name, addr);
    return BigInt(storage[addr] ?? (mem.type.width > 32 ? 0n : 0));
  }

  /** Overwrites a word of a memory (between clock edges, like a testbench backdoor). */
  pokeMem(name: string, addr: number, value: bigint | number): void {
    const { mem, storage } = this.memory(name, addr);
    const v = BigInt(value);
    if (v < 0n || v >> BigInt(mem.type.width) !== 0n) throw new SimError(`value ${value} does not fit memory '${name}' (${mem.type.width} bits)`);
    storage[addr] = (mem.type.width > 32 ? v : Number(v)) as never;
  }

  /** The VCD so far (with `vcd: true`). */
  vcdText(): string {
    if (!this.vcd) throw new SimError('this simulator was compiled without { vcd: true }');
    return this.vcd.text();
  }

  /** Ends the run: writes the last VCD sample and closes the file. */
  close(): void {
    if (!this.vcd) return;
    this.sampleVcd(this.cycle * VCD_CYCLE, 0);
    this.vcd.close();
  }

  private sampleVcd(time: number, clock: 0 | 1): void {
    this.core.snapshot(this.vcdValues);
    if (this.flat.clock !== undefined) this.vcdValues[this.flat.clock] = clock;
    this.vcd!.sample(time, this.vcdValues);
  }

  private memory(name: string, addr: number) {
    const k = this.flat.mems.findIndex((m) => m.name === name);
    if (k < 0) throw new SimError(`'${this.top}' has no memory named '${name}'`);
    const mem = this.flat.mems[k];
    if (!Number.isInteger(addr) || addr < 0 || addr >= mem.depth) throw new SimError(`address ${addr} is outside memory '${name}' (depth ${mem.depth})`);
    return { mem, storage: this.mems[k] };
  }
}

/** Random start values for every register and read-data register (splitmix32 from the seed: reproducible). */
function randomizeState(core: SimCore, signals: FlatSignal[], seed: number): void {
  if (!Number.isInteger(seed)) throw new SimError(`randomInit must be an integer seed, got ${seed}`);
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  for (const s of signals) {
    if (s.kind !== 'reg' && s.kind !== 'memdata') continue;
    const w = s.type.width;
    if (reprOf(w) === 'num') core.setState(s.index, w === 32 ? next() : next() % 2 ** w);
    else {
      let v = 0n;
      for (let b = 0; b < w; b += 32) v = (v << 32n) | BigInt(next());
      core.setState(s.index, BigInt.asUintN(w, v));
    }
  }
}

export function compileSim(design: IrDesign, options: SimOptions = {}): DslSimulator {
  return new DslSimulator(design, options);
}

/** A poked value as the bit pattern the generated code stores, or a SimError naming the port. */
function fitValue(s: FlatSignal, value: unknown): number | bigint {
  const { width, signed } = s.type;
  const describe = () => `${signed ? 'SInt' : 'UInt'}(${width}): ${signed ? `${-(1n << BigInt(width - 1))}..${(1n << BigInt(width)) - 1n}` : `0..${(1n << BigInt(width)) - 1n}`}`;
  if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) {
    throw new SimError(`cannot poke ${String(value)} into '${s.name}' (${describe()}): not an integer`);
  }
  let v = BigInt(value);
  if (signed && v < 0n && v >= -(1n << BigInt(width - 1))) v += 1n << BigInt(width);
  if (v < 0n || v >> BigInt(width) !== 0n) throw new SimError(`value ${value} does not fit input '${s.name}' (${describe()})`);
  return reprOf(width) === 'big' ? v : Number(v);
}

function notPokeableReason(s: FlatSignal): string {
  if (s.kind === 'clock') return 'the clock is driven by step()';
  if (s.kind === 'input') return 'it is an instance input (only top-level inputs can be poked)';
  return `it is ${s.kind === 'reg' ? 'a register' : s.kind === 'memdata' ? 'memory read data' : `an ${s.kind === 'output' ? 'output' : 'internal wire'}`}; only top-level inputs can be poked`;
}

function memStorage(name: string, width: number, depth: number, init: bigint[]): Uint32Array | bigint[] {
  init.forEach((v, i) => {
    if (v < 0n || v >> BigInt(width) !== 0n) throw new SimError(`init value ${v} at address ${i} of memory '${name}' does not fit ${width} bits`);
  });
  if (width > 32) return Array.from({ length: depth }, (_, i) => init[i] ?? 0n);
  // One word more than the depth: the sink that a disabled write port stores into (codegen.ts).
  const words = new Uint32Array(depth + 1);
  init.forEach((v, i) => (words[i] = Number(v)));
  return words;
}

function vcdScope(scope: Scope, signals: FlatSignal[], name: string): VcdScope {
  return {
    name,
    vars: scope.vars.map(({ local, signal }) => {
      const s = signals[signal];
      return { name: local, signal, width: s.type.width, kind: s.kind === 'reg' || s.kind === 'memdata' ? 'reg' : 'wire' };
    }),
    scopes: scope.children.map((c) => vcdScope(c.scope, signals, c.instance)),
  };
}

/** " (did you mean ...?)" for names that end like the unknown one. */
function suggest(name: string, names: Map<string, number>): string {
  const leaf = name.split('.').pop()!;
  const close = [...names.keys()].filter((n) => n.split('.').pop() === leaf).slice(0, 3);
  return close.length ? ` (did you mean ${close.map((n) => `'${n}'`).join(', ')}?)` : '';
}

/** The evaluation policy of SimOptions.evaluation, checked. */
function evaluationPolicy(e: SimOptions['evaluation']): EvaluationPolicy {
  if (e === undefined) return DEFAULT_EVALUATION;
  const mode = typeof e === 'string' ? e : e.mode;
  if (mode !== 'adaptive' && mode !== 'activity' && mode !== 'full') throw new SimError(`evaluation must be 'adaptive', 'activity' or 'full', got '${mode}'`);
  if (typeof e === 'string') return { ...DEFAULT_EVALUATION, mode };
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  for (const key of ['chunkCycles', 'fullChunks', 'maxFullChunks'] as const) if (!whole(e[key])) throw new SimError(`evaluation.${key} must be a whole number >= 1, got ${e[key]}`);
  if (!(e.fullAbove >= 0 && e.fullAbove <= 1)) throw new SimError(`evaluation.fullAbove must be a share between 0 and 1, got ${e.fullAbove}`);
  return { ...e };
}

/** Per output: its column among the outputs wider than 52 bits (runRows' `wide` layout), -1 for narrower ones. */
function wideColumns(widths: number[]): number[] {
  let column = 0;
  return widths.map((w) => (w > 52 ? column++ : -1));
}
