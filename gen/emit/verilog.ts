// The Verilog emitter's entry point: one file per module, named after the
// module (Verilator's DECLFILENAME rule), in the design's order (children
// first). Black boxes contribute their own Verilog source when the design
// carries it. Output depends only on the IR's content: no timestamps, no
// dependence on object identity.
import type { IrDesign, IrModule } from '../ir.ts';
import { EmitError } from './errors.ts';
import { emitModule } from './module.ts';

export interface EmittedFile {
  /** File name (no directories), `<module>.v`. */
  path: string;
  module: string;
  text: string;
}

export interface EmittedVerilog {
  top: string;
  files: EmittedFile[];
}

export interface EmitVerilogOptions {
  /** Extra comment text for every generated module's header (e.g. the configuration it came from). */
  banner?: string;
}

export { EmitError };

export function emitVerilog(design: IrDesign, options: EmitVerilogOptions = {}): EmittedVerilog {
  const modules = new Map<string, IrModule>();
  for (const m of design.modules) {
    if (modules.has(m.name)) throw new EmitError(`module name '${m.name}' is used twice in the design`, m.loc);
    modules.set(m.name, m);
  }
  if (!modules.has(design.top)) throw new EmitError(`top module '${design.top}' is not in the design`);
  const files: EmittedFile[] = [];
  for (const m of design.modules) {
    if (m.kind === 'blackbox') {
      if (m.verilog !== undefined) files.push({ path: `${m.name}.v`, module: m.name, text: blackBoxText(m) });
      continue;
    }
    files.push({ path: `${m.name}.v`, module: m.name, text: emitModule(m, modules, { banner: options.banner }) });
  }
  return { top: design.top, files };
}

/** The black box's own source, unchanged, under a comment saying where it came from. */
function blackBoxText(m: IrModule): string {
  const source = m.verilog!.endsWith('\n') ? m.verilog! : `${m.verilog}\n`;
  const from = m.loc ? ` (declared at @[${m.loc}])` : '';
  return `// Black box ${m.name}: Verilog supplied with the design${from}, emitted unchanged.\n${source}`;
}
