// A co-simulation command that decides its cycles as it goes: a script
// drives the reference model one cycle at a time and sees the model's outputs
// (e.g. hold a request until `ready`, wait for `valid`), and every cycle is
// recorded as usual. The simulator later gets the recorded inputs as one
// batch, so the DUT must do exactly what the model did.
import type fc from 'fast-check';
import { RESET_CYCLE, type CosimState, type CycleRecorder, type Values } from './cycle-model.ts';

export type Outputs = Record<string, bigint | undefined>;

export interface Driver {
  /** One cycle: these inputs (over the suite's defaults); returns the model's outputs in that cycle. */
  cycle(inputs?: Partial<Values>): Outputs;
  /** Cycles until `done(outputs)` holds in a cycle (that cycle included); throws after `limit` cycles. */
  until(inputs: Partial<Values> | (() => Partial<Values>), done: (o: Outputs) => boolean, limit: number, what: string): Outputs;
  /** Cycles run so far by this command. */
  readonly cycles: number;
}

export class ScriptCommand implements fc.Command<CosimState, CycleRecorder> {
  constructor(
    readonly label: string,
    readonly script: (d: Driver) => void,
  ) {}
  check(): boolean {
    return true;
  }
  run(state: CosimState, rec: CycleRecorder): void {
    rec.commandIndex++;
    let cycles = 0;
    const driver: Driver = {
      cycle(inputs = {}) {
        const values = { ...state.defaults, ...inputs } as Values;
        const out = values.reset ? RESET_CYCLE : state.model.outputs(values);
        rec.inputs.push(values);
        rec.expected.push(out);
        rec.commandOf.push(rec.commandIndex);
        state.model.step(values);
        cycles++;
        return out;
      },
      until(inputs, done, limit, what) {
        for (let i = 0; i < limit; i++) {
          const o = driver.cycle(typeof inputs === 'function' ? inputs() : inputs);
          if (done(o)) return o;
        }
        throw new Error(`${what}: not done after ${limit} cycles (the reference model never got there)`);
      },
      get cycles() {
        return cycles;
      },
    };
    this.script(driver);
  }
  toString(): string {
    return this.label;
  }
}
