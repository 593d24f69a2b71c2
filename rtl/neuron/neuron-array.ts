// The neuron array (docs/tile-spec.md § Neuron): one leaky integrate-and-fire
// neuron per crossbar column. A crossbar beat (conversion round j) carries one
// ADC code per update unit; unit a updates its neuron a * ADC_SHARE + j, all
// units in parallel. State (V, ref) is in registers; the update itself is the
// combinational NeuronUpdate block, instantiated once per unit.
import { cat, lit, module, mux, pick, Bool, SInt, UInt, type ModuleBuilder, type ModuleDef, type Signal } from '../../gen/index.ts';
import { saturate } from '../../gen/lib/index.ts';
import { checkNeuronConfig, neuronIndexBits, neuronParamsOf, NOISE_SHIFT_BITS, roundWidth, unitCount, type NeuronConfig } from './params.ts';

export interface NeuronParamsIO {
  threshold: Signal;
  leak: Signal;
  reset_mode: Signal;
  refractory: Signal;
  stochastic: Signal;
  noise_shift: Signal;
}

/** The shared parameter ports (tile CSRs), declared on module `m` as inputs. */
export function neuronParamInputs(m: ModuleBuilder, c: NeuronConfig): NeuronParamsIO {
  return {
    threshold: m.input('threshold', UInt(c.vBits - 1)),
    leak: m.input('leak', SInt(c.vBits)),
    reset_mode: m.input('reset_mode', Bool()),
    refractory: m.input('refractory', UInt(c.refBits)),
    stochastic: m.input('stochastic', Bool()),
    noise_shift: m.input('noise_shift', UInt(NOISE_SHIFT_BITS)),
  };
}

/**
 * One neuron's update (the spec's table): refractory skip, saturating
 * integration, deterministic or stochastic firing, reset to zero or by
 * subtraction. Combinational.
 */
export const NeuronUpdate = (c: NeuronConfig): ModuleDef<Record<string, Signal>> =>
  module('NeuronUpdate', { adc_bits: c.adcBits, v_bits: c.vBits, ref_bits: c.refBits, number_bits: c.numberBits }, (m) => {
    const v = m.input('v', SInt(c.vBits));
    const ref = m.input('ref_count', UInt(c.refBits));
    const code = m.input('code', SInt(c.adcBits));
    const u = m.input('u', UInt(c.numberBits));
    const p = neuronParamInputs(m, c);
    const vNext = m.output('v_next', SInt(c.vBits));
    const refNext = m.output('ref_next', UInt(c.refBits));
    const fire = m.output('fire', Bool());

    const refractory = m.node('in_refractory', ref.orR());
    // Integrate: the exact sum, then saturation (never wraps).
    const integrated = m.node('integrated', saturate(v.add(code).sub(p.leak), c.vBits));
    const theta = p.threshold.toSInt();
    const overshoot = m.node('overshoot', integrated.sub(theta)); // d = V1 - theta, exact
    // Stochastic firing: P = q / 2^K, q = clamp(floor(d / 2^sigma) + 2^(K-1), 0, 2^K), a ramp centred on theta.
    const ramp = m.node('ramp', overshoot.shr(p.noise_shift).add(lit(2 ** (c.numberBits - 1), SInt(c.numberBits + 1))));
    const rampTop = lit(2 ** c.numberBits, UInt(c.numberBits + 1));
    const q = m.node('fire_level', mux(ramp.lt(lit(0, SInt(ramp.width))), lit(0, UInt(c.numberBits + 1)), mux(ramp.gt(lit(2 ** c.numberBits, SInt(ramp.width))), rampTop, ramp.asUInt().trunc(c.numberBits + 1))));
    const fires = m.node(
      'fires',
      refractory.not().and(mux(p.stochastic, u.zext(c.numberBits + 1).lt(q), overshoot.ge(lit(0, SInt(overshoot.width))))),
    );
    const afterSpike = m.node('after_spike', mux(p.reset_mode, saturate(overshoot, c.vBits), lit(0, SInt(c.vBits))));
    fire.set(fires);
    vNext.set(mux(refractory, v, mux(fires, afterSpike, integrated)));
    refNext.set(mux(refractory, ref.subWrap(1), mux(fires, p.refractory, lit(0, UInt(c.refBits)))));
    return { v, ref_count: ref, code, u, ...p, v_next: vNext, ref_next: refNext, fire };
  });

/**
 * NeuronArray(config): ports beat_valid/ready/codes/round, num_<i>_valid/bits/take,
 * the shared parameters, clear, fired, and the host port host_write / host_neuron /
 * host_sel / host_wdata -> host_rdata.
 */
export function NeuronArray(config: NeuronConfig): ModuleDef<Record<string, Signal>> {
  const c = checkNeuronConfig(config);
  const units = unitCount(c);
  const lanesUsed = Math.min(c.lanes, units);
  return module(
    'NeuronArray',
    neuronParamsOf(c),
    (m) => {
      const beatValid = m.input('beat_valid', Bool());
      const beatReady = m.output('beat_ready', Bool());
      const beatCodes = m.input('beat_codes', UInt(units * c.adcBits));
      const beatRound = m.input('beat_round', UInt(roundWidth(c)));
      const numValid: Signal[] = [];
      const numBits: Signal[] = [];
      const numTake: Signal[] = [];
      for (let i = 0; i < c.lanes; i++) {
        numValid.push(m.input(`num_${i}_valid`, Bool()));
        numBits.push(m.input(`num_${i}_bits`, UInt(c.numberBits)));
        numTake.push(m.output(`num_${i}_take`, Bool()));
      }
      const params = neuronParamInputs(m, c);
      const clear = m.input('clear', Bool());
      const fired = m.output('fired', UInt(units));
      const hostWrite = m.input('host_write', Bool());
      const hostNeuron = m.input('host_neuron', UInt(neuronIndexBits(c)));
      const hostSel = m.input('host_sel', Bool());
      const hostWidth = Math.max(c.vBits, c.refBits);
      const hostWdata = m.input('host_wdata', UInt(hostWidth));
      const hostRdata = m.output('host_rdata', UInt(hostWidth));

      const v = Array.from({ length: c.cols }, (_, n) => m.reg(`v_${n}`, SInt(c.vBits), { reset: 0 }));
      const ref = Array.from({ length: c.cols }, (_, n) => m.reg(`ref_${n}`, UInt(c.refBits), { reset: 0 }));

      // Stochastic beats wait until every lane they read has a number; deterministic beats never wait.
      const lanesReady = m.node('lanes_ready', numValid.slice(0, lanesUsed).reduce((a, b) => a.and(b)));
      beatReady.set(params.stochastic.not().or(lanesReady));
      const beatFire = m.node('beat_fire', beatValid.and(beatReady));
      numTake.forEach((t, i) => t.set(i < lanesUsed ? beatFire.and(params.stochastic) : lit(0, Bool())));

      // Each unit updates its neuron of the beat's slot.
      const fires: Signal[] = [];
      for (let a = 0; a < units; a++) {
        const mine = v.slice(a * c.adcShare, (a + 1) * c.adcShare);
        const mineRef = ref.slice(a * c.adcShare, (a + 1) * c.adcShare);
        const unit = m.instance(`unit_${a}`, NeuronUpdate(c));
        unit.v.set(pick(mine, beatRound));
        unit.ref_count.set(pick(mineRef, beatRound));
        unit.code.set(beatCodes.bits(a * c.adcBits + c.adcBits - 1, a * c.adcBits).asSInt());
        unit.u.set(numBits[a % c.lanes]!);
        for (const k of Object.keys(params) as (keyof NeuronParamsIO)[]) unit[k].set(params[k]);
        fires.push(m.node(`fire_${a}`, beatFire.and(unit.fire)));
        mine.forEach((reg, j) => {
          m.when(beatFire.and(c.adcShare === 1 ? lit(1, Bool()) : beatRound.eq(j)), () => {
            reg.set(unit.v_next);
            mineRef[j]!.set(unit.ref_next);
          });
        });
      }
      fired.set(units === 1 ? fires[0]! : cat(...[...fires].reverse()));

      // Host access, then the clear: the later assignment wins for the same neuron.
      v.forEach((reg, n) => {
        m.when(hostWrite.and(hostNeuron.eq(n)), () => {
          m.when(hostSel, () => ref[n]!.set(hostWdata.bits(c.refBits - 1, 0))).otherwise(() => reg.set(hostWdata.bits(c.vBits - 1, 0).asSInt()));
        });
      });
      m.when(clear, () => {
        v.forEach((reg) => reg.set(0));
        ref.forEach((reg) => reg.set(0));
      });
      const inRange = c.cols === 2 ** neuronIndexBits(c) ? lit(1, Bool()) : hostNeuron.lt(c.cols);
      const readV = pick(v, hostNeuron).asUInt().zext(hostWidth);
      const readRef = pick(ref, hostNeuron).zext(hostWidth);
      hostRdata.set(mux(inRange, mux(hostSel, readRef, readV), 0));
      return { beat_valid: beatValid, beat_ready: beatReady, beat_codes: beatCodes, beat_round: beatRound, clear, fired, host_write: hostWrite, host_neuron: hostNeuron, host_sel: hostSel, host_wdata: hostWdata, host_rdata: hostRdata, ...params,
        ...Object.fromEntries(numValid.flatMap((_, i) => [[`num_${i}_valid`, numValid[i]!], [`num_${i}_bits`, numBits[i]!], [`num_${i}_take`, numTake[i]!]])) } as Record<string, Signal>;
    },
    { doc: `${c.cols} LIF neurons in ${units} update units of ${c.adcShare}; ${c.vBits}-bit saturating potentials, refractory, deterministic or stochastic firing.` },
  );
}
