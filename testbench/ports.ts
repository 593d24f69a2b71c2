// The ports a simulator backend drives: what every backend and the protocol
// need to know about a top module, whether it came from the DSL or from
// Verilog supplied with --rtl.
import type { IrModule } from '../gen/ir.ts';

export interface SimPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
}

export interface TopInterface {
  top: string;
  /** Present when the top has an implicit clock input named `clock`. */
  hasClock: boolean;
  /** Every port except the clock, inputs first (protocol index = position). */
  ports: SimPort[];
}

export function topInterface(m: Pick<IrModule, 'name' | 'ports'>): TopInterface {
  const hasClock = m.ports.some((p) => p.role === 'clock' || (p.name === 'clock' && p.dir === 'input'));
  const ports = m.ports
    .filter((p) => !(p.name === 'clock' && p.dir === 'input'))
    .map((p) => ({ name: p.name, dir: p.dir, width: p.type.width, signed: p.type.signed }));
  return { top: m.name, hasClock, ports: [...ports.filter((p) => p.dir === 'input'), ...ports.filter((p) => p.dir === 'output')] };
}

export const inputsOf = (t: TopInterface) => t.ports.filter((p) => p.dir === 'input');
export const outputsOf = (t: TopInterface) => t.ports.filter((p) => p.dir === 'output');
