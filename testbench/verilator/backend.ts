// The Verilator backend: how to build a model (C++ harness + Verilated RTL,
// cached by content hash) and how to start it. Everything else is the
// generic pipe simulator.
import { mkdirSync, writeFileSync } from 'node:fs';
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
const FLAGS = ['--cc', '--exe', '--build', '-j', '1', '--trace', '--timescale', '1ns/1ps', '--x-assign', '0', '--x-initial', 'unique', '-Wno-fatal', '-Wno-lint', '-Wno-style'];
const MAKE_FLAGS = 'OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1';
const BINARY = 'model';

export async function buildVerilatorModel(sources: RtlSource[], iface: TopInterface): Promise<CachedModel> {
  const harness = verilatorHarness(iface);
  const version = await toolVersion('verilator');
  const hash = contentHash([version, ...FLAGS, MAKE_FLAGS, harness, ...sources.flatMap((s) => [s.name, s.text])]);
  return cachedModel('verilator', hash, BINARY, async (dir) => {
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
      '-MAKEFLAGS',
      MAKE_FLAGS,
      'harness.cpp',
      // ./-relative names: a file called '--version.v' must reach Verilator as a file, not an option.
      ...sources.map((s) => `./${join('rtl', basename(s.name))}`),
    ];
    // A hang guard sized to the work: g++ time grows with the Verilog (the
    // reference chip, 2.8 MB, builds in a few minutes on one core).
    const bytes = sources.reduce((n, s) => n + s.text.length, 0);
    const r = await runTool('verilator', args, { cwd: dir, timeoutMs: 600_000 + Math.ceil(bytes / 1000) * 1000 });
    if (r.code !== 0) throw modelBuildFailed('verilator', iface.top, hash, r.code, `${r.stdout}\n${r.stderr}`, r.timedOut);
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
