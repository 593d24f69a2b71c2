// The stochastic-computing operations, one stream bit at a time
// (docs/tile-spec.md § Bitstream ALU). Bits are 0 or 1.

/** Comparator stream generator: 1 when random < value. */
export const sng = (value: number, random: number): number => (random < value ? 1 : 0);
export const and = (a: number, b: number): number => a & b;
export const xnor = (a: number, b: number): number => 1 - (a ^ b);
export const or = (a: number, b: number): number => a | b;
export const xor = (a: number, b: number): number => a ^ b;
/** Scaled add: sel ? b : a. */
export const muxAdd = (a: number, b: number, sel: number): number => (sel ? b : a);

/** CORDIV: quotient = divisor ? dividend : the dividend of the last cycle with divisor = 1. */
export class Cordiv {
  held = 0;
  quotient(dividend: number, divisor: number): number {
    return divisor ? dividend : this.held;
  }
  /** The edge of a stream cycle. */
  step(dividend: number, divisor: number): void {
    if (divisor) this.held = dividend;
  }
  clear(): void {
    this.held = 0;
  }
}

/** Brown & Card's saturating counter: up on 1, down on 0; output state >= states/2; starts at states/2. */
export class Stanh {
  state: number;
  constructor(readonly states: number) {
    this.state = states / 2;
  }
  output(): number {
    return this.state >= this.states / 2 ? 1 : 0;
  }
  step(x: number): void {
    this.state = x ? Math.min(this.states - 1, this.state + 1) : Math.max(0, this.state - 1);
  }
  clear(): void {
    this.state = this.states / 2;
  }
}
