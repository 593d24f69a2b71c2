// The sampler's digital logic (docs/tile-spec.md § Sampler) between the host
// and the entropy macro's interface (the crossbar's host port): the register
// map, the read scheduler (a read only while some lane's number has room),
// the shared calibration-window position, the lanes, and the per-cycle
// event outputs. It holds no random source: every random bit is a function
// of the macro's codes.
import { cat, lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { SamplerLane } from './lane.ts';
import {
  checkSamplerConfig,
  countBits,
  DATA_BITS,
  devicesPerRead,
  KIND_BITS,
  KIND_SAMPLER,
  macroAddrBits,
  REG,
  REG_ADDR_BITS,
  SHIFT_BITS,
  samplerParamsOf,
  windowSize,
  writeAddrBits,
  type SamplerConfig,
} from './params.ts';

/** The sampler's ports towards the entropy macro's interface (`xb_` + the crossbar's port name). */
export const MACRO_PORTS_OUT = ['wr_valid', 'wr_kind', 'wr_addr', 'wr_data', 'start_valid', 'start_spikes', 'start_shift', 'out_ready'] as const;
export const MACRO_PORTS_IN = ['start_ready', 'out_valid', 'out_codes'] as const;

/** Host-side port names of the sampler (for wiring it into a parent). */
export function samplerHostPorts(c: SamplerConfig): string[] {
  const lanes = Array.from({ length: c.lanes }, (_, i) =>
    ['num_valid', 'num_ready', 'num_bits', 'bern_p', 'bern_bit', 'bit_valid', 'bit_value'].map((n) => n.replace('_', `_${i}_`)),
  );
  return ['wr_valid', 'wr_ready', 'wr_kind', 'wr_addr', 'wr_data', 'rd_addr', 'rd_data', ...lanes.flat(), 'ev_read', 'ev_device_reads', 'ev_raw_bits', 'ev_bits', 'quiet'];
}

export const SamplerCore = (config: SamplerConfig): ModuleDef<Record<string, Signal>> => {
  const c = checkSamplerConfig(config, 'SamplerCore');
  const E = c.lanes;
  const k = c.adcBits;
  const K = c.numberBits;
  const A = writeAddrBits(c);
  const xw = macroAddrBits(c);
  return module(
    'SamplerCore',
    samplerParamsOf(c),
    (m) => {
      const io: Record<string, Signal> = {};
      const input = (name: string, width: number) => (io[name] = m.input(name, UInt(width)));
      const output = (name: string, width: number) => (io[name] = m.output(name, UInt(width)));

      // ---- host side ---------------------------------------------------------------
      const wrValid = input('wr_valid', 1);
      const wrReady = output('wr_ready', 1);
      const wrKind = input('wr_kind', KIND_BITS);
      const wrAddr = input('wr_addr', A);
      const wrData = input('wr_data', DATA_BITS);
      const rdAddr = input('rd_addr', REG_ADDR_BITS);
      const rdData = output('rd_data', DATA_BITS);
      const lanePorts = Array.from({ length: E }, (_, i) => ({
        numValid: output(`num_${i}_valid`, 1),
        numReady: input(`num_${i}_ready`, 1),
        numBits: output(`num_${i}_bits`, K),
        bernP: input(`bern_${i}_p`, K),
        bernBit: output(`bern_${i}_bit`, 1),
        bitValid: output(`bit_${i}_valid`, 1),
        bitValue: output(`bit_${i}_value`, 1),
      }));
      const evRead = output('ev_read', 1);
      const evDeviceReads = output('ev_device_reads', countBits(devicesPerRead(c)));
      const evRawBits = output('ev_raw_bits', countBits(E));
      const evBits = output('ev_bits', countBits(E));
      const quiet = output('quiet', 1);

      // ---- entropy-macro side (the crossbar's host port) -------------------------------
      const xbWrValid = output('xb_wr_valid', 1);
      const xbWrKind = output('xb_wr_kind', KIND_BITS);
      const xbWrAddr = output('xb_wr_addr', xw);
      const xbWrData = output('xb_wr_data', DATA_BITS);
      const xbStartValid = output('xb_start_valid', 1);
      const xbStartSpikes = output('xb_start_spikes', c.rows);
      const xbStartShift = output('xb_start_shift', SHIFT_BITS);
      const xbOutReady = output('xb_out_ready', 1);
      const xbStartReady = input('xb_start_ready', 1);
      const xbOutValid = input('xb_out_valid', 1);
      const xbOutCodes = input('xb_out_codes', E * k);

      // ---- host writes --------------------------------------------------------------
      const enable = m.reg('enable', Bool(), { reset: 0 });
      const shift = m.reg('shift', UInt(SHIFT_BITS), { reset: 0 });
      // The macro is idle (no read running): writes are taken only then, so a write into the
      // macro never lands in the middle of a read.
      const idle = m.node('macro_idle', xbStartReady);
      const writeFire = m.node('write_fire', wrValid.and(idle));
      const isRegister = m.node('is_register', wrKind.eq(KIND_SAMPLER));
      const macroWrite = m.node('macro_write', wrValid.and(isRegister.not()));
      const regWrite = m.node('register_write', writeFire.and(isRegister));
      const at = (addr: number) => wrAddr.eq(addr);
      const addrFits = A > xw ? wrAddr.bits(A - 1, xw).eq(0) : lit(1, Bool());
      m.when(regWrite.and(at(REG.control)), () => enable.set(wrData.bit(0)));
      m.when(regWrite.and(at(REG.shift)), () => shift.set(wrData.bits(SHIFT_BITS - 1, 0)));
      // Recalibrate on command, and whenever the host reprograms the macro (levels or sigma table).
      const reprogram = m.node('macro_reprogram', writeFire.and(wrKind.lt(2)));
      const recal = m.node('recalibrate', reprogram.or(regWrite.and(at(REG.command)).and(wrData.bit(0))));
      wrReady.set(idle);
      xbWrValid.set(macroWrite.and(addrFits));
      xbWrKind.set(wrKind);
      xbWrAddr.set(wrAddr.bits(xw - 1, 0));
      xbWrData.set(wrData);

      // ---- read scheduling: on demand only ---------------------------------------------
      const beat = m.node('beat', xbOutValid);
      const windowPos = m.reg('window_pos', UInt(c.windowLog2), { reset: 0 });
      const odd = m.node('window_odd', windowPos.bit(0));
      const last = m.node('window_last', windowPos.eq(windowSize(c) - 1));
      m.when(recal, () => windowPos.set(0)).elsewhen(beat, () => windowPos.set(mux(last, lit(0, UInt(c.windowLog2)), windowPos.addWrap(1))));

      const lanes = lanePorts.map((port, i) => {
        const lane = m.instance(`lane_${i}`, SamplerLane(c));
        lane.beat.set(beat);
        lane.code.set(xbOutCodes.bits(i * k + k - 1, i * k).asSInt());
        lane.odd.set(odd);
        lane.last.set(last);
        lane.recal.set(recal);
        lane.thr_we.set(regWrite.and(at(REG.threshold + i)));
        lane.thr_data.set(wrData.bits(k - 1, 0));
        lane.consume.set(port.numReady);
        lane.bern_p.set(port.bernP);
        port.numValid.set(lane.num_valid);
        port.numBits.set(lane.num_bits);
        port.bernBit.set(lane.bern_bit);
        port.bitValid.set(lane.bit_valid);
        port.bitValue.set(lane.bit_value);
        return lane;
      });
      const anyRoom = m.node('any_room', lanes.map((l) => l.room).reduce((a, b) => a.or(b)));
      const wantRead = m.node('want_read', enable.and(anyRoom));
      // A write waiting for the macro holds the next read back by a cycle (the crossbar gives starts priority).
      const startValid = m.node('start_valid', wantRead.and(macroWrite.not()));
      xbStartValid.set(startValid);
      xbStartSpikes.set(lit((1n << BigInt(c.rows)) - 1n, UInt(c.rows)));
      xbStartShift.set(shift);
      xbOutReady.set(lit(1, Bool()));

      // ---- per-cycle events (the tile's activity counters add them up) ---------------
      const readStarts = m.node('read_starts', startValid.and(idle));
      evRead.set(readStarts);
      evDeviceReads.set(mux(readStarts, lit(devicesPerRead(c), UInt(countBits(devicesPerRead(c)))), lit(0, UInt(countBits(devicesPerRead(c))))));
      evRawBits.set(mux(beat, lit(E, UInt(countBits(E))), lit(0, UInt(countBits(E)))));
      evBits.set(popcount(lanes.map((l) => l.bit_valid), countBits(E)));
      quiet.set(idle.and(beat.not()).and(wantRead.not()));

      // ---- read port: every setting and the useful state -------------------------------
      const word = (s: Signal) => (s.width === DATA_BITS ? s : s.zext(DATA_BITS));
      const laneBits = (f: (l: (typeof lanes)[number]) => Signal) => (E === 1 ? f(lanes[0]!) : cat(...lanes.map(f).reverse()));
      const info = E | (K << 8) | (c.windowLog2 << 16) | (k << 20) | (c.rows << 24);
      rdData.set(lit(0, UInt(DATA_BITS)));
      const sw = m
        .switch(rdAddr)
        .is(REG.control, () => rdData.set(word(enable)))
        .is(REG.shift, () => rdData.set(word(shift)))
        .is(REG.converged, () => rdData.set(word(laneBits((l) => l.converged))))
        .is(REG.valid, () => rdData.set(word(laneBits((l) => l.num_valid))))
        .is(REG.window, () => rdData.set(word(windowPos)))
        .is(REG.info, () => rdData.set(lit(info, UInt(DATA_BITS))))
        .is(REG.deadband, () => rdData.set(lit(c.deadband, UInt(DATA_BITS))));
      lanes.forEach((l, i) => {
        sw.is(REG.threshold + i, () => rdData.set(l.threshold.sext(DATA_BITS).asUInt()))
          .is(REG.calibration + i, () =>
            rdData.set(word(cat(l.converged, lit(0, UInt(2)), l.dir, lit(0, UInt(1)), l.step, l.ones.zext(16)))),
          )
          .is(REG.number + i, () => rdData.set(word(cat(l.count.zext(5), l.acc.zext(16)))));
      });
      return io;
    },
    { doc: `Sampler logic: ${E} lanes of ${K}-bit numbers from the threshold bits of a ${c.rows} x ${E} entropy macro (von Neumann, calibrated thresholds).` },
  );
};

/** Sum of 1-bit signals, as a `width`-bit count (an adder tree). */
function popcount(bits: Signal[], width: number): Signal {
  let level = bits.map((b) => b.zext(width));
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.addWrap(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}
