// A sampler that is never enabled: what the real sampler is after reset
// until the host enables it (no reads, no numbers, no events). Used by tests
// of the deterministic paths.
import type { TileSampler } from './sampler-port.ts';

export class IdleSampler implements TileSampler {
  readonly totals = { reads: 0, rawBits: 0, bits: 0 };
  readonly writeReady = true;
  constructor(readonly lanes: number) {}
  reset(): void {}
  numberValid(): boolean {
    return false;
  }
  number(): number {
    return 0;
  }
  validMask(): number {
    return 0;
  }
  read(): number {
    return 0;
  }
  tick(): boolean {
    return true;
  }
  cyclesUntilChange(): number {
    return Infinity;
  }
  skip(): void {}
}
