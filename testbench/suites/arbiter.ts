// Co-simulation suite for gen/lib's round-robin arbiter against a TypeScript model.
import fc from 'fast-check';
import { RoundRobinArbiter } from '../../gen/lib/arbiter.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CosimSuite } from '../cosim/suite.ts';

export interface ArbiterConfig {
  n: number;
}

/** Grants the first requester at or after the pointer; after an accepted grant the pointer moves past it. */
export class ArbiterModel implements CycleModel {
  private pointer = 0;
  constructor(readonly n: number) {}
  private winner(req: bigint): number {
    for (let k = 0; k < this.n; k++) {
      const i = (this.pointer + k) % this.n;
      if ((req >> BigInt(i)) & 1n) return i;
    }
    return -1;
  }
  outputs(inputs: Values): Record<string, bigint | undefined> {
    const w = this.winner(inputs.req);
    return { grant: w < 0 ? 0n : 1n << BigInt(w), grant_valid: w < 0 ? 0n : 1n };
  }
  step(inputs: Values): void {
    if (inputs.reset) {
      this.pointer = 0;
      return;
    }
    const w = this.winner(inputs.req);
    if (w >= 0 && inputs.advance === 1n) this.pointer = (w + 1) % this.n;
  }
}

export const arbiterSuite: CosimSuite<ArbiterConfig> = {
  target: 'arbiter',
  description: 'gen/lib round-robin arbiter vs a TypeScript model under random requests',
  defaultConfig: { n: 4 },
  randomConfigs: (rng, count) => Array.from({ length: count }, () => ({ n: 1 + Math.floor(rng() * 12) })),
  describeConfig: (p) => `${p.n} requesters`,
  design: (p) => RoundRobinArbiter(p.n),
  model: (p) => new ArbiterModel(p.n),
  defaults: () => ({ req: 0n, advance: 0n }),
  commands: (p, replayPath) => {
    const req = fc.bigInt({ min: 0n, max: (1n << BigInt(p.n)) - 1n });
    return fc.commands(
      [
        fc
          .tuple(req, fc.boolean())
          .map(([r, a]) => new CycleCommand(`req(0b${r.toString(2)}${a ? ', advance' : ''})`, [{ req: r, advance: a ? 1n : 0n }])),
        fc
          .tuple(req, fc.integer({ min: 2, max: 2 * p.n + 2 }))
          .map(([r, k]) => new CycleCommand(`hold(0b${r.toString(2)} x${k}, advance)`, Array.from({ length: k }, () => ({ req: r, advance: 1n })))),
      ],
      { maxCommands: 60, replayPath },
    );
  },
};
