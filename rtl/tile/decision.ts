// The decision stage (docs/tile-spec.md § Tile): spike counts of the class
// neurons per sample, one vote per sample (argmax, scanned one class per
// cycle), and at the end of a run the winner and its confidence
// votes[w] / samples computed on bitstreams: two comparator streams fed by
// the same sampler number (correlated, as CORDIV needs) into the CORDIV
// divider, its ones counted over N = 2^ALU_LOG2N steps.
import { lit, module, mux, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { saturate, saturatingIncrement } from '../../gen/lib/index.ts';
import { ComparatorSng, CordivDivider, StreamCounter } from '../bitstream/index.ts';
import { indexWidth } from '../../gen/lib/params.ts';
import { ALU_LOG2N_BITS, ALU_LOG2N_MAX, COUNT_BITS, TOTAL_BITS, VOTE_BITS, type TileConfig } from './params.ts';

const IDLE = 0;
const SCAN = 1;
const ALU = 2;

export function DecisionStage(config: TileConfig): ModuleDef<Record<string, Signal>> {
  const c = config;
  const N = c.classes;
  const E = c.sampler.lanes;
  const K = c.sampler.numberBits;
  const classBits = indexWidth(Math.max(2, N));
  const stepBits = ALU_LOG2N_MAX + 1;
  return module(
    'DecisionStage',
    { classes: N, lanes: E, number_bits: K },
    (m) => {
      const fires = m.input('class_fires', UInt(Math.max(1, N))); // bit i: class i fired at this edge
      const sampleStart = m.input('sample_start', Bool());
      const sampleEnd = m.input('sample_end', Bool());
      const runEnd = m.input('run_end', Bool());
      const abstainThreshold = m.input('abstain_threshold', UInt(K));
      const aluLog2n = m.input('alu_log2n', UInt(ALU_LOG2N_BITS));
      const numValid = Array.from({ length: E }, (_, i) => m.input(`num_${i}_valid`, Bool()));
      const numBits = Array.from({ length: E }, (_, i) => m.input(`num_${i}_bits`, UInt(K)));
      const numTake = Array.from({ length: E }, (_, i) => m.output(`num_${i}_take`, Bool()));
      const busy = m.output('busy', Bool());
      const aluStep = m.output('alu_step', Bool());
      const hostClass = m.input('host_class', UInt(4));
      const readVotes = m.output('votes_rd', UInt(VOTE_BITS));
      const readCount = m.output('count_rd', UInt(COUNT_BITS));
      const readTotal = m.output('total_rd', UInt(TOTAL_BITS));
      const winnerOut = m.output('winner', UInt(4));
      const confidenceOut = m.output('confidence', UInt(K));
      const abstainOut = m.output('abstain', Bool());
      const decidedOut = m.output('decided', Bool());
      const runOpenOut = m.output('run_open', Bool());
      const samplesOut = m.output('samples', UInt(VOTE_BITS));
      const silentOut = m.output('silent', UInt(VOTE_BITS));

      const counts = Array.from({ length: N }, (_, i) => m.reg(`count_${i}`, UInt(COUNT_BITS), { reset: 0 }));
      const votes = Array.from({ length: N }, (_, i) => m.reg(`votes_${i}`, UInt(VOTE_BITS), { reset: 0 }));
      const totals = Array.from({ length: N }, (_, i) => m.reg(`total_${i}`, UInt(TOTAL_BITS), { reset: 0 }));
      const samples = m.reg('samples_seen', UInt(VOTE_BITS), { reset: 0 });
      const silent = m.reg('silent_samples', UInt(VOTE_BITS), { reset: 0 });
      const runOpen = m.reg('run_open_flag', Bool(), { reset: 0 });
      const decided = m.reg('decided_flag', Bool(), { reset: 0 });
      const winner = m.reg('winner_class', UInt(4), { reset: 0 });
      const confidence = m.reg('confidence_value', UInt(K), { reset: 0 });
      const abstain = m.reg('abstain_flag', Bool(), { reset: 0 });

      const state = m.reg('state', UInt(2), { reset: IDLE });
      const scanRun = m.reg('scan_run', Bool(), { reset: 0 }); // scanning votes (RUN_END) rather than counts
      const scanIndex = m.reg('scan_index', UInt(classBits), { reset: 0 });
      const best = m.reg('best', UInt(classBits), { reset: 0 });
      const bestValue = m.reg('best_value', UInt(COUNT_BITS), { reset: 0 });
      busy.set(state.neq(IDLE));

      // Host read-back, by class (0 beyond the classes).
      const inRange = hostClass.lt(N);
      readVotes.set(N === 0 ? lit(0, UInt(VOTE_BITS)) : mux(inRange, pick(votes, hostClass), 0));
      readCount.set(N === 0 ? lit(0, UInt(COUNT_BITS)) : mux(inRange, pick(counts, hostClass), 0));
      readTotal.set(N === 0 ? lit(0, UInt(TOTAL_BITS)) : mux(inRange, pick(totals, hostClass), 0));
      winnerOut.set(winner);
      confidenceOut.set(confidence);
      abstainOut.set(abstain);
      decidedOut.set(decided);
      runOpenOut.set(runOpen);
      samplesOut.set(samples);
      silentOut.set(silent);

      // Counting spikes of the class neurons.
      counts.forEach((count, i) => m.when(fires.bit(i), () => count.set(saturatingIncrement(count))));

      // ---- the argmax scan: class i examined in the i-th scan cycle ---------------------
      const scanned = N === 0 ? lit(0, UInt(COUNT_BITS)) : m.node('scanned', mux(scanRun, pick(votes, scanIndex).zext(COUNT_BITS), pick(counts, scanIndex)));
      const better = m.node('better', scanIndex.eq(0).or(scanned.gt(bestValue)));
      const bestNow = m.node('best_now', mux(better, scanIndex, best));
      const bestValueNow = m.node('best_value_now', mux(better, scanned, bestValue));
      const scanLast = m.node('scan_last', scanIndex.eq(Math.max(0, N - 1)));

      // ---- the confidence on bitstreams (CORDIV over N steps) ---------------------------
      const steps = m.reg('alu_steps', UInt(stepBits), { reset: 0 });
      const laneValid = m.node('any_lane_valid', numValid.reduce((a, b) => a.or(b)));
      // The lowest lane with a number supplies this step's u.
      let u: Signal = numBits[E - 1]!;
      for (let i = E - 2; i >= 0; i--) u = mux(numValid[i]!, numBits[i]!, u);
      const sampleU = m.node('alu_u', u);
      const stepNow = m.node('alu_step_now', state.eq(ALU).and(laneValid));
      aluStep.set(stepNow);
      numTake.forEach((t, i) => {
        const lower = numValid.slice(0, i);
        t.set(stepNow.and(numValid[i]!).and(lower.length === 0 ? lit(1, Bool()) : lower.reduce((a, b) => a.or(b)).not()));
      });
      const winnerVotes = N === 0 ? lit(0, UInt(VOTE_BITS)) : pick(votes, best);
      // Both values scaled by 2^z so that samples fills the top bit of K: the divisor's stream is then
      // 1 at least half the time and CORDIV's held bit is refreshed often (z = K - bit length of samples).
      let z: Signal = lit(0, UInt(indexWidth(K + 1)));
      for (let b = 0; b < VOTE_BITS; b++) z = mux(samples.bit(b), lit(K - b - 1, UInt(indexWidth(K + 1))), z);
      const norm = m.node('sc_scale', z);
      // The bitstream ALU: two comparator stream generators on the same u, CORDIV, a stream counter.
      const aluStart = m.wire('alu_start', Bool(), lit(0, Bool()));
      const sngA = m.instance('sng_dividend', ComparatorSng(K));
      sngA.value.set(winnerVotes.zext(K).shlWrap(norm)); // A = (u < votes[w] 2^z)
      sngA.random.set(sampleU);
      const sngB = m.instance('sng_divisor', ComparatorSng(K));
      sngB.value.set(samples.zext(K).shlWrap(norm)); // B = (u < samples 2^z)
      sngB.random.set(sampleU);
      const divider = m.instance('cordiv', CordivDivider());
      divider.en.set(stepNow);
      divider.clear.set(aluStart);
      divider.dividend.set(sngA.stream);
      divider.divisor.set(sngB.stream);
      const q = m.node('cordiv_out', divider.quotient);
      const counter = m.instance('ones_counter', StreamCounter(stepBits));
      counter.en.set(stepNow);
      counter.stream.set(q);
      counter.clear.set(aluStart);
      const ones = counter.count;
      const onesNow = m.node('alu_ones_now', ones.add(q).trunc(stepBits));
      const log2n = m.node('alu_log2n_clamped', mux(aluLog2n.gt(ALU_LOG2N_MAX), lit(ALU_LOG2N_MAX, UInt(ALU_LOG2N_BITS)), aluLog2n));
      const lastStep = m.node('alu_last_step', steps.add(1).eq(lit(1, UInt(stepBits + 1)).shl(log2n).trunc(stepBits + 1)));
      // confidence = min(2^K - 1, floor(ones 2^K / N)), N = 2^log2n
      const scaled = m.node('confidence_scaled', onesNow.zext(stepBits + K).shlWrap(K).shr(log2n));
      const confidenceNow = m.node('confidence_now', saturate(scaled, K));

      m.when(sampleStart, () => {
        counts.forEach((r) => r.set(0));
        m.when(runOpen.not(), () => {
          votes.forEach((r) => r.set(0));
          totals.forEach((r) => r.set(0));
          samples.set(0);
          silent.set(0);
          decided.set(0);
          runOpen.set(1);
        });
      });
      m.switch(state)
        .is(IDLE, () => {
          m.when(sampleEnd.or(runEnd), () => {
            if (N > 0) {
              state.set(SCAN);
              scanRun.set(runEnd);
              scanIndex.set(0);
            } else {
              m.when(runEnd, () => {
                runOpen.set(0);
                decided.set(1);
                winner.set(0);
                confidence.set(0);
                abstain.set(lit(0, UInt(K)).lt(abstainThreshold));
              });
            }
          });
        })
        .is(SCAN, () => {
          best.set(bestNow);
          bestValue.set(bestValueNow);
          scanIndex.set(scanIndex.addWrap(1));
          m.when(scanLast, () => {
            m.when(scanRun, () => {
              state.set(ALU);
              steps.set(0);
              aluStart.set(1);
            }).otherwise(() => {
              state.set(IDLE);
              m.when(bestValueNow.orR(), () => {
                votes.forEach((v, i) => m.when(bestNow.eq(i), () => v.set(saturatingIncrement(v))));
              }).otherwise(() => silent.set(saturatingIncrement(silent)));
              totals.forEach((t, i) => t.set(t.addWrap(counts[i]!.zext(TOTAL_BITS))));
              samples.set(saturatingIncrement(samples));
            });
          });
        })
        .is(ALU, () => {
          m.when(stepNow, () => {
            steps.set(steps.addWrap(1));
            m.when(lastStep, () => {
              state.set(IDLE);
              winner.set(best.zext(Math.max(4, classBits)).trunc(4));
              confidence.set(confidenceNow);
              abstain.set(confidenceNow.lt(abstainThreshold));
              decided.set(1);
              runOpen.set(0);
            });
          });
        });
      return {
        class_fires: fires, sample_start: sampleStart, sample_end: sampleEnd, run_end: runEnd, abstain_threshold: abstainThreshold, alu_log2n: aluLog2n,
        busy, alu_step: aluStep, host_class: hostClass, votes_rd: readVotes, count_rd: readCount, total_rd: readTotal, winner: winnerOut,
        confidence: confidenceOut, abstain: abstainOut, decided: decidedOut, run_open: runOpenOut, samples: samplesOut, silent: silentOut,
        ...Object.fromEntries(numValid.flatMap((_, i) => [[`num_${i}_valid`, numValid[i]!], [`num_${i}_bits`, numBits[i]!], [`num_${i}_take`, numTake[i]!]])),
      } as Record<string, Signal>;
    },
    { doc: `Decision stage: ${N} classes, votes over samples, confidence votes/samples on bitstreams (CORDIV).` },
  );
}
