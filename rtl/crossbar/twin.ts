// The digital twin of the analog crossbar macro: it stands in for the hard
// macro in simulation and FPGA emulation. Conductance levels live in one
// memory per ADC (written through the programming port); a conversion round
// sweeps the rows one per cycle, reads every device of the round's columns
// with per-read noise, accumulates the column currents and converts them
// (one AdcLane per ADC: lane.ts). Pipeline per row r: cycle s+1+r memory
// read, s+2+r noise hash (registered), s+3+r noisy reads and accumulation.
// conv_start in cycle s -> conv_done (one cycle) and the codes in cycle s + R + 3.
import { cat, lit, module, mux, pick, UInt, Bool, Vec, type ModuleDef, type Signal } from '../../gen/index.ts';
import { Lowbias32 } from './noise.ts';
import { AdcLane } from './lane.ts';
import {
  accBits,
  adcCount,
  checkConfig,
  colBits,
  maxLevel,
  paramsOf,
  readBits,
  roundBits,
  rowBits,
  shareBits,
  SHIFT_BITS,
  SIGMA_BITS,
  type CrossbarConfig,
} from './params.ts';

export interface CrossbarTwinIO {
  prog_en: Signal;
  prog_row: Signal;
  prog_col: Signal;
  prog_plus: Signal;
  prog_minus: Signal;
  sigma_en: Signal;
  sigma_level: Signal;
  sigma_value: Signal;
  seed_en: Signal;
  seed_value: Signal;
  conv_start: Signal;
  conv_first: Signal;
  conv_round: Signal;
  conv_spikes: Signal;
  conv_shift: Signal;
  conv_done: Signal;
  codes: Signal;
  peek_req: Signal;
  peek_row: Signal;
  peek_col: Signal;
  peek_data: Signal;
  sigma_rd_level: Signal;
  sigma_rd_data: Signal;
  seed_rd: Signal;
  read_index_rd: Signal;
}

export const CrossbarTwin = (config: CrossbarConfig): ModuleDef<CrossbarTwinIO> => {
  const p = checkConfig(config);
  const adcs = adcCount(p);
  const rb = rowBits(p);
  const sb = shareBits(p);
  const wAcc = accBits(p);
  return module('CrossbarTwin', paramsOf(p), (m) => {
    const io: CrossbarTwinIO = {
      prog_en: m.input('prog_en', Bool()),
      prog_row: m.input('prog_row', UInt(rb)),
      prog_col: m.input('prog_col', UInt(colBits(p))),
      prog_plus: m.input('prog_plus', UInt(p.gbits)),
      prog_minus: m.input('prog_minus', UInt(p.gbits)),
      sigma_en: m.input('sigma_en', Bool()),
      sigma_level: m.input('sigma_level', UInt(p.gbits)),
      sigma_value: m.input('sigma_value', UInt(SIGMA_BITS)),
      seed_en: m.input('seed_en', Bool()),
      seed_value: m.input('seed_value', UInt(32)),
      conv_start: m.input('conv_start', Bool()),
      conv_first: m.input('conv_first', Bool()),
      conv_round: m.input('conv_round', UInt(roundBits(p))),
      conv_spikes: m.input('conv_spikes', UInt(p.rows)),
      conv_shift: m.input('conv_shift', UInt(SHIFT_BITS)),
      conv_done: m.output('conv_done', Bool()),
      codes: m.output('codes', UInt(adcs * p.adcBits)),
      peek_req: m.input('peek_req', Bool()),
      peek_row: m.input('peek_row', UInt(rb)),
      peek_col: m.input('peek_col', UInt(colBits(p))),
      peek_data: m.output('peek_data', UInt(2 * p.gbits)),
      sigma_rd_level: m.input('sigma_rd_level', UInt(p.gbits)),
      sigma_rd_data: m.output('sigma_rd_data', UInt(SIGMA_BITS)),
      seed_rd: m.output('seed_rd', UInt(32)),
      read_index_rd: m.output('read_index_rd', UInt(32)),
    };

    // ---- host-written configuration: sigma table, seed, read counter -------------
    const sigma = m.reg('sigma_table', Vec(maxLevel(p) + 1, UInt(SIGMA_BITS)), { reset: 0 });
    sigma.forEach((entry, level) => m.when(io.sigma_en.and(io.sigma_level.eq(level)), () => entry.set(io.sigma_value)));
    const seed = m.reg('seed', UInt(32), { reset: 0 });
    const readIndex = m.reg('read_index', UInt(32), { reset: 0 });
    // key of this read = lowbias32(seed ^ lowbias32(read_index)), in two registered steps after the
    // read starts (one hash per cycle keeps the clock fast); the first row needs it in cycle s + 2.
    const indexHash = m.instance('index_hash', Lowbias32());
    indexHash.x.set(readIndex);
    const indexMix = m.reg('index_mix', UInt(32));
    const keyPending = m.reg('key_pending', Bool(), { reset: 0 });
    const keyHash = m.instance('key_hash', Lowbias32());
    keyHash.x.set(seed.xor(indexMix));
    const key = m.reg('read_key', UInt(32));
    const spikes = m.reg('spikes', UInt(p.rows));
    const shift = m.reg('shift', UInt(SHIFT_BITS));
    const round = m.reg('round', UInt(roundBits(p)));
    keyPending.set(io.conv_start.and(io.conv_first));
    m.when(keyPending, () => key.set(keyHash.y));
    m.when(io.conv_start, () => {
      round.set(io.conv_round);
      m.when(io.conv_first, () => {
        indexMix.set(indexHash.y);
        readIndex.set(readIndex.addWrap(1));
        spikes.set(io.conv_spikes);
        shift.set(io.conv_shift);
      });
    });
    m.when(io.seed_en, () => {
      seed.set(io.seed_value);
      readIndex.set(0);
    });
    io.sigma_rd_data.set(pick(sigma, io.sigma_rd_level));
    io.seed_rd.set(seed);
    io.read_index_rd.set(readIndex);

    // ---- row sweep: issue one row per cycle, the memory answers the next cycle ----
    const active = m.reg('active', Bool(), { reset: 0 });
    const issueRow = m.reg('issue_row', UInt(rb));
    const issueBase = m.reg('issue_base', UInt(32)); // 2 * issue_row * C: device id of (row, column 0)
    const lastIssue = m.node('last_issue', issueRow.eq(p.rows - 1));
    m.when(io.conv_start, () => {
      active.set(1);
      issueRow.set(0);
      issueBase.set(0);
    }).elsewhen(active, () => {
      issueRow.set(issueRow.addWrap(1));
      issueBase.set(issueBase.addWrap(2 * p.cols));
      m.when(lastIssue, () => active.set(0));
    });
    const pipeValid = m.reg('pipe_valid', Bool(), { reset: 0 });
    const pipeRow = m.reg('pipe_row', UInt(rb));
    const pipeBase = m.reg('pipe_base', UInt(32));
    const pipeLast = m.reg('pipe_last', Bool());
    pipeValid.set(active);
    pipeRow.set(issueRow);
    pipeBase.set(issueBase);
    pipeLast.set(lastIssue);
    // second stage: the hashed deviates are registered, then read and accumulated
    const sumValid = m.reg('sum_valid', Bool(), { reset: 0 });
    const sumLast = m.reg('sum_last', Bool());
    const sumRowActive = m.reg('sum_row_active', Bool());
    sumValid.set(pipeValid);
    sumLast.set(pipeLast);
    sumRowActive.set(spikes.shr(pipeRow).bit(0));
    const roundBase = m.node('round_base', pipeBase.addWrap(round.zext(32).shlWrap(1))); // + 2 * round

    // Pair memory address: row << log2(ADC_SHARE) | column-within-group.
    const progGroup = sb === 0 ? undefined : io.prog_col.bits(sb - 1, 0);
    const progAdc = sb >= colBits(p) ? lit(0, UInt(1)) : io.prog_col.bits(colBits(p) - 1, sb);
    const progAddr = progGroup ? cat(io.prog_row, progGroup) : io.prog_row;
    const issueAddr = sb === 0 ? issueRow : cat(issueRow, round.bits(sb - 1, 0));
    const rowInRange = m.node('prog_row_ok', io.prog_row.lt(p.rows));
    // Host read-back: the same memory port as the sweep (free while idle), same address layout.
    const peekGroup = sb === 0 ? undefined : io.peek_col.bits(sb - 1, 0);
    const peekAdc = sb >= colBits(p) ? lit(0, UInt(1)) : io.peek_col.bits(colBits(p) - 1, sb);
    const peekAddr = peekGroup ? cat(io.peek_row, peekGroup) : io.peek_row;
    const peekInRange = m.node('peek_in_range', io.peek_row.lt(p.rows).and(io.peek_col.lt(p.cols)));
    const peekedAdc = m.reg('peeked_adc', UInt(peekAdc.width));
    const peekedOk = m.reg('peeked_ok', Bool(), { reset: 0 });
    peekedAdc.set(peekAdc);
    peekedOk.set(peekInRange);
    const peeked: Signal[] = [];
    const done = m.reg('done', Bool(), { reset: 0 });
    done.set(sumValid.and(sumLast));
    io.conv_done.set(done);

    const codes: Signal[] = [];
    for (let a = 0; a < adcs; a++) {
      const pairs = m.mem(`pairs_${a}`, UInt(2 * p.gbits), p.rows * p.adcShare, {
        init: new Array<number>(p.rows * p.adcShare).fill(0),
      });
      pairs.write(progAddr, cat(io.prog_minus, io.prog_plus), io.prog_en.and(rowInRange).and(progAdc.eq(a)));
      const pair = pairs.read(`pair_${a}`, mux(active, issueAddr, peekAddr), active.or(io.peek_req));
      peeked.push(pair);
      // The sigma lookup (a multiplexer per device) happens beside the hash, off the accumulate path.
      const sumSigmaPlus = m.reg(`sum_sigma_plus_${a}`, UInt(SIGMA_BITS));
      const sumSigmaMinus = m.reg(`sum_sigma_minus_${a}`, UInt(SIGMA_BITS));
      sumSigmaPlus.set(pick(sigma, pair.bits(p.gbits - 1, 0)));
      sumSigmaMinus.set(pick(sigma, pair.bits(2 * p.gbits - 1, p.gbits)));
      const lane = m.instance(`lane_${a}`, AdcLane({ gbits: p.gbits, readBits: readBits(p), accBits: wAcc, adcBits: p.adcBits }));
      lane.conv_start.set(io.conv_start);
      lane.sum_valid.set(sumValid);
      lane.row_active.set(sumRowActive);
      lane.shift.set(shift);
      lane.key.set(key);
      lane.device.set(m.node(`device_plus_${a}`, roundBase.addWrap(2 * a * p.adcShare)));
      lane.pair.set(pair);
      lane.sigma_plus.set(sumSigmaPlus);
      lane.sigma_minus.set(sumSigmaMinus);
      codes.push(lane.code);
    }
    io.codes.set(codes.length === 1 ? codes[0]! : cat(...codes.reverse()));
    const peekPair = peeked.length === 1 ? peeked[0]! : pick(peeked, peekedAdc);
    io.peek_data.set(mux(peekedOk, peekPair, 0));
    return io;
  });
};
