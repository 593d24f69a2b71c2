// The design under test: the DSL design (for the DSL simulator) and its
// Verilog (for Verilator and Icarus), or Verilog supplied from outside with
// --rtl (hand-edited RTL, a netlist, a mutant) that must have the same top
// and ports.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IrDesign } from '../gen/ir.ts';
import { emitVerilog } from '../gen/emit/verilog.ts';
import { topInterface, type TopInterface } from './ports.ts';
import { SimulationError, type Backend, type Simulator } from './simulator.ts';
import type { RtlSource } from './verilator/backend.ts';
import { startVerilator } from './verilator/backend.ts';
import { startIcarus } from './icarus/backend.ts';

export interface DeviceUnderTest {
  iface: TopInterface;
  /** Absent for outside RTL: the DSL simulator cannot run it. */
  design?: IrDesign;
  sources: RtlSource[];
  /** Where the Verilog came from, for reports. */
  origin: string;
}

export function dutFromDesign(design: IrDesign): DeviceUnderTest {
  const top = design.modules.find((m) => m.name === design.top)!;
  const sources = emitVerilog(design).files.map((f) => ({ name: f.path, text: f.text }));
  return { iface: topInterface(top), design, sources, origin: 'generated' };
}

/** Outside Verilog for the same block: every .v/.sv file in `dir`, checked to define the expected top. */
export function dutFromRtlDir(dir: string, expected: TopInterface): DeviceUnderTest {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BadInput(`--rtl ${dir}: no such directory`);
  const files = readdirSync(dir)
    .filter((f) => /\.s?v$/.test(f))
    .sort();
  if (files.length === 0) throw new BadInput(`--rtl ${dir}: no .v or .sv files in it`);
  const sources = files.map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
  const definesTop = new RegExp(`\\bmodule\\s+\\\\?${expected.top}\\b`);
  if (!sources.some((s) => definesTop.test(s.text))) {
    throw new BadInput(`--rtl ${dir}: no file defines module '${expected.top}' (the top of this target)`);
  }
  return { iface: expected, sources, origin: dir };
}

/** Bad user input (exit code 2 in the CLI). */
export class BadInput extends Error {
  override name = 'BadInput';
}

export async function startSimulator(backend: Backend, dut: DeviceUnderTest): Promise<Simulator> {
  switch (backend) {
    case 'dsl':
      if (!dut.design) throw new BadInput('the DSL simulator runs DSL designs only; use --sim verilator or icarus with --rtl');
      return (await import('./dsl-backend.ts')).startDslSim(dut.design);
    case 'verilator':
      return startVerilator(dut.sources, dut.iface);
    case 'icarus':
      return startIcarus(dut.sources, dut.iface);
    default:
      throw new SimulationError(`unknown simulator '${backend}'`);
  }
}
