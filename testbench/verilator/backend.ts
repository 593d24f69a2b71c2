// The Verilator backend: how to build a model (C++ harness + Verilated RTL,
// cached by content hash) and how to start it. Everything else is the
// generic pipe simulator.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TopInterface } from '../ports.ts';
import { cachedModel, contentHash, type CachedModel } from '../model-cache.ts';
import { PipeSimulator, type PipeOptions } from '../pipe-simulator.ts';
import type { StartOptions } from '../simulator.ts';
import { verilatorHarness } from './harness.ts';
import { runTool } from '../../gen/tools/run-tool.ts';
import { toolVersion } from '../tool-version.ts';
import { modelBuildFailed } from '../build-failure.ts';

export interface RtlSource {
  /** File name (no directories): the model's copy is written under this name. */
  name: string;
  text: string;
}

/**
 * Verilator flags: X assignments become 0, as in the two-state models;
 * initial register values are `unique`: 0 by default, random from a seed
 * with +verilator+rand+reset+2 +verilator+seed+N at run time (randomInit),
 * so a missing reset can be caught. Tracing is compiled in so any run can
 * write a VCD. Warnings are not fatal here: lint is its own step, and
 * outside RTL (a netlist) may warn.
 */
// -j 1: a build is one job of the machine's shared job limit (gen/tools/job-slots.ts).
const FLAGS = ['--cc', '--exe', '-j', '1', '--trace', '--timescale', '1ns/1ps', '--x-assign', '0', '--x-initial', 'unique', '-Wno-fatal', '-Wno-lint', '-Wno-style'];
const MAKE_FLAGS = ['-j', '1', 'OPT_FAST=-O1', 'OPT_SLOW=-O0', 'OPT_GLOBAL=-O1'];
const BINARY = 'model';

/** The objects of Verilator's own runtime a model links (verilated.o, verilated_vcd_c.o, ...): VM_GLOBAL_* of its classes .mk. */
export function runtimeObjects(classesMk: string): string[] {
  const names: string[] = [];
  let inGlobal = false;
  for (const line of classesMk.split('\n')) {
    if (/^VM_GLOBAL_(FAST|SLOW) \+= \\$/.test(line)) inGlobal = true;
    else if (inGlobal && /^\t\S+ \\$/.test(line)) names.push(`${line.trim().split(' ')[0]}.o`);
    else inGlobal = false;
  }
  return names;
}

const RUNTIME_MARKER = 'objects.json';

/**
 * Verilator's runtime (verilated.cpp, its VCD writer and thread pool) does
 * not depend on the design: with the same Verilator, compiler and flags it is
 * the same objects for every model. Compiled once (cached like a model:
 * about 15 of the 22 s a small model took to build) from a one-line design;
 * each model's build copies them into its obj/ before make, which then
 * compiles only the model and its harness.
 */
async function verilatorRuntime(version: string): Promise<{ dir: string; objects: string[] }> {
  const compiler = await toolVersion('g++');
  const hash = contentHash(['runtime', version, compiler, ...FLAGS, ...MAKE_FLAGS]);
  const top = 'neurotile_runtime';
  const cached = await cachedModel('verilator-runtime', hash, RUNTIME_MARKER, async (dir) => {
    writeFileSync(join(dir, `${top}.v`), `module ${top}(input clk); endmodule\n`);
    writeFileSync(join(dir, 'main.cpp'), 'int main() { return 0; }\n');
    const v = await runTool('verilator', [...FLAGS, '--top-module', top, '-Mdir', 'obj', 'main.cpp', `./${top}.v`], { cwd: dir, timeoutMs: 600_000 });
    if (v.code !== 0) throw modelBuildFailed('verilator', top, hash, v.code, `${v.stdout}\n${v.stderr}`, v.timedOut);
    const objects = runtimeObjects(readFileSync(join(dir, 'obj', `V${top}_classes.mk`), 'utf8'));
    const m = await runTool('make', ['-C', 'obj', '-f', `V${top}.mk`, ...MAKE_FLAGS, ...objects], { cwd: dir, timeoutMs: 600_000 });
    if (m.code !== 0) throw modelBuildFailed('verilator', top, hash, m.code, `${m.stdout}\n${m.stderr}`, m.timedOut);
    for (const o of objects) copyFileSync(join(dir, 'obj', o), join(dir, o));
    rmSync(join(dir, 'obj'), { recursive: true, force: true });
    writeFileSync(join(dir, RUNTIME_MARKER), `${JSON.stringify(objects)}\n`);
  }, { label: 'the Verilator runtime' });
  return { dir: cached.dir, objects: JSON.parse(readFileSync(join(cached.dir, RUNTIME_MARKER), 'utf8')) as string[] };
}

export async function buildVerilatorModel(sources: RtlSource[], iface: TopInterface): Promise<CachedModel> {
  const harness = verilatorHarness(iface);
  const version = await toolVersion('verilator');
  const hash = contentHash([version, ...FLAGS, ...MAKE_FLAGS, harness, ...sources.flatMap((s) => [s.name, s.text])]);
  return cachedModel('verilator', hash, BINARY, async (dir) => {
    const runtime = await verilatorRuntime(version);
    const rtlDir = join(dir, 'rtl');
    mkdirSync(rtlDir, { recursive: true });
    for (const s of sources) writeFileSync(join(rtlDir, basename(s.name)), s.text);
    writeFileSync(join(dir, 'harness.cpp'), harness);
    const args = [
      ...FLAGS,
      '--top-module',
      iface.top,
      '-Mdir',
      'obj',
      '-o',
      `../${BINARY}`,
      'harness.cpp',
      // ./-relative names: a file called '--version.v' must reach Verilator as a file, not an option.
      ...sources.map((s) => `./${join('rtl', basename(s.name))}`),
    ];
    // A hang guard sized to the work: g++ time grows with the Verilog (the
    // reference chip, 2.8 MB, builds in a few minutes on one core).
    const bytes = sources.reduce((n, s) => n + s.text.length, 0);
    const timeoutMs = 600_000 + Math.ceil(bytes / 1000) * 1000;
    const v = await runTool('verilator', args, { cwd: dir, timeoutMs });
    if (v.code !== 0) throw modelBuildFailed('verilator', iface.top, hash, v.code, `${v.stdout}\n${v.stderr}`, v.timedOut);
    // The runtime's objects, newer than the makefile Verilator just wrote, so make keeps them.
    const prefix = `V${iface.top}`;
    for (const o of runtimeObjects(readFileSync(join(dir, 'obj', `${prefix}_classes.mk`), 'utf8'))) {
      if (runtime.objects.includes(o)) copyFileSync(join(runtime.dir, o), join(dir, 'obj', o));
    }
    const m = await runTool('make', ['-C', 'obj', '-f', `${prefix}.mk`, ...MAKE_FLAGS], { cwd: dir, timeoutMs });
    if (m.code !== 0) throw modelBuildFailed('verilator', iface.top, hash, m.code, `${v.stdout}\n${v.stderr}\n${m.stdout}\n${m.stderr}`, m.timedOut);
  }, { label: `${iface.top} (${sources.reduce((n, s) => n + s.text.length, 0)} bytes of Verilog)` });
}

/**
 * The run-time arguments that start every register at 0, or at a random
 * value from `seed` (Verilator's seed 0 means "any": seeds are shifted by one).
 */
export function randomInitArgs(seed: number | undefined): string[] {
  return seed === undefined ? ['+verilator+rand+reset+0'] : ['+verilator+rand+reset+2', `+verilator+seed+${(Math.abs(Math.trunc(seed)) % 2147483646) + 1}`];
}

export async function startVerilator(sources: RtlSource[], iface: TopInterface, options: PipeOptions & StartOptions = {}): Promise<PipeSimulator> {
  const model = await buildVerilatorModel(sources, iface);
  return new PipeSimulator('verilator', iface, join(model.dir, BINARY), randomInitArgs(options.randomInit), { ...options, binaryBatch: true });
}
