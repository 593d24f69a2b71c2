// Black boxes: modules defined outside the DSL (a hard macro, vendor IP).
// Only their ports are declared; their Verilog, if given, travels along for
// simulation and lint.
import type { IrPort, ParamValue } from '../ir.ts';
import { fail, userLoc } from './errors.ts';
import { checkName } from './names.ts';
import { HwType, implicitPorts, leafName, leaves } from './types.ts';
import type { ModuleDef, Value } from './module.ts';
import { Signal, SignalOwner } from './signal.ts';

export class BlackBoxBuilder implements SignalOwner {
  readonly ports: IrPort[] = [];
  usesClock = false;
  usesReset = false;
  constructor(readonly name: string) {}

  connect(): void {
    fail(`black box '${this.name}' has no body: its outputs are driven by its own Verilog`);
  }

  input<T extends HwType>(name: string, type: T): Value<T> {
    return this.port(name, type, 'input');
  }
  output<T extends HwType>(name: string, type: T): Value<T> {
    return this.port(name, type, 'output');
  }
  /** The black box has an input `clock` wired to the parent's clock. */
  clock(): void {
    this.usesClock = true;
  }
  /** The black box has an input `reset` wired to the parent's reset. */
  reset(): void {
    this.usesReset = true;
  }

  private port<T extends HwType>(name: string, type: T, dir: 'input' | 'output'): Value<T> {
    const loc = userLoc();
    checkName(name, 'port');
    const signals = leaves(type).map((leaf) => {
      const leafPort = leafName(name, leaf.path);
      checkName(leafPort, 'port');
      if (this.ports.some((p) => p.name === leafPort)) fail(`port name '${leafPort}' is already used in black box '${this.name}'`);
      const d = leaf.flipped ? (dir === 'input' ? 'output' : 'input') : dir;
      const t = { width: leaf.type.width, signed: leaf.type.signed };
      this.ports.push({ name: leafPort, dir: d, type: t, loc });
      return new Signal({ kind: 'ref', name: leafPort, type: t }, this);
    });
    // Aggregates are returned flat (by leaf name); instances see the same names.
    return (type.kind === 'ground' ? signals[0] : Object.fromEntries(signals.map((s) => [(s.expr as { name: string }).name, s]))) as Value<T>;
  }
}

/** Declares a black box; `verilog` is its source (used for simulation and lint of designs that contain it). */
export function blackbox<IO>(
  name: string,
  params: Record<string, ParamValue>,
  body: (b: BlackBoxBuilder) => IO,
  options: { verilog?: string; doc?: string } = {},
): ModuleDef<IO> {
  const loc = userLoc();
  checkName(name, 'module');
  const b = new BlackBoxBuilder(name);
  const io = body(b);
  const rolePorts = implicitPorts(b.usesClock, b.usesReset, loc);
  return {
    ir: {
      name,
      kind: 'blackbox',
      generator: name,
      params,
      loc,
      ports: [...rolePorts, ...b.ports],
      wires: [],
      regs: [],
      mems: [],
      instances: [],
      assigns: [],
      verilog: options.verilog,
      doc: options.doc,
    },
    children: [],
    io,
    needsClock: b.usesClock,
    needsReset: b.usesReset,
  };
}
