// The synthesizable crossbar interface: accepts host writes and read
// requests, sequences the macro's conversion rounds and delivers each
// round's codes on a valid/ready port (one ADC round per beat).
//
// Phases: IDLE (writes and starts accepted) -> CONVERTING (a round runs in
// the macro) -> on conv_done the codes go to the output register if it is
// free (empty, or emptied this cycle) and the next round starts in the same
// cycle; otherwise HOLDING until it is free (the macro keeps its codes).
import { lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import {
  adcCount,
  checkConfig,
  colBits,
  KIND_BITS,
  paramsOf,
  roundBits,
  rowBits,
  SHIFT_BITS,
  SIGMA_BITS,
  WRITE_DATA_BITS,
  WRITE_PAIR,
  WRITE_SEED,
  WRITE_SIGMA,
  writeAddrBits,
  type CrossbarConfig,
} from './params.ts';

const IDLE = 0;
const CONVERTING = 1;
const HOLDING = 2;

export type CrossbarControllerIO = Record<string, Signal>;

export const CrossbarController = (config: CrossbarConfig): ModuleDef<CrossbarControllerIO> => {
  const p = checkConfig(config);
  const codeBits = adcCount(p) * p.adcBits;
  const cb = colBits(p);
  return module('CrossbarController', paramsOf(p), (m) => {
    // host side
    const wrValid = m.input('wr_valid', Bool());
    const wrReady = m.output('wr_ready', Bool());
    const wrKind = m.input('wr_kind', UInt(KIND_BITS));
    const wrAddr = m.input('wr_addr', UInt(writeAddrBits(p)));
    const wrData = m.input('wr_data', UInt(WRITE_DATA_BITS));
    const startValid = m.input('start_valid', Bool());
    const startReady = m.output('start_ready', Bool());
    const startSpikes = m.input('start_spikes', UInt(p.rows));
    const startShift = m.input('start_shift', UInt(SHIFT_BITS));
    const outValid = m.output('out_valid', Bool());
    const outReady = m.input('out_ready', Bool());
    const outCodes = m.output('out_codes', UInt(codeBits));
    const outRound = m.output('out_round', UInt(roundBits(p)));
    const outLast = m.output('out_last', Bool());
    // macro side
    const progEn = m.output('prog_en', Bool());
    const progRow = m.output('prog_row', UInt(rowBits(p)));
    const progCol = m.output('prog_col', UInt(cb));
    const progPlus = m.output('prog_plus', UInt(p.gbits));
    const progMinus = m.output('prog_minus', UInt(p.gbits));
    const sigmaEn = m.output('sigma_en', Bool());
    const sigmaLevel = m.output('sigma_level', UInt(p.gbits));
    const sigmaValue = m.output('sigma_value', UInt(SIGMA_BITS));
    const seedEn = m.output('seed_en', Bool());
    const seedValue = m.output('seed_value', UInt(32));
    const convStart = m.output('conv_start', Bool());
    const convFirst = m.output('conv_first', Bool());
    const convRound = m.output('conv_round', UInt(roundBits(p)));
    const convSpikes = m.output('conv_spikes', UInt(p.rows));
    const convShift = m.output('conv_shift', UInt(SHIFT_BITS));
    const convDone = m.input('conv_done', Bool());
    const codes = m.input('codes', UInt(codeBits));
    // host read-back (docs § Crossbar, "Read-back"): a pair while idle, and the registers
    const peekEnIn = m.input('peek_en', Bool());
    const peekAddr = m.input('peek_addr', UInt(rowBits(p) + cb));
    const peekEn = m.output('peek_req', Bool());
    const peekRow = m.output('peek_row', UInt(rowBits(p)));
    const peekCol = m.output('peek_col', UInt(cb));

    const phase = m.reg('phase', UInt(2), { reset: IDLE });
    const round = m.reg('round', UInt(roundBits(p)), { reset: 0 });
    const resultValid = m.reg('result_valid', Bool(), { reset: 0 });
    const resultCodes = m.reg('result_codes', UInt(codeBits));
    const resultRound = m.reg('result_round', UInt(roundBits(p)));
    const resultLast = m.reg('result_last', Bool());

    const idle = m.node('idle', phase.eq(IDLE));
    const startFire = m.node('start_fire', idle.and(startValid));
    // A start has priority over a write in the same cycle (the write waits a cycle).
    const writeFire = m.node('write_fire', idle.and(startValid.not()).and(wrValid));
    const outputFree = m.node('output_free', resultValid.not().or(outReady));
    const codesReady = m.node('codes_ready', phase.eq(CONVERTING).and(convDone).or(phase.eq(HOLDING)));
    const capture = m.node('capture', codesReady.and(outputFree));
    const lastRound = m.node('last_round', round.eq(p.adcShare - 1));
    const nextRound = m.node('next_round', round.addWrap(1));

    wrReady.set(idle.and(startValid.not()));
    startReady.set(idle);
    outValid.set(resultValid);
    outCodes.set(resultCodes);
    outRound.set(resultRound);
    outLast.set(resultLast);

    // Pair writes with an address bit above row/column set are ignored (as writes outside the array).
    const pairAddrBits = rowBits(p) + cb;
    const pairInRange = writeAddrBits(p) > pairAddrBits ? wrAddr.bits(writeAddrBits(p) - 1, pairAddrBits).eq(0) : lit(1, Bool());
    progEn.set(writeFire.and(wrKind.eq(WRITE_PAIR)).and(pairInRange));
    progRow.set(wrAddr.bits(rowBits(p) + cb - 1, cb));
    progCol.set(wrAddr.bits(cb - 1, 0));
    progPlus.set(wrData.bits(p.gbits - 1, 0));
    progMinus.set(wrData.bits(2 * p.gbits - 1, p.gbits));
    // Sigma writes to an address above the top level are ignored.
    const levelInRange = writeAddrBits(p) > p.gbits ? wrAddr.bits(writeAddrBits(p) - 1, p.gbits).eq(0) : lit(1, Bool());
    sigmaEn.set(writeFire.and(wrKind.eq(WRITE_SIGMA)).and(levelInRange));
    sigmaLevel.set(wrAddr.bits(p.gbits - 1, 0));
    sigmaValue.set(wrData.bits(SIGMA_BITS - 1, 0));
    seedEn.set(writeFire.and(wrKind.eq(WRITE_SEED)));
    seedValue.set(wrData);

    convStart.set(startFire.or(capture.and(lastRound.not())));
    convFirst.set(startFire);
    convRound.set(mux(startFire, lit(0, UInt(roundBits(p))), nextRound));
    convSpikes.set(startSpikes);
    convShift.set(startShift);
    // The twin's memory port serves a peek only while no read runs or starts.
    peekEn.set(idle.and(startValid.not()).and(peekEnIn));
    peekRow.set(peekAddr.bits(rowBits(p) + cb - 1, cb));
    peekCol.set(peekAddr.bits(cb - 1, 0));

    m.when(startFire, () => {
      phase.set(CONVERTING);
      round.set(0);
    })
      .elsewhen(capture, () => {
        m.when(lastRound, () => phase.set(IDLE)).otherwise(() => {
          phase.set(CONVERTING); // (from HOLDING) the next round starts now
          round.set(nextRound);
        });
      })
      .elsewhen(codesReady, () => phase.set(HOLDING));
    m.when(capture, () => {
      resultValid.set(1);
      resultCodes.set(codes);
      resultRound.set(round);
      resultLast.set(lastRound);
    }).elsewhen(outReady, () => resultValid.set(0));
    return {
      wr_valid: wrValid, wr_ready: wrReady, wr_kind: wrKind, wr_addr: wrAddr, wr_data: wrData,
      start_valid: startValid, start_ready: startReady, start_spikes: startSpikes, start_shift: startShift,
      out_valid: outValid, out_ready: outReady, out_codes: outCodes, out_round: outRound, out_last: outLast,
      prog_en: progEn, prog_row: progRow, prog_col: progCol, prog_plus: progPlus, prog_minus: progMinus,
      sigma_en: sigmaEn, sigma_level: sigmaLevel, sigma_value: sigmaValue, seed_en: seedEn, seed_value: seedValue,
      conv_start: convStart, conv_first: convFirst, conv_round: convRound, conv_spikes: convSpikes, conv_shift: convShift,
      conv_done: convDone, codes,
      peek_en: peekEnIn, peek_addr: peekAddr, peek_req: peekEn, peek_row: peekRow, peek_col: peekCol,
    };
  });
};
