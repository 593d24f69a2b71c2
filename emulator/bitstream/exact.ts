// What each ALU operation computes, exactly, on its K-bit operands
// (p = code / 2^K, bipolar x = 2p - 1), and how a ones count over N cycles
// reads as an estimate of it. docs/tile-spec.md § Bitstream ALU.
import { OP, type OpName } from './params.ts';

export interface OpInfo {
  name: OpName;
  code: number;
  /** Values are bipolar (in [-1, 1]) rather than unipolar (in [0, 1]). */
  bipolar: boolean;
  operands: 1 | 2;
  /** Inputs from the same random number (correlated) or from two (independent). */
  inputs: 'independent' | 'correlated' | 'one';
  what: string;
}

export const OPS: Record<OpName, OpInfo> = {
  pass: { name: 'pass', code: OP.pass, bipolar: false, operands: 1, inputs: 'one', what: 'stream of a, counted: a' },
  mul: { name: 'mul', code: OP.mul, bipolar: false, operands: 2, inputs: 'independent', what: 'AND: a b' },
  bmul: { name: 'bmul', code: OP.bmul, bipolar: true, operands: 2, inputs: 'independent', what: 'XNOR, bipolar: x_a x_b' },
  add: { name: 'add', code: OP.add, bipolar: false, operands: 2, inputs: 'independent', what: 'MUX, select 1/2: (a + b) / 2' },
  or: { name: 'or', code: OP.or, bipolar: false, operands: 2, inputs: 'independent', what: 'OR: a + b - a b' },
  div: { name: 'div', code: OP.div, bipolar: false, operands: 2, inputs: 'correlated', what: 'CORDIV: a / b (a <= b)' },
  tanh: { name: 'tanh', code: OP.tanh, bipolar: true, operands: 1, inputs: 'one', what: 'Brown-Card FSM: tanh(S/2 x_a)' },
  sub: { name: 'sub', code: OP.sub, bipolar: false, operands: 2, inputs: 'correlated', what: 'XOR, correlated: |a - b|' },
};

/** The exact result for operand codes a, b (undefined where the operation is not defined: a / 0). */
export function exactResult(op: OpName, a: number, b: number, bits: number, tanhStates: number): number | undefined {
  const pa = a / 2 ** bits;
  const pb = b / 2 ** bits;
  const x = (p: number) => 2 * p - 1;
  switch (op) {
    case 'pass':
      return pa;
    case 'mul':
      return pa * pb;
    case 'bmul':
      return x(pa) * x(pb);
    case 'add':
      return (pa + pb) / 2;
    case 'or':
      return pa + pb - pa * pb;
    case 'div':
      return pb === 0 ? undefined : Math.min(1, pa / pb);
    case 'tanh':
      return Math.tanh((tanhStates / 2) * x(pa));
    case 'sub':
      return Math.abs(pa - pb);
  }
}

/** The estimate a ones count over n stream cycles stands for. */
export const estimate = (op: OpName, ones: number, n: number): number => (OPS[op].bipolar ? (2 * ones) / n - 1 : ones / n);

/** Mean absolute error of a Bernoulli estimate of the exact result over n cycles: sqrt(2/pi) sigma (x2 for bipolar). */
export function sqrtLawMae(op: OpName, exact: number, n: number): number {
  const q = OPS[op].bipolar ? (1 + exact) / 2 : exact;
  const sigma = Math.sqrt((q * (1 - q)) / n) * (OPS[op].bipolar ? 2 : 1);
  return Math.sqrt(2 / Math.PI) * sigma;
}

/** E|X/n - q| for X ~ Binomial(n, q): the mean absolute error of an ideal Bernoulli estimate (exact, log-space pmf). */
export function binomialMae(q: number, n: number): number {
  if (q <= 0 || q >= 1) return 0;
  const lq = Math.log(q);
  const l1q = Math.log1p(-q);
  let logC = 0; // ln C(n, k)
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    sum += Math.exp(logC + k * lq + (n - k) * l1q) * Math.abs(k / n - q);
  }
  return sum;
}

/** The ideal Bernoulli MAE of an operation's estimate (x2 for bipolar values). */
export function bernoulliMae(op: OpName, exact: number, n: number): number {
  const q = OPS[op].bipolar ? (1 + exact) / 2 : exact;
  return binomialMae(q, n) * (OPS[op].bipolar ? 2 : 1);
}
