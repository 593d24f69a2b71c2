// The crossbar block: the interface controller driving the digital twin of
// the analog macro. Its ports are the host's (docs/tile-spec.md § Crossbar,
// "Ports"); in silicon the twin is replaced by the hard macro.
import { Bool, module, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { CrossbarController } from './controller.ts';
import { CrossbarTwin } from './twin.ts';
import {
  adcCount,
  checkConfig,
  colBits,
  rowBits,
  SIGMA_BITS,
  KIND_BITS,
  paramsOf,
  roundBits,
  SHIFT_BITS,
  WRITE_DATA_BITS,
  writeAddrBits,
  type CrossbarConfig,
} from './params.ts';

/** Controller outputs that drive the twin (same names on both sides). */
const TO_TWIN = [
  'prog_en', 'prog_row', 'prog_col', 'prog_plus', 'prog_minus', 'sigma_en', 'sigma_level', 'sigma_value',
  'seed_en', 'seed_value', 'conv_start', 'conv_first', 'conv_round', 'conv_spikes', 'conv_shift',
  'peek_req', 'peek_row', 'peek_col',
] as const;

export const Crossbar = (config: CrossbarConfig): ModuleDef<Record<string, Signal>> => {
  const p = checkConfig(config);
  return module('Crossbar', paramsOf(p), (m) => {
    const io = {
      wr_valid: m.input('wr_valid', Bool()),
      wr_ready: m.output('wr_ready', Bool()),
      wr_kind: m.input('wr_kind', UInt(KIND_BITS)),
      wr_addr: m.input('wr_addr', UInt(writeAddrBits(p))),
      wr_data: m.input('wr_data', UInt(WRITE_DATA_BITS)),
      start_valid: m.input('start_valid', Bool()),
      start_ready: m.output('start_ready', Bool()),
      start_spikes: m.input('start_spikes', UInt(p.rows)),
      start_shift: m.input('start_shift', UInt(SHIFT_BITS)),
      out_valid: m.output('out_valid', Bool()),
      out_ready: m.input('out_ready', Bool()),
      out_codes: m.output('out_codes', UInt(adcCount(p) * p.adcBits)),
      out_round: m.output('out_round', UInt(roundBits(p))),
      out_last: m.output('out_last', Bool()),
      peek_en: m.input('peek_en', Bool()),
      peek_addr: m.input('peek_addr', UInt(rowBits(p) + colBits(p))),
      peek_data: m.output('peek_data', UInt(2 * p.gbits)),
      sigma_rd_level: m.input('sigma_rd_level', UInt(p.gbits)),
      sigma_rd_data: m.output('sigma_rd_data', UInt(SIGMA_BITS)),
      seed_rd: m.output('seed_rd', UInt(32)),
      read_index_rd: m.output('read_index_rd', UInt(32)),
    };
    const ctrl = m.instance('controller', CrossbarController(p));
    const twin = m.instance('twin', CrossbarTwin(p));
    for (const name of ['wr_valid', 'wr_kind', 'wr_addr', 'wr_data', 'start_valid', 'start_spikes', 'start_shift', 'out_ready', 'peek_en', 'peek_addr'] as const) {
      ctrl[name]!.set(io[name]);
    }
    for (const name of ['wr_ready', 'start_ready', 'out_valid', 'out_codes', 'out_round', 'out_last'] as const) {
      io[name].set(ctrl[name]!);
    }
    for (const name of TO_TWIN) twin[name].set(ctrl[name]!);
    twin.sigma_rd_level.set(io.sigma_rd_level);
    for (const name of ['peek_data', 'sigma_rd_data', 'seed_rd', 'read_index_rd'] as const) io[name].set(twin[name]);
    ctrl.conv_done!.set(twin.conv_done);
    ctrl.codes!.set(twin.codes);
    return io;
  });
};
