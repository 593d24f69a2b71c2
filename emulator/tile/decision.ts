// The tile's decision stage (docs/tile-spec.md § Tile: class counts,
// SAMPLE_END scan, RUN_END scan and the CORDIV confidence divider): its
// registers and the cycle-by-cycle scans, driven by TileCore.

const SCAN_NONE = 0;
const SCAN_COUNTS = 1;
const SCAN_VOTES = 2;

export class DecisionStage {
  /** Spike counts of the current sample (16 bits, saturating). */
  readonly counts = new Uint16Array(16);
  /** Votes per class over the run's samples (8 bits, saturating). */
  readonly votes = new Uint8Array(16);
  /** Spikes per class summed over the run's samples (32 bits, wrapping). */
  readonly totals = new Uint32Array(16);
  silent = 0;
  samples = 0;
  decided = false;
  winner = 0;
  confidence = 0;
  abstain = false;
  runOpen = false;
  /** CSRs ABSTAIN_THRESHOLD and ALU_LOG2N. */
  abstainThreshold = 0;
  aluLog2n = 0;

  private scanMode = SCAN_NONE;
  private scanIndex = 0;
  private best = 0;
  /** The divider runs (RUN_END after its vote scan). */
  dividing = false;
  private step = 0;
  private q = 0;
  private ones = 0;
  private candidate = 0;

  constructor(
    readonly classes: number,
    readonly numberBits: number,
  ) {}

  reset(): void {
    this.counts.fill(0);
    this.votes.fill(0);
    this.totals.fill(0);
    this.silent = this.samples = this.winner = this.confidence = 0;
    this.decided = this.abstain = this.runOpen = this.dividing = false;
    this.abstainThreshold = this.aluLog2n = 0;
    this.scanMode = SCAN_NONE;
    this.scanIndex = this.best = this.step = this.q = this.ones = this.candidate = 0;
  }

  /** A scan is in progress (one class per cycle). */
  get scanning(): boolean {
    return this.scanMode !== SCAN_NONE;
  }

  /** Neuron n fired in a beat. */
  countSpike(n: number): void {
    if (n < this.classes && this.counts[n]! < 0xffff) this.counts[n]!++;
  }

  /** SAMPLE_START: clear the sample's counts; open a run (clearing its results) if none is open. */
  sampleStart(): void {
    this.counts.fill(0);
    if (this.runOpen) return;
    this.votes.fill(0);
    this.totals.fill(0);
    this.silent = 0;
    this.samples = 0;
    this.decided = false;
    this.runOpen = true;
  }

  /** SAMPLE_END: start the argmax scan of the counts (nothing with no classes). */
  sampleEnd(): void {
    if (this.classes === 0) return;
    this.scanMode = SCAN_COUNTS;
    this.scanIndex = 0;
  }

  /** RUN_END: start the scan of the votes; with no classes the run closes at once. */
  runEnd(): void {
    if (this.classes > 0) {
      this.scanMode = SCAN_VOTES;
      this.scanIndex = 0;
      return;
    }
    this.runOpen = false;
    this.decided = true;
    this.winner = 0;
    this.confidence = 0;
    this.abstain = 0 < this.abstainThreshold;
  }

  /** One cycle of a scan: class i becomes best if i = 0 or it beats the best so far (ties keep the lowest). */
  scanStep(): void {
    const i = this.scanIndex;
    const values = this.scanMode === SCAN_COUNTS ? this.counts : this.votes;
    if (i === 0 || values[i]! > values[this.best]!) this.best = i;
    if (i < this.classes - 1) {
      this.scanIndex = i + 1;
      return;
    }
    const b = this.best;
    if (this.scanMode === SCAN_COUNTS) {
      if (this.counts[b]! > 0) {
        if (this.votes[b]! < 0xff) this.votes[b]!++;
      } else if (this.silent < 0xff) this.silent++;
      for (let k = 0; k < this.classes; k++) this.totals[k] = this.totals[k]! + this.counts[k]!;
      if (this.samples < 0xff) this.samples++;
    } else {
      this.dividing = true;
      this.candidate = b;
      this.step = this.q = this.ones = 0;
    }
    this.scanMode = SCAN_NONE;
  }

  /**
   * One CORDIV step with random number u: q = B ? A : q_prev, A = u < votes[w] 2^z, B = u < samples 2^z,
   * z = K - bit length of samples (both scaled so that B is 1 at least half the time).
   */
  dividerStep(u: number): void {
    const z = this.samples === 0 ? 0 : this.numberBits - (32 - Math.clz32(this.samples));
    const A = u < this.votes[this.candidate]! * 2 ** z ? 1 : 0;
    if (u < this.samples * 2 ** z) this.q = A;
    this.ones += this.q;
    this.step++;
    const log2n = Math.min(this.aluLog2n, 12);
    if (this.step < 2 ** log2n) return;
    const K = this.numberBits;
    this.confidence = Math.min(2 ** K - 1, Math.floor((this.ones * 2 ** K) / 2 ** log2n));
    this.abstain = this.confidence < this.abstainThreshold;
    this.winner = this.candidate;
    this.decided = true;
    this.runOpen = false;
    this.dividing = false;
  }
}
