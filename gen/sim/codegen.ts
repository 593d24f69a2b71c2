// The flattened design -> the JavaScript source of a cycle-based simulator.
//
// Every signal up to 32 bits is a slot of one Uint32Array `$s`, a wider one a
// `let` BigInt named after it ("a.count" -> a$count). `$settle()` evaluates all
// combinational assignments in dependency order; `$step(n)` runs n clock edges
// (next state computed from the settled values, then committed); `$runRows`
// is the batch loop (poke, settle, sample outputs, edge per row).
// Evaluation is activity-based (activity.ts): a block of logic runs only when a
// signal it reads changed; registers are updated in place where that is safe.
// When most blocks run anyway (random data on every input), the bookkeeping costs
// more than it saves: the code also holds a full variant of every block (no flags,
// no change checks), and the adaptive policy (EvaluationPolicy) switches to it for
// a while when, over a chunk of cycles, at least a given share of the blocks ran.
// Large designs are split into functions of bounded code size so V8 still
// optimizes them (see CODE_CHARS_PER_FUNCTION).
import type { IrType } from '../ir.ts';
import type { FlatAssign, FlatDesign, FlatSignal } from './flatten.ts';
import { readsOf } from './flatten.ts';
import { EXPR_PRELUDE, ExprEmitter, reprOf } from './expr-js.ts';
import type { GeneratedNames } from './expr-js.ts';
import { JsNamer } from './names.ts';
import { SimError } from './errors.ts';
import { activityPlan, nodeCount, type ActivityPlan } from './activity.ts';
import { regTemplates } from './templates.ts';
import { templateCode } from './template-code.ts';
import { combTemplates, type CombItem, type CombTemplate } from './comb-templates.ts';
import { combTemplateCode } from './comb-template-code.ts';
import { LANES, laneKernel, type LaneKernel } from './wasm/lane-kernel.ts';
import { simdAvailable, wasmSetup } from './wasm/setup.ts';
import { ColdGates, type RunProfile } from './cold-gates.ts';

/** What the generated code needs from its host (passed in as `$hooks`). */
export interface CoreHooks {
  /** Storage of each memory, in FlatDesign.mems order: Uint32Array for elements <= 32 bits, else bigint[]. */
  mems: (Uint32Array | bigint[])[];
  /** Turns a poked value that is not already a bit pattern of the right JS type into one, or throws. */
  fit(signal: number, value: unknown): number | bigint;
  notAnInput(signal: number): never;
  noSignal(index: number): never;
}

/** Where runRows stores an output of at most 52 bits, a value per row: any typed array that holds it. */
export type NarrowColumn = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** The compiled simulator's inner loop, indexed by FlatSignal.index. */
export interface SimCore {
  settle(): void;
  step(n: number): void;
  pokeIndex(index: number, value: number | bigint): void;
  /** number for signals <= 32 bits wide, bigint above. */
  peekIndex(index: number): number | bigint;
  /** Copies every signal's current (settled) value into `out`. */
  snapshot(out: (number | bigint)[]): void;
  /** Overwrites a register or memory read-data register (a bit pattern of the right JS type), e.g. a random start state. */
  setState(index: number, value: number | bigint): void;
  /**
   * One cycle per row: poke row[k] into signal `inputs[k]`, settle, store signal
   * `outputs[k]` at [row] of `columns[k]` (if outputWidths[k] > 52, as a bigint in `wide` at
   * [row * W + j], W outputs wider than 52 bits, j of them before k), then one clock edge.
   * pokeIndex + peekIndex + step(1) without the calls.
   */
  runRows(rows: ArrayLike<number | bigint>[], inputs: number[], outputs: number[], outputWidths: number[], columns: NarrowColumn[], wide: (bigint | undefined)[]): void;
  /** Cycles run in each variant at finished chunks, and each block's runs over the activity-based ones (indexed by block id). */
  profile(): RunProfile;
}

// V8 optimizes no function whose bytecode exceeds 60 KiB (--max-optimized-bytecode-size):
// such a function stays interpreted, ~6x slower (a 600-line edge function of the 4x4 mesh
// did). A character of generated code is roughly a byte of bytecode; TurboFan also compiles
// smaller functions sooner (its time grows faster than linearly with the size).
const LINES_PER_FUNCTION = 600;
const CODE_CHARS_PER_FUNCTION = 16_000;
const CASES_PER_SWITCH = 512;

const typeName = (t: IrType) => `${t.signed ? 'SInt' : 'UInt'}(${t.width})`;
const zero = (width: number) => (reprOf(width) === 'big' ? '0n' : '0');
const literal = (v: bigint, width: number) => (reprOf(width) === 'big' ? `${v}n` : `${v}`);

/** The code of a generated line, without its trailing source-location comment. */
const codeLength = (line: string) => {
  const c = line.indexOf(' // @[');
  return c < 0 ? line.length : c;
};

/**
 * Groups of statements packed into functions of at most LINES_PER_FUNCTION lines and
 * `maxChars` characters; a group (a block, a statement) is never split.
 */
class FunctionPacker {
  private readonly chunks: string[][] = [];
  private size = 0;
  constructor(
    readonly base: string,
    private readonly maxChars = CODE_CHARS_PER_FUNCTION,
  ) {}

  /** Whether adding `lines` would start a new function (a group that reuses locals of the groups before it must then be emitted afresh). */
  startsNew(lines: string[]): boolean {
    const cur = this.chunks[this.chunks.length - 1];
    return !cur || (cur.length > 0 && (cur.length + lines.length > LINES_PER_FUNCTION || this.size + lines.reduce((k, l) => k + codeLength(l), 0) > this.maxChars));
  }

  /** The number of the function the next group goes into if it fits (-1 before any). */
  get current(): number {
    return this.chunks.length - 1;
  }

  /** Adds a group of lines; returns the number of the function it went into. */
  add(lines: string[]): number {
    const n = lines.reduce((k, l) => k + codeLength(l), 0);
    let cur = this.chunks[this.chunks.length - 1];
    if (this.startsNew(lines)) {
      this.chunks.push((cur = []));
      this.size = 0;
    }
    cur.push(...lines);
    this.size += n;
    return this.chunks.length - 1;
  }

  /** Adds `lines` as a function of their own (the next group starts another); returns its number. */
  addAlone(lines: string[]): number {
    this.chunks.push([...lines]);
    this.size = Infinity;
    return this.chunks.length - 1;
  }

  /** Adds lines to function `k` (a later one than any so far starts it): for a layout decided beforehand. */
  addTo(k: number, lines: string[]): void {
    while (this.chunks.length <= k) this.chunks.push([]);
    this.chunks[k].push(...lines);
  }

  names(): string[] {
    return this.chunks.map((_, i) => `${this.base}${i}`);
  }

  render(param = ''): string[] {
    return this.chunks.flatMap((lines, i) => [`function ${this.base}${i}(${param}) {`, ...lines.map((l) => `  ${l}`), '}']);
  }
}

/**
 * Where the generated code keeps state: every value up to 32 bits in one
 * Uint32Array `$s` (V8 reads and writes its elements far faster than the
 * variables of a huge closure), wider values in `let` BigInts.
 */
class StateSlots {
  count = 0;
  readonly table: string[] = [];
  slot(what: string): string {
    const k = this.count++;
    this.table.push(`// $s[${k}] ${what}`);
    return `$s[${k}]`;
  }
}

/**
 * Which evaluation the simulator uses. 'activity': only flagged blocks; 'full': every block
 * every cycle; 'adaptive': activity-based, judged every `chunkCycles` cycles: when at least
 * `fullAbove` of the blocks ran (block runs / (blocks x cycles)), a stint of full chunks
 * follows, then one activity-based chunk judges again. A stint starts at `fullChunks` and
 * doubles up to `maxFullChunks` while the judgement stays the same: each switch back costs
 * far more than the chunk it judges (measured on the crossbar: a stint of 8 chunks ran at
 * 45% of the full variant's speed, one of 128 at 75%). Both variants compute the same values.
 */
export interface EvaluationPolicy {
  mode: 'adaptive' | 'activity' | 'full';
  chunkCycles: number;
  fullChunks: number;
  maxFullChunks: number;
  fullAbove: number;
}

/**
 * The share of a templated register's cost that running it in a loop saves (templates.ts):
 * the 16x16 MAC array's registers ran 2.0x faster as one loop over the cells. The judge of
 * the adaptive policy lowers its threshold by this share of the design's nodes in templates.
 */
const TEMPLATE_SAVING = 0.5;
/**
 * The share of a gated block's cost that its gate saves in full evaluation (cold-gates.ts:
 * a cold block ran in under a tenth of the profiled cycles, most in almost none; the gate's
 * compares take part of the rest). The tile runs 37% of its
 * blocks per cycle under the bench's stimulus, next to the judge's threshold (0.355 of them):
 * counted as ungated, its gated full variant lost to activity-based evaluation in most chunks.
 */
const GATED_SAVING = 0.8;

/**
 * Under the bench's random stimulus the full variant ran 1.8x (MAC array), 1.4-1.9x (mesh) and
 * 2.4x (crossbar) faster than the activity-based one, which ran on par with it on the tile
 * (42% of its blocks per cycle): the break-even is near 0.4.
 */
export const DEFAULT_EVALUATION: EvaluationPolicy = { mode: 'adaptive', chunkCycles: 256, fullChunks: 16, maxFullChunks: 1024, fullAbove: 0.4 };

/**
 * The shortest comb loop body worth a loop (characters of code, every value stored): a loop
 * stores and reloads what flat code keeps in locals, and reaches its signals through the frame
 * table. The mesh's 80 round-robin arbiters (321 characters each) ran 4% slower as loops, the
 * crossbar's 64 DeviceNoise (536) and 64 NoisyRead (501) 1.16x faster (A/B in one process).
 */
export const COMB_LOOP_MIN_CHARS = 400;

/**
 * Blocks for the full variant to gate (cold-gates.ts). `judged`: only where the gate pays and no
 * loop over instances holds the block (a profile's cold blocks); else every one named (tests).
 */
export interface ColdBlocks {
  blocks: ReadonlySet<number>;
  judged: boolean;
}

/** The generated core's source, and how many blocks its full variant gates (of the cold ones asked for: cold-gates.ts). */
export interface GeneratedSim {
  source: string;
  gatedBlocks: number;
}

export function generateSimSource(flat: FlatDesign, order: FlatAssign[], options: { blockNodes?: number; evaluation?: EvaluationPolicy; functionChars?: number; combLoopMinChars?: number; simd?: boolean; coldBlocks?: ColdBlocks } = {}): GeneratedSim {
  const functionChars = options.functionChars ?? CODE_CHARS_PER_FUNCTION;
  const policy = options.evaluation ?? DEFAULT_EVALUATION;
  const namer = new JsNamer();
  const slots = new StateSlots();
  const names = flat.signals.map((s) => namer.signal(s.name));
  const vars = flat.signals.map((s, i) => (reprOf(s.type.width) === 'num' ? slots.slot(`${names[i]}: ${s.kind} ${typeName(s.type)}`) : names[i]));
  // Where each signal's value is read from: a plain copy reads its source's variable.
  const readVars = flat.signals.map((s) => vars[flat.sourceOf[s.index]]);
  const memNamer = new JsNamer();
  const memVars = flat.mems.map((m) => `$m_${memNamer.signal(m.name)}`);
  const temps: GeneratedNames = { next: 1, tables: [] };
  const signalType = (i: number) => flat.signals[i].type;
  const plan = activityPlan(flat, order, options.blockNodes);
  // Block flags: 1 when the block must run (a signal it reads changed). They live in $s too
  // (measured: faster than a separate Uint8Array, whose stores V8 cannot tell apart from $s's).
  const flagBase = slots.count;
  slots.count += plan.blockCount;
  if (plan.blockCount) slots.table.push(`// $s[${flagBase}..${flagBase + plan.blockCount - 1}] block flags: comb blocks first, then the register blocks`);
  const flag = (b: number) => `$s[${flagBase + b}]`;
  // Runs of each block in the current activity-based chunk (the judge's count and the profile: policyState).
  const runBase = slots.count;
  slots.count += plan.blockCount;
  if (plan.blockCount) slots.table.push(`// $s[${runBase}..${runBase + plan.blockCount - 1}] block runs in this chunk`);
  const marks = changeMarks(plan, flag);
  // Blocks the full variant runs behind gates (cold-gates.ts): none unless a profile named them; chosen once the loops are known.
  const cold = options.coldBlocks;
  const chooseGates = cold?.blocks.size
    ? (combLoops: CombTemplate[]) => {
        const held = cold.judged ? loopHeldBlocks(flat, plan, cold.blocks, combLoops) : new Set<number>();
        const chars = (b: number) => (cold.judged ? blockCodeChars(plan, b, vars, signalType) : Infinity);
        const gates = new ColdGates(flat, plan, cold.blocks, (b) => held.has(b), chars, vars, flag, (what) => slots.slot(what));
        return gates.size ? gates : undefined;
      }
    : undefined;
  const out: string[] = ['"use strict";', ...EXPR_PRELUDE, 'const { mems: $mems, fit: $fit, notAnInput: $notInput, noSignal: $noSignal } = $hooks;', ''];

  out.push('// Signals: the unsigned bit pattern, a number up to 32 bits (in $s), a BigInt above.');
  for (const s of flat.signals) if (reprOf(s.type.width) === 'big') out.push(`let ${vars[s.index]} = ${zero(s.type.width)}; // ${s.kind} ${typeName(s.type)}`);
  const stateAt = out.length;
  flat.mems.forEach((m, k) => out.push(`const ${memVars[k]} = $mems[${k}]; // ${typeName(m.type)} x ${m.depth}`));
  out.push(
    `const $flagsFrom = ${flagBase}, $flagsTo = ${flagBase + plan.blockCount};`,
    '$s.fill(1, $flagsFrom, $flagsTo);',
    '// 1 while some comb block is flagged: values must settle before they are read.',
    'let $dirty = 1;',
    '// 1 once activity-based code ran: it may leave a gated block computed from inputs other than its copies (cold-gates.ts), so full evaluation re-runs every gated block first.',
    'let $gatesStale = 1;',
    '',
  );

  // The two variants of every block: activity-based (behind its flag, flagging the readers of
  // what it changed, counting its runs) and full (plain writes).
  const activity: Variant = { marks, gate: (b, body) => gated(flag(b), `$s[${runBase + b}]`, body), suffix: '', templates: false, gatesBlocks: true };

  // Combinational logic, block by block in dependency order.
  const activityComb = combFunctions(plan, order, vars, signalType, temps, activity, functionChars);
  const simd = (options.simd ?? true) && simdAvailable();
  const { comb: fullComb, unstored, decls: combDecls, templatedNodes: combTemplatedNodes, kernels, gates } = fullCombFunctions(flat, plan, vars, signalType, temps, functionChars, options.combLoopMinChars ?? COMB_LOOP_MIN_CHARS, simd, chooseGates);
  const full: Variant = { marks: gates ? (signal) => gates.marks(signal) : () => '', gate: (_b, body) => body, suffix: 'All', templates: true, gatesBlocks: false, gates };
  out.push(...combDecls);
  for (const [v, comb] of [[activity, activityComb], [full, fullComb]] as const) {
    out.push(...comb.render());
    const staleness = !gates ? [] : v === activity ? ['  $gatesStale = 1;'] : ['  if ($gatesStale !== 0) { $s.fill(1, $flagsFrom, $flagsTo); $gatesStale = 0; }'];
    out.push(`function $settle${v.suffix}() {`, ...staleness, ...comb.names().map((f) => `  ${f}();`), '  $dirty = 0;', '}', '');
  }

  // Clock edge: memories (read-first), then the register blocks, then the buffered commits.
  const next = new NextState(flat, vars, slots);
  let templatedNodes = combTemplatedNodes;
  const edgeCalls = [activity, full].map((v) => {
    const { edge, commit, decls, templated } = edgeBodies(flat, plan, v, next, vars, memVars, temps, functionChars);
    out.push(...decls, ...edge.render(), ...commit.render());
    for (const r of flat.regs) if (templated.has(r.signal)) templatedNodes += nodeCount(r.next);
    const calls = [...edge.names(), ...commit.names()].map((f) => `${f}();`);
    return gates && v === activity && calls.length ? ['$gatesStale = 1;', ...calls] : calls;
  });
  // IR nodes of the blocks `counted` picks (comb blocks: their assignments; register blocks: their next values).
  const nodesOf = (counted: (block: number) => boolean) =>
    plan.comb.reduce((n, b) => (counted(b.id) ? n + b.assigns.reduce((k, a) => k + nodeCount(a.expr), 0) : n), 0) +
    plan.edge.reduce((n, b) => (counted(b.id) ? n + b.regs.reduce((k, r) => k + nodeCount(r.next), 0) : n), 0);
  const allNodes = nodesOf(() => true);
  const gatedNodes = gates ? nodesOf((b) => gates.isCold(b)) : 0;
  const fullCost = allNodes ? 1 - TEMPLATE_SAVING * (templatedNodes / allNodes) - GATED_SAVING * (gatedNodes / allNodes) : 1;
  out.push(...policyState(policy, plan.blockCount, runBase, fullCost), '');
  // The state array, sized now that the next-state slots are known too.
  const stateDecl = kernels.length ? wasmSetup(Math.max(1, slots.count), kernels) : [`const $s = new Uint32Array(${Math.max(1, slots.count)});`];
  out.splice(stateAt, 0, ...stateDecl, ...slots.table, ...next.decls, ...(gates?.decls ?? []));
  out.push(...stepFunction(edgeCalls[0], edgeCalls[1]), '');

  out.push(...pokeFunction(flat.signals, vars, marks), '');
  out.push(...peekFunctions(flat.signals, readVars), '');
  out.push(...snapshotFunctions(flat.signals, readVars), '');
  out.push(...stateFunction(flat.signals, vars), '');
  out.push(...runRowsFunction(flat, vars, readVars, marks, edgeCalls[0], edgeCalls[1], unstored), '');
  if (temps.tables.length) out.push('// Slot tables of the lookups (mux trees on an index: expr-js.ts).', ...temps.tables, '');
  out.push('return { settle() { if ($dirty) $settle(); }, step: $step, pokeIndex: $pokeIndex, peekIndex: $peekIndex, snapshot: $snapshot, setState: $setState, runRows: $runRows, profile: () => ({ activityCycles: $profiled, fullCycles: $fullCycles, runs: $runs }) };');
  return { source: out.join('\n'), gatedBlocks: gates?.size ?? 0 };
}

/** How a variant writes a signal (marks: the statements after a change) and wraps a block's body. */
interface Variant {
  marks: (signal: number) => string;
  gate: (block: number, body: string[]) => string[];
  /** Appended to the variant's function names: $settle / $settleAll. */
  suffix: string;
  /** Whether the registers of repeated instances run as loops (templates.ts). */
  templates: boolean;
  /** Whether `gate` puts each block behind its flag (its statements then sit inside an `if`). */
  gatesBlocks: boolean;
  /** The full variant's gates on cold blocks, if a profile named any. */
  gates?: ColdGates;
}

/**
 * The policy's state and its chunk judge. `$fullLeft`: chunks still to run full (the
 * 'full' mode never counts it down); an activity-based chunk's block runs, counted per block,
 * go to the judge and into the profile (`$runs` over `$profiled` cycles), from which the
 * host may choose the full variant's cold blocks (cold-gates.ts).
 * Leaving full evaluation flags every block: the first activity-based cycle re-runs all.
 */
function policyState(policy: EvaluationPolicy, blocks: number, runBase: number, fullCost: number): string[] {
  const needed = Math.ceil(policy.fullAbove * fullCost * blocks * policy.chunkCycles);
  return [
    `// Evaluation policy: ${policy.mode}${policy.mode === 'adaptive' ? `; full for ${policy.fullChunks}..${policy.maxFullChunks} chunks of ${policy.chunkCycles} cycles once ${needed} block runs (${+(policy.fullAbove * fullCost).toFixed(3)} of all: ${policy.fullAbove} x the full variant's relative cost ${+fullCost.toFixed(3)}) happen in one chunk` : ''}.`,
    `const $chunkCycles = ${policy.chunkCycles};`,
    `let $fullLeft = ${policy.mode === 'full' ? 1 : 0}, $cycles = 0, $stint = ${policy.fullChunks};`,
    `const $runs = new Float64Array(${blocks});`,
    'let $profiled = 0, $fullCycles = 0;',
    'function $allStale() { $s.fill(1, $flagsFrom, $flagsTo); $dirty = 1; }',
    '/** The block runs of the chunk just done: summed for the judge, added to the profile, zeroed. */',
    'function $takeRuns() {',
    '  let n = 0;',
    `  for (let b = 0; b < ${blocks}; b++) { const r = $s[${runBase} + b]; n += r; $runs[b] += r; $s[${runBase} + b] = 0; }`,
    '  $profiled += $chunkCycles;',
    '  return n;',
    '}',
    'function $chunkDone() {',
    '  $cycles = 0;',
    ...(policy.mode !== 'adaptive'
      ? ['  if ($fullLeft !== 0) $fullCycles += $chunkCycles;', '  else $takeRuns();']
      : [
          '  if ($fullLeft !== 0) { $fullCycles += $chunkCycles; if (--$fullLeft === 0) $allStale(); }',
          `  else if ($takeRuns() >= ${needed}) { $fullLeft = $stint; $stint = Math.min(2 * $stint, ${policy.maxFullChunks}); }`,
          `  else $stint = ${policy.fullChunks};`,
        ]),
    '}',
  ];
}

/** The combinational blocks of one variant, packed into functions. */
function combFunctions(plan: ActivityPlan, order: FlatAssign[], vars: string[], signalType: (i: number) => IrType, temps: GeneratedNames, v: Variant, functionChars: number) {
  const emitter = new ExprEmitter((i) => vars[i], signalType, temps);
  for (const a of order) emitter.countUses(a.expr, a.scope);
  const comb = new FunctionPacker(`$comb${v.suffix}`, functionChars);
  for (const block of plan.comb) {
    emitter.newFunction();
    const body: string[] = [];
    for (const a of block.assigns) {
      emitter.assign(a.target, a.expr, a.scope, body, (x) => [write(vars[a.target], x, v.marks(a.target))], a.loc);
    }
    comb.add(v.gate(block.id, body));
  }
  return comb;
}

/**
 * The full variant's combinational logic: the comb templates' loops (comb-templates.ts) and
 * every other assignment, in functions of their own layout. Values stay in locals across the
 * statements of a function, and a value is stored into $s only when something outside its
 * function reads it in full evaluation (another comb function, a template's loop, a register,
 * a memory port, a top output); a template stores only what is read outside its instance. The
 * mesh's comb functions read 47% of their 2549 loads from values written or read before in
 * the same function, and 70% of their stores were read nowhere else. Nothing observes the
 * unstored values: full evaluation always ends with $allStale(), and the activity variant
 * recomputes every block before the next peek, snapshot or activity cycle. `unstored`: signal
 * -> 1 when its value is not kept (the general $runRows reads such outputs through the
 * activity variant). The layout is found with every value stored, then the code emitted
 * without the unneeded stores (it only gets shorter).
 */
function fullCombFunctions(flat: FlatDesign, plan: ActivityPlan, vars: string[], signalType: (i: number) => IrType, temps: GeneratedNames, functionChars: number, loopMinChars: number, simd: boolean, chooseGates?: (combLoops: CombTemplate[]) => ColdGates | undefined) {
  const sequence = plan.comb.flatMap((b) => b.assigns);
  const slotOf = (i: number) => slotNumber(vars[i]);
  // Each candidate's loop with every value stored: to judge it, and to lay out the functions.
  const allStored = new Map<CombTemplate, string[]>();
  const chars = (lines: string[]) => lines.reduce((n, l) => n + codeLength(l), 0);
  // A loop is one group: it must fit a function (V8's limit, not the packing's).
  const worthALoop = (t: CombTemplate) => {
    const code = combTemplateCode(flat, t, 0, slotOf, { next: 1, tables: [] }, () => true);
    allStored.set(t, code.loop);
    return chars(code.body) >= loopMinChars && chars(code.loop) <= CODE_CHARS_PER_FUNCTION;
  };
  // The gates (on cold blocks that no kept loop holds) are chosen from the loops found with none; a loop over gated blocks is dropped, and its assignments run behind their gates.
  const looped = combTemplates(flat, sequence, worthALoop);
  const gates = chooseGates?.(looped.flatMap((item) => (item.kind === 'template' ? [item.template] : [])));
  const coldBlockOf = new Map<FlatAssign, number>();
  if (gates) for (const b of plan.comb) if (gates.isCold(b.id)) for (const a of b.assigns) coldBlockOf.set(a, b.id);
  const items = gates ? groupCold(combTemplates(flat, sequence, (t) => worthALoop(t) && !t.assigns.some((list) => list.some((a) => coldBlockOf.has(a)))), coldBlockOf) : looped;

  // Readers among the items: signal -> the items that read it.
  const readers = new Map<number, number[]>();
  const reads = (item: number, a: FlatAssign) => {
    for (const s of readsOf(a.expr, a.scope)) {
      let list = readers.get(s);
      if (!list) readers.set(s, (list = []));
      if (list[list.length - 1] !== item) list.push(item);
    }
  };
  items.forEach((item, n) => (item.kind === 'template' ? item.template.assigns.forEach((list) => list.forEach((a) => reads(n, a))) : item.kind === 'assign' ? reads(n, item.assign) : item.assigns.forEach((a) => reads(n, a))));
  const keepAnyway = new Set<number>();
  for (const p of flat.topModule.ports) if (p.dir === 'output') keepAnyway.add(flat.sourceOf[flat.byName.get(p.name)!]);
  for (const m of flat.mems) {
    for (const rp of m.readPorts) for (const e of [rp.addr, rp.en]) for (const s of readsOf(e, m.scope)) keepAnyway.add(s);
    for (const wp of m.writePorts) for (const e of [wp.addr, wp.data, wp.en]) for (const s of readsOf(e, m.scope)) keepAnyway.add(s);
  }
  // Register blocks, and BigInt signals: variables anyway ($peekIndex reads them during full evaluation: general $runRows).
  for (const b of plan.comb) for (const a of b.assigns) if (!vars[a.target].startsWith('$s[') || plan.readers[a.target].some((r) => r >= plan.comb.length)) keepAnyway.add(a.target);
  // What a gate compares, and what a gated block computes (read from $s whenever the block is skipped).
  for (const s of gates?.compared ?? []) keepAnyway.add(s);
  for (const a of coldBlockOf.keys()) keepAnyway.add(a.target);

  const emitter = new ExprEmitter((i) => vars[i], signalType, temps);
  for (const item of items) if (item.kind === 'assign') emitter.countUses(item.assign.expr, item.assign.scope);
  for (const item of items) if (item.kind === 'gated') for (const a of item.assigns) emitter.countUses(a.expr, a.scope);
  const emitAssign = (a: FlatAssign, lines: string[], store: boolean) => {
    emitter.assign(a.target, a.expr, a.scope, lines, (x) => (store ? [`${vars[a.target]} = ${x};`] : []), a.loc);
  };
  /** A cold block behind its gate; what it computes is stored (marking its cold readers), and its locals end with it. */
  const emitGated = (item: Extract<LaidItem, { kind: 'gated' }>, lines: string[]) => {
    const body: string[] = [];
    const leave = emitter.enterBranch();
    for (const a of item.assigns) emitter.assign(a.target, a.expr, a.scope, body, (x) => [write(vars[a.target], x, gates!.marks(a.target))], a.loc);
    leave();
    lines.push(...gates!.gate(item.block, body));
  };

  // Layout: every value stored.
  const layoutPacker = new FunctionPacker('$combAll', functionChars);
  const layout: number[] = [];
  let emitterIn = -1;
  items.forEach((item) => {
    // A loop in a function of its own: among straight-line code, V8 sometimes compiled the crossbar's comb function with its two loops 3x slower (bimodal over processes).
    if (item.kind === 'template') return layout.push(layoutPacker.addAlone(allStored.get(item.template)!));
    if (layoutPacker.current !== emitterIn) emitter.newFunction();
    const emit = (lines: string[]) => (item.kind === 'gated' ? emitGated(item, lines) : emitAssign(item.assign, lines, true));
    let lines: string[] = [];
    emit(lines);
    if (layoutPacker.startsNew(lines)) {
      emitter.newFunction();
      emit((lines = []));
    }
    layout.push((emitterIn = layoutPacker.add(lines)));
  });

  const keep = (signal: number, fn: number) => keepAnyway.has(signal) || (readers.get(signal) ?? []).some((r) => items[r].kind === 'template' || layout[r] !== fn);
  const comb = new FunctionPacker('$combAll');
  const decls: string[] = [];
  const kernels: LaneKernel[] = [];
  const unstored = new Uint8Array(flat.signals.length);
  let templatedNodes = 0;
  let fn = -1;
  let g = 0;
  items.forEach((item, n) => {
    if (layout[n] !== fn) emitter.newFunction();
    fn = layout[n];
    if (item.kind === 'gated') {
      const lines: string[] = [];
      emitGated(item, lines);
      return comb.addTo(fn, lines);
    }
    if (item.kind === 'assign') {
      const a = item.assign;
      const store = keep(a.target, fn);
      if (!store) unstored[a.target] = 1;
      const lines: string[] = [];
      emitAssign(a, lines, store);
      return comb.addTo(fn, lines);
    }
    const t = item.template;
    // A column is stored when anything but its own instance reads it (no instance reads another's).
    const stored = t.columns.map((signals) => signals.some((s) => keepAnyway.has(s) || (readers.get(s) ?? []).some((r) => r !== n)));
    t.columns.forEach((signals, k) => !stored[k] && signals.forEach((s) => (unstored[s] = 1)));
    const code = combTemplateCode(flat, t, g++, slotOf, temps, (k) => stored[k]);
    for (const list of t.assigns) for (const a of list) templatedNodes += nodeCount(a.expr);
    // The same loop as WebAssembly SIMD where it can be one (wasm/lane-kernel.ts); the JavaScript stays beside it, for reading.
    const kernel = simd ? laneKernel(flat, t, `comb${kernels.length}`, slotOf, (k) => stored[k]) : undefined;
    if (kernel) {
      kernels.push(kernel);
      comb.addTo(fn, [
        `$K.${kernel.fn.name}($KT${kernels.length - 1}); // the comb logic of ${t.instances.length} ${t.module} instances, ${LANES} per step (WebAssembly SIMD); what it computes:`,
        ...code.loop.map((l) => `// ${l}`),
      ]);
      return;
    }
    decls.push(code.decl);
    comb.addTo(fn, code.loop);
  });
  return { comb, decls, templatedNodes, kernels, gates, unstored: flat.signals.map((s) => unstored[flat.sourceOf[s.index]]) };
}

type LaidItem = CombItem | { kind: 'gated'; block: number; assigns: FlatAssign[] };

/** The comb items with each cold block's assignments (consecutive: loops hold none of them) as one gated item. */
function groupCold(items: CombItem[], coldBlockOf: Map<FlatAssign, number>): LaidItem[] {
  const out: LaidItem[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const block = item.kind === 'assign' ? coldBlockOf.get(item.assign) : undefined;
    if (item.kind !== 'assign' || block === undefined) {
      out.push(item);
      continue;
    }
    const last = out[out.length - 1];
    if (last?.kind === 'gated' && last.block === block) last.assigns.push(item.assign);
    else if (seen.has(block)) throw new SimError(`internal: the assignments of cold block ${block} are not consecutive`);
    else seen.add(block), out.push({ kind: 'gated', block, assigns: [item.assign] });
  }
  return out;
}

/**
 * `name(params)` runs cycles [0, n) in stretches that end at chunk boundaries, each through
 * the loop of the variant the policy chose: `${name}Full(from, to, params)` or
 * `${name}Activity(...)`. The two loops are separate functions so that V8 optimizes (and
 * inlines into) each for its own variant: one loop with both variants in it ran either at
 * full speed or 30% below it, depending on which variant was hot when V8 optimized it.
 * After full cycles every block is flagged and $dirty set: the full variant leaves no flags.
 */
function chunkedDriver(name: string, params: string, n: string): string[] {
  const args = params === n ? '' : `, ${params}`;
  return [
    `function ${name}(${params}) {`,
    '  let full = false;',
    `  for (let i = 0; i < ${n}; ) {`,
    `    const end = Math.min(${n}, i + $chunkCycles - $cycles);`,
    `    if ($fullLeft !== 0) { full = true; ${name}Full(i, end${args}); }`,
    `    else ${name}Activity(i, end${args});`,
    '    $cycles += end - i;',
    '    i = end;',
    '    if ($cycles === $chunkCycles) $chunkDone();',
    '  }',
    '  if (full) $allStale();',
    '}',
  ];
}

/** One clock edge per cycle. */
function stepFunction(activityEdge: string[], fullEdge: string[]): string[] {
  if (!activityEdge.length) return ['function $step(n) {}'];
  return [
    'function $stepFull(from, to) {',
    '  for (let i = from; i < to; i++) {',
    '    $settleAll();',
    ...fullEdge.map((c) => `    ${c}`),
    '  }',
    '}',
    'function $stepActivity(from, to) {',
    '  for (let i = from; i < to; i++) {',
    '    if ($dirty) $settle();',
    ...activityEdge.map((c) => `    ${c}`),
    '  }',
    '}',
    ...chunkedDriver('$step', 'n', 'n'),
  ];
}

/** The statements that flag the readers of a signal after it changed ('' when nothing reads it elsewhere). */
function changeMarks(plan: ActivityPlan, flag: (b: number) => string): (signal: number) => string {
  return (signal) => {
    const ids = plan.readers[signal];
    if (!ids.length) return '';
    const flags = ids.map((b) => `${flag(b)} = 1;`).join(' ');
    return ids[0] < plan.comb.length ? `${flags} $dirty = 1;` : flags;
  };
}

/** `target = value`, and if that changed it, `onChange` (the readers' flags). */
function write(target: string, value: string, onChange: string): string {
  return onChange ? `if (${value} !== ${target}) { ${target} = ${value}; ${onChange} }` : `${target} = ${value};`;
}

/** A block's statements behind its flag (cleared first: a register block may flag itself for the next edge). */
function gated(flag: string, runs: string, body: string[]): string[] {
  return [`if (${flag} !== 0) {`, `  ${flag} = 0;`, `  ${runs}++;`, ...body.map((l) => `  ${l}`), '}'];
}

/**
 * The next-state variables (of buffered registers and memory read data), shared by both
 * variants: a slot of $s up to 32 bits, else a `let` (in `decls`) outside the edge functions,
 * since the commit functions read them.
 */
class NextState {
  private readonly names = new Map<number, string>();
  readonly decls: string[] = [];
  constructor(
    private readonly flat: FlatDesign,
    private readonly vars: string[],
    private readonly slots: StateSlots,
  ) {}

  of(i: number): string {
    let v = this.names.get(i);
    if (v === undefined) {
      const s = this.flat.signals[i];
      const big = reprOf(s.type.width) === 'big';
      v = big ? `$n_${this.vars[i]}` : this.slots.slot(`next ${s.name}`);
      if (big) this.decls.push(`let ${v} = 0n;`);
      this.names.set(i, v);
    }
    return v;
  }
}

function edgeBodies(flat: FlatDesign, plan: ActivityPlan, variant: Variant, next: NextState, vars: string[], memVars: string[], temps: GeneratedNames, functionChars: number) {
  const emitter = new ExprEmitter((i) => vars[i], (i) => flat.signals[i].type, temps);
  const edge = new FunctionPacker(`$edge${variant.suffix}`, functionChars);
  const commit = new FunctionPacker(`$commit${variant.suffix}`, functionChars);
  const nextVar = (i: number) => next.of(i);
  /** The copy of a next-state variable into its signal, flagging the signal's readers if it changed. */
  const commitLine = (i: number) => write(vars[i], nextVar(i), variant.marks(i));
  const isConst = (e: { kind: string; value?: bigint }, v: bigint) => e.kind === 'const' && e.value === v;
  /**
   * Adds the statements `emit` produces to `edge`, reusing the locals (values read from $s,
   * temporaries) of the groups before it in the same function: the crossbar's 32 memory
   * banks' write ports read the same address, data and enable. Every read in an edge wants
   * the value from before the edge, so a local read earlier is as good as a fresh read. When
   * the group starts a new function, it is emitted again with no locals; so it is when other
   * code (the template loops) started one since the last group.
   */
  let sharingIn = -1;
  const addSharing = (emit: (lines: string[]) => void) => {
    if (edge.current !== sharingIn) emitter.newFunction();
    let lines: string[] = [];
    emit(lines);
    if (edge.startsNew(lines)) {
      emitter.newFunction();
      emit((lines = []));
    }
    sharingIn = edge.add(lines);
  };

  for (const m of flat.mems) {
    for (const rp of m.readPorts) emitter.countUses(rp.addr, m.scope), emitter.countUses(rp.en, m.scope);
    for (const wp of m.writePorts) [wp.addr, wp.data, wp.en].forEach((e) => emitter.countUses(e, m.scope));
  }
  for (const b of plan.edge) for (const r of b.regs) emitter.countUses(r.next, r.scope);

  /** `mem[addr]` guarded against addr >= depth (unless the address width cannot reach that far). */
  const access = (m: FlatDesign['mems'][number], addr: string, addrWidth: number) => {
    const big = reprOf(addrWidth) === 'big';
    const index = big ? `Number(${addr})` : addr;
    const inRange = 2 ** addrWidth <= m.depth ? null : big ? `${addr} < ${m.depth}n` : `${addr} < ${m.depth}`;
    return { index, inRange };
  };

  // Memory ports run at every edge (a write elsewhere may change what a read returns), before any
  // register is written: their addresses and data read the registers' old values. Addresses, data
  // and reads of narrow memories are computed whether or not the port is enabled, and a disabled
  // write stores into a sink word past the end (compile.ts memStorage): code that runs every
  // cycle has type feedback when V8 optimizes it (see the mux in expr-js.ts).
  // Wide (BigInt) memories keep the branch: computing their words would allocate.
  flat.mems.forEach((m, k) => {
    for (const rp of m.readPorts) {
      if (isConst(rp.en, 0n)) continue; // never enabled: the data holds its initial zero
      addSharing((lines) => {
        const addrWidth = rp.addr.type.width;
        const en = isConst(rp.en, 1n) ? null : emitter.expr(rp.en, m.scope, lines);
        const addr = emitter.atom(rp.addr, m.scope, lines);
        const { index, inRange } = access(m, addr, addrWidth);
        let read = inRange ? `(${inRange} ? ${memVars[k]}[${index}] : ${zero(m.type.width)})` : `${memVars[k]}[${index}]`;
        if (en && reprOf(m.type.width) === 'num') {
          const t = `$${temps.next++}`;
          lines.push(`const ${t} = ${read};`);
          read = t;
        }
        // A narrow port's enable selects without a branch (random traffic mispredicts it; see the mux in expr-js.ts).
        const w = m.type.width;
        const held = vars[rp.data];
        const select = reprOf(w) === 'num' ? `(((${read} ^ ${held}) & (0 - (${en}))) ^ ${held})${w === 32 ? ' >>> 0' : ''}` : `${en} ? ${read} : ${held}`;
        lines.push(`${nextVar(rp.data)} = ${en ? select : read};`);
      });
      commit.add([commitLine(rp.data)]);
    }
  });
  // Writes after every read; a later write port overwrites an earlier one at the same address.
  flat.mems.forEach((m, k) => {
    for (const wp of m.writePorts) {
      if (isConst(wp.en, 0n)) continue;
      if (wp.data.type.width !== m.type.width) throw new SimError(`write port of memory '${m.name}' writes ${wp.data.type.width} bits into ${m.type.width}-bit words`);
      addSharing((lines) => {
        const addrWidth = wp.addr.type.width;
        const addr = emitter.atom(wp.addr, m.scope, lines);
        const { index, inRange } = access(m, addr, addrWidth);
        const en = isConst(wp.en, 1n) ? null : emitter.expr(wp.en, m.scope, lines);
        const data = reprOf(m.type.width) === 'num' ? emitter.atom(wp.data, m.scope, lines) : emitter.expr(wp.data, m.scope, lines);
        const cond = [en, inRange].filter((c) => c !== null).join(' && ');
        if (cond && reprOf(m.type.width) === 'num') lines.push(`${memVars[k]}[(${cond}) ? ${index} : ${m.depth}] = ${data};`);
        else lines.push(`${cond ? `if (${cond}) ` : ''}${memVars[k]}[${index}] = ${data};`);
      });
    }
  });
  const { decls, templated } = variant.templates ? regTemplateLoops(flat, plan, next, vars, temps, edge, commit, variant.gates) : { decls: [], templated: new Set<number>() };
  for (const block of plan.edge) {
    const regs = block.regs.filter((r) => !templated.has(r.signal));
    if (!regs.length) continue;
    let buffered: number[] = [];
    const emitBlock = (body: string[]) => {
      buffered = [];
      for (const r of regs) {
        const sig = flat.signals[r.signal];
        if (r.next.type.width !== sig.type.width) throw new SimError(`register '${sig.name}' (${sig.type.width} bits) gets a ${r.next.type.width}-bit next value`);
        let next = emitter.expr(r.next, r.scope, body);
        if (r.reset) {
          const value = r.reset.value;
          if (value < 0n || value >> BigInt(sig.type.width) !== 0n) throw new SimError(`reset value ${value} of register '${sig.name}' does not fit ${sig.type.width} bits`);
          next = `${vars[r.reset.signal]} ? ${literal(value, sig.type.width)} : ${next}`;
        }
        if (plan.buffered.has(r.signal)) {
          body.push(`${nextVar(r.signal)} = ${next};`);
          buffered.push(r.signal);
          continue;
        }
        // In place: every reader of this register's old value ran before this line (activity.ts).
        const t = `$${temps.next++}`;
        body.push(`const ${t} = ${next};`, write(vars[r.signal], t, variant.marks(r.signal)));
      }
    };
    // Ungated blocks (the full variant) share locals; a gated block's are inside its `if`.
    const gates = variant.gates?.isCold(block.id) ? variant.gates : undefined;
    if (variant.gatesBlocks || gates) {
      emitter.newFunction();
      const body: string[] = [];
      emitBlock(body);
      edge.add(gates ? gates.gate(block.id, body) : variant.gate(block.id, body));
      sharingIn = -1;
    } else addSharing(emitBlock);
    for (const i of buffered) commit.add([commitLine(i)]);
  }
  return { edge, commit, decls, templated };
}

/**
 * The register templates (templates.ts) as loops in `edge` (and their commits in `commit`),
 * ahead of the flat register blocks. Returns the tables to declare and the registers done.
 */
function regTemplateLoops(flat: FlatDesign, plan: ActivityPlan, next: NextState, vars: string[], temps: GeneratedNames, edge: FunctionPacker, commit: FunctionPacker, gates?: ColdGates) {
  // A cold block's registers stay out of loops: they run behind the block's gate.
  const liveSet = new Set(plan.edge.flatMap((b) => b.regs.map((r) => r.signal)));
  const loopSet = new Set(plan.edge.filter((b) => !gates?.isCold(b.id)).flatMap((b) => b.regs.map((r) => r.signal)));
  const live = flat.regs.filter((r) => liveSet.has(r.signal)); // module order: the same in every instance
  const loopable = live.filter((r) => loopSet.has(r.signal));
  const decls: string[] = [];
  const templated = new Set<number>();
  const slotOf = (i: number) => slotNumber(vars[i]);
  const nextSlotOf = (i: number) => slotNumber(next.of(i));
  let g = 0;
  for (const t of regTemplates(flat, loopable, 32, live)) {
    const code = templateCode(flat, t, g, slotOf, nextSlotOf, temps, CODE_CHARS_PER_FUNCTION); // a loop is one group: V8's limit, not the packing's
    if (!code) continue;
    g++;
    decls.push(...code.decls);
    edge.add(code.loop);
    if (code.commit.length) commit.add(code.commit);
    for (const inst of t.instances) for (const r of inst.regs) templated.add(r.signal);
  }
  return { decls, templated };
}

/**
 * The length of a block's code (its statements alone, emitted into scratch names): what a gate
 * weighs against its compares. IR nodes overstate some code: a 16-way mux tree on an index is
 * 144 nodes but one table load (the crossbar's lane selects).
 */
function blockCodeChars(plan: ActivityPlan, block: number, vars: string[], signalType: (i: number) => IrType): number {
  const emitter = new ExprEmitter((i) => vars[i], signalType, { next: 1, tables: [] });
  const lines: string[] = [];
  const store = (target: number) => (x: string) => [`${vars[target]} = ${x};`];
  if (block < plan.comb.length) {
    const { assigns } = plan.comb[block];
    for (const a of assigns) emitter.countUses(a.expr, a.scope);
    for (const a of assigns) emitter.assign(a.target, a.expr, a.scope, lines, store(a.target));
  } else {
    const { regs } = plan.edge[block - plan.comb.length];
    for (const r of regs) emitter.countUses(r.next, r.scope);
    for (const r of regs) emitter.assign(r.signal, r.next, r.scope, lines, store(r.signal));
  }
  return lines.reduce((n, l) => n + codeLength(l), 0);
}

/**
 * The blocks that loops over repeated instances keep out of the gates: a loop (comb or
 * register template) stays unless every block it holds is cold, since gating part of it would
 * unroll it all. On the crossbar the 32 lanes' comb loop (a SIMD kernel) holds hot blocks:
 * gating its cold ones made full evaluation 6x slower; the tile's four lanes are all cold.
 */
function loopHeldBlocks(flat: FlatDesign, plan: ActivityPlan, cold: ReadonlySet<number>, combLoops: CombTemplate[]): Set<number> {
  const held = new Set<number>();
  const hold = (blocks: Set<number>) => {
    if (![...blocks].every((b) => cold.has(b))) for (const b of blocks) held.add(b);
  };
  const combBlockOf = new Map<FlatAssign, number>();
  for (const b of plan.comb) for (const a of b.assigns) combBlockOf.set(a, b.id);
  for (const t of combLoops) hold(new Set(t.assigns.flat().map((a) => combBlockOf.get(a)!)));
  const regBlockOf = new Map<number, number>();
  for (const b of plan.edge) for (const r of b.regs) regBlockOf.set(r.signal, b.id);
  const live = flat.regs.filter((r) => regBlockOf.has(r.signal));
  // A template whose code cannot be a loop (templateCode) counts too: its blocks just stay ungated.
  for (const t of regTemplates(flat, live)) hold(new Set(t.instances.flatMap((inst) => inst.regs.map((r) => regBlockOf.get(r.signal)!))));
  return held;
}

function pokeFunction(signals: FlatSignal[], vars: string[], marks: (signal: number) => string): string[] {
  const lines = ['function $pokeIndex(i, v) {', '  switch (i) {'];
  for (const s of signals) {
    if (!s.pokeable) continue;
    const w = s.type.width;
    const v = vars[s.index];
    const onChange = marks(s.index);
    lines.push(`    case ${s.index}: if (!(${fitsPattern(w)})) v = $fit(${s.index}, v); if (${v} !== v) { ${v} = v;${onChange ? ` ${onChange}` : ''} } return;`);
  }
  lines.push('  }', '  $notInput(i);', '}');
  return lines;
}

/** Is `v` already a `w`-bit pattern of the JS type that holds it (else the host converts it, or throws)? */
function fitsPattern(w: number): string {
  if (reprOf(w) === 'big') return `typeof v === 'bigint' && v >= 0n && v <= 0x${((1n << BigInt(w)) - 1n).toString(16)}n`;
  return w === 32 ? `typeof v === 'number' && (v >>> 0) === v` : `typeof v === 'number' && (v & 0x${(2 ** w - 1).toString(16)}) === v`;
}

/** The slot of $s a `$s[k]` variable names, -1 for a BigInt `let`. */
const slotNumber = (v: string) => (v.startsWith('$s[') ? Number(v.slice(3, -1)) : -1);

/**
 * The batch loop (SimCore.runRows). A narrow top input is written straight into its slot
 * when the value is a fitting number; anything else (a bigint, a wide or non-pokeable
 * signal, a bad value) takes $pokeIndex, which converts it or throws.
 */
function runRowsFunction(flat: FlatDesign, vars: string[], readVars: string[], marks: (signal: number) => string, activityEdge: string[], fullEdge: string[], unstored: number[]): string[] {
  const signals = flat.signals;
  const pokeSlot = signals.map((s) => (s.pokeable ? slotNumber(vars[s.index]) : -1));
  const pokeMax = signals.map((s) => (pokeSlot[s.index] >= 0 ? 2 ** s.type.width - 1 : 0));
  return [
    `const $pokeSlot = new Int32Array([${pokeSlot.join(',')}]);`,
    `const $pokeMax = new Float64Array([${pokeMax.join(',')}]);`,
    `const $readSlot = new Int32Array([${readVars.map(slotNumber).join(',')}]);`,
    '// 1: a value the full variant keeps in a local only (fullCombFunctions); an output list with one runs activity-based.',
    `const $unstored = new Uint8Array([${unstored.join(',')}]);`,
    'function $runRows(rows, ins, outs, outWidths, columns, wide) {',
    '  if ($sameList(ins, $topInputs) && $sameList(outs, $topOutputs)) return $runTopRows(rows, columns, wide);',
    '  const ni = ins.length, no = outs.length;',
    '  const inSlot = new Int32Array(ni), inMax = new Float64Array(ni), outSlot = new Int32Array(no), wideCol = new Int32Array(no);',
    '  let nw = 0;',
    '  for (let k = 0; k < no; k++) wideCol[k] = outWidths[k] > 52 ? nw++ : -1;',
    `  for (let k = 0; k < ni; k++) { const i = ins[k]; inSlot[k] = i >= 0 && i < ${signals.length} ? $pokeSlot[i] : -1; inMax[k] = inSlot[k] >= 0 ? $pokeMax[i] : 0; }`,
    `  let fullAllowed = true;`,
    `  for (let k = 0; k < no; k++) { const i = outs[k]; outSlot[k] = i >= 0 && i < ${signals.length} ? $readSlot[i] : -1; if (outSlot[k] >= 0 && $unstored[i]) fullAllowed = false; }`,
    '  let anyFull = false;',
    '  for (let r = 0; r < rows.length; r++) {',
    '    const row = rows[r];',
    '    for (let k = 0; k < ni; k++) {',
    '      const v = row[k], sl = inSlot[k];',
    "      if (sl >= 0 && typeof v === 'number' && (v >>> 0) === v && v <= inMax[k]) { if ($s[sl] !== v) $pokeIndex(ins[k], v); }",
    '      else $pokeIndex(ins[k], v);',
    '    }',
    '    const full = fullAllowed && $fullLeft !== 0;',
    '    if (full) anyFull = true, $settleAll();',
    '    else if ($dirty) $settle();',
    '    for (let k = 0; k < no; k++) {',
    '      const sl = outSlot[k];',
    '      if (sl >= 0) columns[k][r] = $s[sl];',
    '      else { const v = $peekIndex(outs[k]); if (outWidths[k] > 52) wide[r * nw + wideCol[k]] = BigInt(v); else columns[k][r] = Number(v); }',
    '    }',
    '    if (full) {',
    ...fullEdge.map((c) => `      ${c}`),
    '    } else {',
    ...activityEdge.map((c) => `      ${c}`),
    '    }',
    '    if (++$cycles === $chunkCycles) $chunkDone();',
    '  }',
    '  if (anyFull) $allStale();',
    '}',
    ...topRowsFunction(flat, vars, readVars, marks, activityEdge, fullEdge),
  ];
}

/**
 * runRows for the usual call (every top input and output in port order, as the
 * Simulator interface passes them), unrolled: each input's slot, mask and readers' flags
 * and each output's slot are constants in the code.
 */
function topRowsFunction(flat: FlatDesign, vars: string[], readVars: string[], marks: (signal: number) => string, activityEdge: string[], fullEdge: string[]): string[] {
  const ports = flat.topModule.ports;
  const ins = ports.filter((p) => p.dir === 'input' && p.role !== 'clock').map((p) => flat.byName.get(p.name)!);
  const outs = ports.filter((p) => p.dir === 'output').map((p) => flat.byName.get(p.name)!);
  const lines = [
    `const $topInputs = [${ins.join(', ')}], $topOutputs = [${outs.join(', ')}];`,
    'function $sameList(a, b) { if (a.length !== b.length) return false; for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false; return true; }',
  ];
  /** One variant's row loop: each input into its slot (and its readers' flags, from `marksOf`), settle, outputs, edge. */
  const rowLoop = (suffix: string, marksOf: (signal: number) => string, settle: string, edge: string[]) => {
    // Each narrow output's column in a local: one typed array per store site.
    const columnLocals = outs.flatMap((i, k) => (flat.signals[i].type.width > 52 ? [] : [`$c${k} = columns[${k}]`]));
    lines.push(`function $runTopRows${suffix}(from, to, rows, columns, wide) {`);
    if (columnLocals.length > 0) lines.push(`  const ${columnLocals.join(', ')};`);
    lines.push('  for (let r = from; r < to; r++) {', '    const row = rows[r];', '    let v;');
    ins.forEach((i, k) => {
      const w = flat.signals[i].type.width;
      const x = vars[i];
      const onChange = marksOf(i);
      // Without readers' flags to set (the full variant) no comparison with the old value: on
      // random stimulus it is a branch mispredicted half the time (mesh: 49 inputs per row).
      if (!onChange) return lines.push(`    v = row[${k}]; if (${fitsPattern(w)}) ${x} = v; else $pokeIndex(${i}, v);`);
      // A wide input's change test is a BigInt comparison: $pokeIndex does it.
      if (reprOf(w) === 'big') return lines.push(`    $pokeIndex(${i}, row[${k}]);`);
      lines.push(`    v = row[${k}]; if (v !== ${x}) { if (${fitsPattern(w)}) { ${x} = v; ${onChange} } else $pokeIndex(${i}, v); }`);
    });
    lines.push(`    ${settle}`);
    // Wide outputs: only they have entries in `wide`, r * (their count) + (their column).
    const nWide = outs.filter((i) => flat.signals[i].type.width > 52).length;
    let column = 0;
    outs.forEach((i, k) => {
      const w = flat.signals[i].type.width;
      const x = readVars[i];
      lines.push(reprOf(w) === 'num' ? `    $c${k}[r] = ${x};` : w > 52 ? `    wide[r * ${nWide} + ${column++}] = ${x};` : `    $c${k}[r] = Number(${x});`);
    });
    lines.push(...edge.map((l) => `    ${l}`), '  }', '}');
  };
  rowLoop('Full', () => '', '$settleAll();', fullEdge);
  rowLoop('Activity', marks, 'if ($dirty) $settle();', activityEdge);
  lines.push(...chunkedDriver('$runTopRows', 'rows, columns, wide', 'rows.length'));
  return lines;
}

function stateFunction(signals: FlatSignal[], vars: string[]): string[] {
  const body = new FunctionPacker('$setState');
  for (const s of signals) if (s.kind === 'reg' || s.kind === 'memdata') body.add([`if (i === ${s.index}) { ${vars[s.index]} = v; return; }`]);
  // A backdoor write: every block runs again.
  return [...body.render('i, v'), 'function $setState(i, v) {', ...body.names().map((f) => `  ${f}(i, v);`), '  $s.fill(1, $flagsFrom, $flagsTo);', '  $dirty = 1;', '}'];
}

function peekFunctions(signals: FlatSignal[], vars: string[]): string[] {
  const groups: FlatSignal[][] = [];
  for (let i = 0; i < signals.length; i += CASES_PER_SWITCH) groups.push(signals.slice(i, i + CASES_PER_SWITCH));
  const switchBody = (group: FlatSignal[]) => ['  switch (i) {', ...group.map((s) => `    case ${s.index}: return ${vars[s.index]};`), '  }', '  return $noSignal(i);'];
  if (groups.length <= 1) return ['function $peekIndex(i) {', '  if ($dirty) $settle();', ...switchBody(groups[0] ?? []), '}'];
  return [
    ...groups.flatMap((g, k) => [`function $peek${k}(i) {`, ...switchBody(g), '}']),
    `const $peekers = [${groups.map((_, k) => `$peek${k}`).join(', ')}];`,
    'function $peekIndex(i) {',
    '  if ($dirty) $settle();',
    `  const f = $peekers[i >>> ${Math.log2(CASES_PER_SWITCH)}];`,
    '  return f ? f(i) : $noSignal(i);',
    '}',
  ];
}

function snapshotFunctions(signals: FlatSignal[], vars: string[]): string[] {
  const body = new FunctionPacker('$snapshot');
  for (const s of signals) body.add([`o[${s.index}] = ${vars[s.index]};`]);
  return [...body.render('o'), 'function $snapshot(o) {', '  if ($dirty) $settle();', ...body.names().map((f) => `  ${f}(o);`), '}'];
}
