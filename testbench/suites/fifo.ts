// Co-simulation suite for gen/lib's FIFO against a plain TypeScript queue.
import fc from 'fast-check';
import { Fifo } from '../../gen/lib/fifo.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CosimSuite } from '../cosim/suite.ts';

export interface FifoConfig {
  width: number;
  depth: number;
}

/** The FIFO's documented cycle behaviour: ready = not full, valid = not empty, no bypass. */
export class FifoModel implements CycleModel {
  private readonly items: bigint[] = [];
  constructor(readonly depth: number) {}
  outputs(): Record<string, bigint | undefined> {
    const n = this.items.length;
    return {
      enq_ready: n < this.depth ? 1n : 0n,
      deq_valid: n > 0 ? 1n : 0n,
      deq_bits: n > 0 ? this.items[0] : undefined,
      count: BigInt(n),
    };
  }
  step(inputs: Values): void {
    if (inputs.reset) {
      this.items.length = 0;
      return;
    }
    const n = this.items.length;
    const enq = inputs.enq_valid === 1n && n < this.depth;
    const deq = inputs.deq_ready === 1n && n > 0;
    if (deq) this.items.shift();
    if (enq) this.items.push(inputs.enq_bits);
  }
}

function cycle(enqValid: boolean, bits: bigint, deqReady: boolean): Partial<Values> {
  return { enq_valid: enqValid ? 1n : 0n, enq_bits: bits, deq_ready: deqReady ? 1n : 0n };
}

export const fifoSuite: CosimSuite<FifoConfig> = {
  target: 'fifo',
  description: 'gen/lib FIFO vs a TypeScript queue under random valid/ready traffic',
  defaultConfig: { width: 8, depth: 16 },
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => ({ width: 1 + Math.floor(rng() * 72), depth: 1 + Math.floor(rng() * 9) })),
  describeConfig: (p) => `width ${p.width}, depth ${p.depth}`,
  design: (p) => Fifo(p.width, p.depth),
  model: (p) => new FifoModel(p.depth),
  defaults: () => ({ enq_valid: 0n, enq_bits: 0n, deq_ready: 0n }),
  commands: (p, replayPath) => {
    const bits = fc.bigInt({ min: 0n, max: (1n << BigInt(p.width)) - 1n });
    const hex = (b: bigint) => `0x${b.toString(16)}`;
    return fc.commands(
      [
        bits.map((b) => new CycleCommand(`enq(${hex(b)})`, [cycle(true, b, false)])),
        fc.constant(new CycleCommand('deq', [cycle(false, 0n, true)])),
        bits.map((b) => new CycleCommand(`enq+deq(${hex(b)})`, [cycle(true, b, true)])),
        fc.constant(new CycleCommand('idle', [cycle(false, 0n, false)])),
        fc
          .array(bits, { minLength: 2, maxLength: p.depth + 3 })
          .map((bs) => new CycleCommand(`burst-enq(${bs.map(hex).join(',')})`, bs.map((b) => cycle(true, b, false)))),
        fc
          .integer({ min: 2, max: p.depth + 3 })
          .map((k) => new CycleCommand(`burst-deq(${k})`, Array.from({ length: k }, () => cycle(false, 0n, true)))),
      ],
      { maxCommands: 60, replayPath },
    );
  },
};
