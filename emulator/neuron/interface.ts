// Cycle-exact model of the NeuronArray block at its ports (docs/tile-spec.md
// § Neuron, "Ports" and "Cycle behaviour"), with BigInt port values keyed by
// port name as the co-simulation suites use them. Built on NeuronArrayCore.
import { NeuronArrayCore } from './core.ts';
import { beatLaneMask, checkNeuronParams, unitCount, type NeuronParams } from './params.ts';

export type PortValues = Record<string, bigint>;

const signed = (u: bigint, bits: number): number => {
  const x = Number(u & ((1n << BigInt(bits)) - 1n));
  return x >= 2 ** (bits - 1) ? x - 2 ** bits : x;
};

export class NeuronArrayModel {
  readonly core: NeuronArrayCore;
  private readonly nadc: number;
  private readonly laneMask: number;
  private readonly codes: Int32Array;
  private readonly numbers: Int32Array;
  private readonly fired: Uint8Array;
  private readonly scratch: NeuronArrayCore;

  constructor(readonly p: NeuronParams) {
    checkNeuronParams(p);
    this.core = new NeuronArrayCore(p);
    this.scratch = new NeuronArrayCore(p);
    this.nadc = unitCount(p);
    this.laneMask = beatLaneMask(p);
    this.codes = new Int32Array(this.nadc);
    this.numbers = new Int32Array(p.lanes);
    this.fired = new Uint8Array(this.nadc);
  }

  /** The parameter inputs of this cycle into a core. */
  private loadParams(core: NeuronArrayCore, inp: PortValues): void {
    core.threshold = Number((inp.threshold ?? 0n) & ((1n << BigInt(this.p.vBits - 1)) - 1n));
    core.leak = signed(inp.leak ?? 0n, this.p.vBits);
    core.resetMode = Number((inp.reset_mode ?? 0n) & 1n);
    core.refractory = Number((inp.refractory ?? 0n) & ((1n << BigInt(this.p.refBits)) - 1n));
    core.stochastic = Number((inp.stochastic ?? 0n) & 1n);
    core.noiseShift = Number((inp.noise_shift ?? 0n) & 15n);
  }

  private beatReady(inp: PortValues): boolean {
    if ((inp.stochastic ?? 0n) === 0n) return true;
    for (let i = 0; i < this.p.lanes; i++) if ((this.laneMask >>> i) & 1 && inp[`num_${i}_valid`] !== 1n) return false;
    return true;
  }

  private loadBeat(inp: PortValues): number {
    const k = this.p.adcBits;
    const codes = inp.beat_codes ?? 0n;
    for (let a = 0; a < this.nadc; a++) this.codes[a] = signed(codes >> BigInt(a * k), k);
    const mask = (1n << BigInt(this.p.numberBits)) - 1n;
    for (let i = 0; i < this.p.lanes; i++) this.numbers[i] = Number((inp[`num_${i}_bits`] ?? 0n) & mask);
    return this.p.adcShare === 1 ? 0 : Number(inp.beat_round ?? 0n) % this.p.adcShare;
  }

  outputs(inp: PortValues): Record<string, bigint> {
    const ready = this.beatReady(inp);
    const taken = ready && inp.beat_valid === 1n;
    const stochastic = (inp.stochastic ?? 0n) !== 0n;
    let fired = 0n;
    if (taken) {
      // The update of this cycle, on a copy of the state: `fired` is combinational.
      const s = this.scratch;
      s.v.set(this.core.v);
      s.ref.set(this.core.ref);
      this.loadParams(s, inp);
      s.beat(this.loadBeat(inp), this.codes, this.numbers, this.fired);
      for (let a = this.nadc - 1; a >= 0; a--) fired = (fired << 1n) | BigInt(this.fired[a]!);
    }
    const out: Record<string, bigint> = {
      beat_ready: ready ? 1n : 0n,
      fired,
      host_rdata: BigInt(this.core.hostRead(Number(inp.host_neuron ?? 0n), Number(inp.host_sel ?? 0n))),
    };
    for (let i = 0; i < this.p.lanes; i++) out[`num_${i}_take`] = taken && stochastic && (this.laneMask >>> i) & 1 ? 1n : 0n;
    return out;
  }

  step(inp: PortValues): void {
    const c = this.core;
    if (inp.reset) {
      c.reset();
      return;
    }
    this.loadParams(c, inp);
    // Order at an edge: the beat's updates, then the host write, then the clear.
    if (inp.beat_valid === 1n && this.beatReady(inp)) c.beat(this.loadBeat(inp), this.codes, this.numbers, this.fired);
    if (inp.host_write === 1n) c.hostWrite(Number(inp.host_neuron ?? 0n), Number(inp.host_sel ?? 0n), Number((inp.host_wdata ?? 0n) & 0xffffffffn));
    if (inp.clear === 1n) c.clear();
  }
}
