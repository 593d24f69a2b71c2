// The Verilator backend: how to build a model (C++ harness + Verilated RTL,
// cached by content hash) and how to start it. Everything else is the
// generic pipe simulator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TopInterface } from '../ports.ts';
import { cachedModel, contentHash, type CachedModel } from '../model-cache.ts';
import { PipeSimulator, type PipeOptions } from '../pipe-simulator.ts';
import { SimulationError } from '../simulator.ts';
import { verilatorHarness } from './harness.ts';
import { runTool } from '../../tools/spawn.ts';
import { toolVersion } from '../tool-version.ts';

export interface RtlSource {
  /** File name (no directories): the model's copy is written under this name. */
  name: string;
  text: string;
}

/**
 * Verilator flags: deterministic X handling (X becomes 0, as in the two-state
 * models) and tracing compiled in so any run can write a VCD. Warnings are
 * not fatal here: lint is its own step, and outside RTL (a netlist) may warn.
 */
const FLAGS = ['--cc', '--exe', '--build', '-j', '2', '--trace', '--timescale', '1ns/1ps', '--x-assign', '0', '--x-initial', '0', '-Wno-fatal', '-Wno-lint', '-Wno-style'];
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
      ...sources.map((s) => join('rtl', basename(s.name))),
    ];
    const r = await runTool('verilator', args, { cwd: dir, timeoutMs: 600_000 });
    if (r.code !== 0) {
      throw new SimulationError(`verilator build of ${iface.top} failed (status ${r.code}):\n${(r.stderr || r.stdout).slice(-3000)}`);
    }
  });
}

export async function startVerilator(sources: RtlSource[], iface: TopInterface, options: PipeOptions = {}): Promise<PipeSimulator> {
  const model = await buildVerilatorModel(sources, iface);
  return new PipeSimulator('verilator', iface, join(model.dir, BINARY), [], { ...options, binaryBatch: true });
}
