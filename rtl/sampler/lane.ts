// One sampler lane (docs/tile-spec.md § Sampler): the raw bit of its
// entropy-macro column (code > threshold), the von Neumann extractor, the
// K-bit number it fills, the Bernoulli comparator, and the calibration that
// moves the threshold towards the column's median at the end of each window.
// No random source here: every bit comes from the macro's codes.
import { cat, lit, module, mux, Bool, SInt, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import {
  checkSamplerConfig,
  countBits,
  DIR_BITS,
  DIR_DOWN,
  DIR_NONE,
  DIR_UP,
  STEP_BITS,
  stepInit,
  stepMax,
  windowSize,
  type SamplerConfig,
} from './params.ts';

export interface SamplerLaneIO {
  /** A read result is on `code` this cycle. */
  beat: Signal;
  code: Signal;
  /** Position in the calibration window: odd (second bit of a pair), last. */
  odd: Signal;
  last: Signal;
  /** Restart calibration at this edge (host command or a write into the macro). */
  recal: Signal;
  /** Host write of the threshold. */
  thr_we: Signal;
  thr_data: Signal;
  /** num_ready of the lane. */
  consume: Signal;
  bern_p: Signal;
  room: Signal;
  num_valid: Signal;
  num_bits: Signal;
  bern_bit: Signal;
  bit_valid: Signal;
  bit_value: Signal;
  threshold: Signal;
  converged: Signal;
  ones: Signal;
  step: Signal;
  dir: Signal;
  acc: Signal;
  count: Signal;
}

export const SamplerLane = (config: SamplerConfig): ModuleDef<SamplerLaneIO> => {
  const c = checkSamplerConfig(config, 'SamplerLane');
  const k = c.adcBits;
  const K = c.numberBits;
  const W = windowSize(c);
  const onesBits = c.windowLog2 + 1;
  return module(
    'SamplerLane',
    { adc_bits: k, number_bits: K, window_log2: c.windowLog2, deadband: c.deadband },
    (m) => {
      const io: SamplerLaneIO = {
        beat: m.input('beat', Bool()),
        code: m.input('code', SInt(k)),
        odd: m.input('odd', Bool()),
        last: m.input('last', Bool()),
        recal: m.input('recal', Bool()),
        thr_we: m.input('thr_we', Bool()),
        thr_data: m.input('thr_data', UInt(k)),
        consume: m.input('consume', Bool()),
        bern_p: m.input('bern_p', UInt(K)),
        room: m.output('room', Bool()),
        num_valid: m.output('num_valid', Bool()),
        num_bits: m.output('num_bits', UInt(K)),
        bern_bit: m.output('bern_bit', Bool()),
        bit_valid: m.output('bit_valid', Bool()),
        bit_value: m.output('bit_value', Bool()),
        threshold: m.output('threshold', SInt(k)),
        converged: m.output('converged', Bool()),
        ones: m.output('ones', UInt(onesBits)),
        step: m.output('step', UInt(STEP_BITS)),
        dir: m.output('dir', UInt(DIR_BITS)),
        acc: m.output('acc', UInt(K)),
        count: m.output('count', UInt(countBits(K))),
      };

      const threshold = m.reg('thr', SInt(k), { reset: 0 });
      const step = m.reg('step_exp', UInt(STEP_BITS), { reset: stepInit(c) });
      const dir = m.reg('last_dir', UInt(DIR_BITS), { reset: DIR_NONE });
      const converged = m.reg('in_band_last', Bool(), { reset: 0 });
      const ones = m.reg('ones_count', UInt(onesBits), { reset: 0 });
      const first = m.reg('pair_first', Bool(), { reset: 0 });
      const acc = m.reg('number', UInt(K), { reset: 0 });
      const count = m.reg('bits_in', UInt(countBits(K)), { reset: 0 });

      // ---- raw bit and von Neumann extractor -----------------------------------
      const raw = m.node('raw', io.code.gt(threshold));
      const full = m.node('full', count.eq(K));
      const room = m.node('room_left', full.not());
      // Pairs are (even, odd) window positions: 10 -> 1, 01 -> 0, 00 and 11 give nothing.
      const emit = m.node('emit', io.beat.and(io.odd).and(raw.neq(first)).and(room));
      m.when(io.beat.and(io.odd.not()), () => first.set(raw));
      m.when(emit, () => {
        acc.set(cat(acc.bits(K - 2, 0), first)); // msb first
        count.set(count.addWrap(1));
      }).elsewhen(io.consume.and(full), () => count.set(0));

      // ---- calibration: ones of the window, threshold step at its end --------------
      const onesNow = m.node('ones_now', ones.addWrap(raw));
      const upper = W / 2 + c.deadband;
      const lower = W / 2 - c.deadband;
      const tooMany = m.node('too_many', onesNow.gt(upper));
      const tooFew = m.node('too_few', lower === 0 ? lit(0, Bool()) : onesNow.lt(lower));
      const windowEnd = m.node('window_end', io.beat.and(io.last));
      const wantDir = m.node('want_dir', mux(tooMany, lit(DIR_UP, UInt(DIR_BITS)), lit(DIR_DOWN, UInt(DIR_BITS))));
      const top = stepMax(c);
      const stepUp = m.node('step_up', mux(step.eq(top), lit(top, UInt(STEP_BITS)), step.addWrap(1)));
      const stepDown = m.node('step_down', mux(step.lt(2), lit(0, UInt(STEP_BITS)), step.subWrap(2)));
      // Same direction as the last move: twice the step; the opposite one: a quarter (an oscillation shrinks it).
      const newStep = m.node('new_step', mux(dir.eq(wantDir), stepUp, mux(dir.eq(DIR_NONE), step, stepDown)));
      const amount = m.node('step_amount', lit(1, UInt(k)).shlWrap(newStep)); // 2^step <= 2^(k-2): no bit is lost
      const lo = -(2 ** (k - 1));
      const hi = 2 ** (k - 1) - 1;
      const wide = threshold.sext(k + 1);
      const delta = amount.zext(k + 1).asSInt();
      const moved = m.node('moved', mux(tooMany, wide.addWrap(delta), wide.subWrap(delta)));
      const clamped = m.node(
        'moved_clamped',
        mux(moved.gt(lit(hi, SInt(k + 1))), lit(hi, SInt(k)), mux(moved.lt(lit(lo, SInt(k + 1))), lit(lo, SInt(k)), moved.trunc(k))),
      );
      const inBand = m.node('in_band', tooMany.or(tooFew).not());

      m.when(io.beat, () => ones.set(mux(io.last, lit(0, UInt(onesBits)), onesNow)));
      m.when(windowEnd, () => {
        m.when(inBand, () => {
          converged.set(1);
          dir.set(DIR_NONE);
          step.set(0);
        }).otherwise(() => {
          converged.set(0);
          dir.set(wantDir);
          step.set(newStep);
          threshold.set(clamped);
        });
      });
      // Host actions win over the window's update at the same edge.
      m.when(io.recal, () => {
        ones.set(0);
        step.set(stepInit(c));
        dir.set(DIR_NONE);
        converged.set(0);
      });
      m.when(io.thr_we, () => threshold.set(io.thr_data.asSInt()));

      io.room.set(room);
      io.num_valid.set(full);
      io.num_bits.set(mux(full, acc, lit(0, UInt(K))));
      io.bern_bit.set(full.and(acc.lt(io.bern_p)));
      io.bit_valid.set(emit);
      io.bit_value.set(emit.and(first));
      io.threshold.set(threshold);
      io.converged.set(converged);
      io.ones.set(ones);
      io.step.set(step);
      io.dir.set(dir);
      io.acc.set(acc);
      io.count.set(count);
      return io;
    },
    { doc: `Sampler lane: threshold bit of a ${k}-bit code, von Neumann extractor, ${K}-bit number, calibration window ${W}.` },
  );
};
