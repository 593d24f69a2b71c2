// The LFSR-free sampler block (docs/tile-spec.md § Sampler): the sampler
// logic (SamplerCore) driving its entropy macro, a small crossbar of
// reference pairs. `Sampler` carries the crossbar with its digital twin (for
// simulation and FPGA emulation); `SamplerDigital` ends at the macro's pins
// (what is synthesized next to the hard macro in silicon: the sampler logic
// and the crossbar interface controller).
import { Bool, module, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { Crossbar, CrossbarController } from '../crossbar/index.ts';
import { colBits, rowBits, roundBits, SIGMA_BITS, SHIFT_BITS } from '../crossbar/params.ts';
import { MACRO_PORTS_IN, MACRO_PORTS_OUT, SamplerCore, samplerHostPorts } from './core.ts';
import { checkSamplerConfig, macroConfig, samplerParamsOf, type SamplerConfig } from './params.ts';

/** Passes the core's host ports through to ports of the parent with the same names. */
function hostPorts(m: Parameters<Parameters<typeof module>[2]>[0], core: Record<string, Signal>, c: SamplerConfig): Record<string, Signal> {
  const io: Record<string, Signal> = {};
  for (const name of samplerHostPorts(c)) {
    const inner = core[name]!;
    // Instance inputs are the ones a parent can set; everything else is read.
    if (isInput(name)) {
      io[name] = m.input(name, UInt(inner.width));
      inner.set(io[name]);
    } else {
      io[name] = m.output(name, UInt(inner.width));
      io[name].set(inner);
    }
  }
  return io;
}

const INPUTS = /^(wr_valid|wr_kind|wr_addr|wr_data|rd_addr|num_\d+_ready|bern_\d+_p)$/;
const isInput = (name: string) => INPUTS.test(name);

export const Sampler = (config: SamplerConfig): ModuleDef<Record<string, Signal>> => {
  const c = checkSamplerConfig(config);
  return module(
    'Sampler',
    samplerParamsOf(c),
    (m) => {
      const core = m.instance('core', SamplerCore(c)) as Record<string, Signal>;
      const io = hostPorts(m, core, c);
      const macro = m.instance('entropy_macro', Crossbar(macroConfig(c))) as Record<string, Signal>;
      for (const name of MACRO_PORTS_OUT) macro[name]!.set(core[`xb_${name}`]!);
      for (const name of MACRO_PORTS_IN) core[`xb_${name}`]!.set(macro[name]!);
      // The macro's host read-back is not used by the sampler (its settings read back through rd_data).
      for (const name of ['peek_en', 'peek_addr', 'sigma_rd_level']) macro[name]!.set(0);
      return io;
    },
    { doc: `LFSR-free sampler: ${c.lanes} lanes from a ${c.rows} x ${c.lanes} entropy macro (crossbar + digital twin).` },
  );
};

/** The macro-side pins of the crossbar controller (towards the hard macro or its twin). */
function macroPins(c: SamplerConfig): { outputs: [string, number][]; inputs: [string, number][] } {
  const x = macroConfig(c);
  return {
    outputs: [
      ['prog_en', 1], ['prog_row', rowBits(x)], ['prog_col', colBits(x)], ['prog_plus', x.gbits], ['prog_minus', x.gbits],
      ['sigma_en', 1], ['sigma_level', x.gbits], ['sigma_value', SIGMA_BITS], ['seed_en', 1], ['seed_value', 32],
      ['conv_start', 1], ['conv_first', 1], ['conv_round', roundBits(x)], ['conv_spikes', x.rows], ['conv_shift', SHIFT_BITS],
    ],
    inputs: [['conv_done', 1], ['codes', x.cols * x.adcBits]],
  };
}

export const SamplerDigital = (config: SamplerConfig): ModuleDef<Record<string, Signal>> => {
  const c = checkSamplerConfig(config, 'SamplerDigital');
  return module(
    'SamplerDigital',
    samplerParamsOf(c),
    (m) => {
      const core = m.instance('core', SamplerCore(c)) as Record<string, Signal>;
      const io = hostPorts(m, core, c);
      const ctrl = m.instance('macro_interface', CrossbarController(macroConfig(c))) as Record<string, Signal>;
      for (const name of MACRO_PORTS_OUT) ctrl[name]!.set(core[`xb_${name}`]!);
      for (const name of MACRO_PORTS_IN) core[`xb_${name}`]!.set(ctrl[name]!);
      const pins = macroPins(c);
      for (const [name, width] of pins.outputs) {
        io[`macro_${name}`] = m.output(`macro_${name}`, width === 1 ? Bool() : UInt(width));
        io[`macro_${name}`].set(ctrl[name]!);
      }
      for (const [name, width] of pins.inputs) {
        io[`macro_${name}`] = m.input(`macro_${name}`, width === 1 ? Bool() : UInt(width));
        ctrl[name]!.set(io[`macro_${name}`]);
      }
      return io;
    },
    { doc: `Sampler logic and the entropy macro's interface controller, ending at the macro's pins (${c.lanes} lanes).` },
  );
};
