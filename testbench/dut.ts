// The design under test: the DSL design (for the DSL simulator) and its
// Verilog (for Verilator and Icarus), or Verilog supplied from outside with
// --rtl (hand-edited RTL, a netlist, a mutant) that must have the same top
// and ports.
import type { IrDesign } from '../gen/ir.ts';
import { emitVerilog } from '../gen/emit/verilog.ts';
import { topInterface, type TopInterface } from './ports.ts';
import { SimulationError, type Backend, type Simulator, type StartOptions } from './simulator.ts';
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

/** Outside Verilog (hand-edited RTL, a netlist, a mutant) standing in for a design with interface `iface`. */
export function dutFromSources(sources: RtlSource[], iface: TopInterface, origin: string): DeviceUnderTest {
  return { iface, sources, origin };
}

export async function startSimulator(backend: Backend, dut: DeviceUnderTest, options: StartOptions = {}): Promise<Simulator> {
  switch (backend) {
    case 'dsl': {
      if (!dut.design) throw new SimulationError(`the DSL simulator runs DSL designs only, not ${dut.origin}: use verilator or icarus`);
      const { startDslSim } = await import('./dsl-backend.ts');
      return startDslSim(dut.design, { randomInit: options.randomInit });
    }
    case 'verilator':
      return startVerilator(dut.sources, dut.iface, { randomInit: options.randomInit });
    case 'icarus':
      return startIcarus(dut.sources, dut.iface);
    default:
      throw new SimulationError(`unknown simulator '${backend}'`);
  }
}
