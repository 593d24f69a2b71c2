// The tile's two analog macros (the crossbar array and the sampler's entropy
// macro) either with their digital twins inside (simulation, FPGA emulation)
// or as pins: the tile then ends at the macros' ports, which is the logic
// synthesized next to the hard macros in silicon (`synth --target tile-digital`).
import { Bool, UInt, type ModuleBuilder, type Signal } from '../../gen/index.ts';
import { Crossbar, CrossbarController } from '../crossbar/index.ts';
import { colBits, roundBits, rowBits, SHIFT_BITS, SIGMA_BITS, type CrossbarConfig } from '../crossbar/params.ts';
import { Sampler, SamplerDigital, type SamplerConfig } from '../sampler/index.ts';

export type MacroMode = 'twin' | 'pins';

/** The controller's pins towards the macro (outputs) and back from it (inputs), with the read-back the twin answers. */
function macroPins(x: CrossbarConfig): { outputs: [string, number][]; inputs: [string, number][] } {
  return {
    outputs: [
      ['prog_en', 1], ['prog_row', rowBits(x)], ['prog_col', colBits(x)], ['prog_plus', x.gbits], ['prog_minus', x.gbits],
      ['sigma_en', 1], ['sigma_level', x.gbits], ['sigma_value', SIGMA_BITS], ['seed_en', 1], ['seed_value', 32],
      ['conv_start', 1], ['conv_first', 1], ['conv_round', roundBits(x)], ['conv_spikes', x.rows], ['conv_shift', SHIFT_BITS],
      ['peek_req', 1], ['peek_row', rowBits(x)], ['peek_col', colBits(x)],
    ],
    inputs: [['conv_done', 1], ['codes', (x.cols / x.adcShare) * x.adcBits]],
  };
}

/** The crossbar block as the tile sees it (the `Crossbar` ports), with the twin or ending at the macro's pins. */
export function tileCrossbar(m: ModuleBuilder, x: CrossbarConfig, mode: MacroMode): Record<string, Signal> {
  if (mode === 'twin') return m.instance('crossbar', Crossbar(x)) as Record<string, Signal>;
  const ctrl = m.instance('crossbar_interface', CrossbarController(x)) as Record<string, Signal>;
  const pins = macroPins(x);
  for (const [name, width] of pins.outputs) m.output(`xbar_${name}`, width === 1 ? Bool() : UInt(width)).set(ctrl[name]!);
  for (const [name, width] of pins.inputs) ctrl[name]!.set(m.input(`xbar_${name}`, width === 1 ? Bool() : UInt(width)));
  // The macro answers the read-back (pair peek, sigma table, seed, read index) on its own pins.
  return {
    ...ctrl,
    peek_data: m.input('xbar_peek_data', UInt(2 * x.gbits)),
    sigma_rd_level: m.output('xbar_sigma_rd_level', UInt(x.gbits)),
    sigma_rd_data: m.input('xbar_sigma_rd_data', UInt(SIGMA_BITS)),
    seed_rd: m.input('xbar_seed_rd', UInt(32)),
    read_index_rd: m.input('xbar_read_index_rd', UInt(32)),
  };
}

/** The sampler, with its entropy macro's twin or ending at that macro's pins (`sampler_macro_*`). */
export function tileSampler(m: ModuleBuilder, s: SamplerConfig, mode: MacroMode): Record<string, Signal> {
  if (mode === 'twin') return m.instance('sampler', Sampler(s)) as Record<string, Signal>;
  const sampler = m.instance('sampler', SamplerDigital(s)) as Record<string, Signal>;
  const def = SamplerDigital(s);
  for (const port of def.ir.ports) {
    if (port.role || !port.name.startsWith('macro_')) continue;
    const type = port.type.width === 1 ? Bool() : UInt(port.type.width);
    if (port.dir === 'output') m.output(`sampler_${port.name}`, type).set(sampler[port.name]!);
    else sampler[port.name]!.set(m.input(`sampler_${port.name}`, type));
  }
  return sampler;
}
