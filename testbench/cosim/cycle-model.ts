// Model-based co-simulation in batches. Each fast-check command is one or
// more clock cycles of inputs; running a command (through fc.modelRun) steps
// the TypeScript reference model and records the inputs and the outputs the
// model expects. The recorded cycles then go to the simulator as ONE batch
// (one pipe round trip per run) and every output is compared on every cycle.
import fc from 'fast-check';

export type Values = Record<string, bigint>;

/** A cycle-accurate reference model of a block. */
export interface CycleModel {
  /**
   * Outputs in the current cycle for these inputs (before the clock edge).
   * Every output of the block must be a key: `undefined` is an explicit
   * don't-care; a missing key is an error (see compare.ts).
   */
  outputs(inputs: Values): Record<string, bigint | undefined>;
  /** The clock edge at the end of the cycle. */
  step(inputs: Values): void;
}

/** The expectation of a reset cycle: every output is don't-care (compared by identity). */
export const RESET_CYCLE: Record<string, bigint | undefined> = Object.freeze({});

/** What running commands builds: the cycles to send and the outputs to expect. */
export class CycleRecorder {
  readonly inputs: Values[] = [];
  readonly expected: Record<string, bigint | undefined>[] = [];
  /** Which command produced each cycle (for the report). */
  readonly commandOf: number[] = [];
  commandIndex = -1;
}

export interface CosimState {
  model: CycleModel;
  /** Inputs that commands leave unspecified (e.g. reset = 0). */
  defaults: Values;
}

/** One or more cycles of inputs; `label` is how it prints in a counterexample. */
export class CycleCommand implements fc.Command<CosimState, CycleRecorder> {
  constructor(
    readonly label: string,
    readonly cycles: Partial<Values>[],
  ) {}
  check(): boolean {
    return true;
  }
  run(state: CosimState, rec: CycleRecorder): void {
    rec.commandIndex++;
    for (const cycle of this.cycles) {
      const inputs = { ...state.defaults, ...cycle } as Values;
      rec.inputs.push(inputs);
      // Outputs during a reset cycle still show the state before the reset: don't care.
      rec.expected.push(inputs.reset ? RESET_CYCLE : state.model.outputs(inputs));
      rec.commandOf.push(rec.commandIndex);
      state.model.step(inputs);
    }
  }
  toString(): string {
    return this.label;
  }
}

/** Runs the commands against the model and returns what the simulator must reproduce. */
export function record(commands: Iterable<fc.Command<CosimState, CycleRecorder>>, state: CosimState): CycleRecorder {
  const rec = new CycleRecorder();
  fc.modelRun(() => ({ model: state, real: rec }), commands);
  return rec;
}

/** A first reset cycle, so every run starts from the reset state. */
export function resetCommand(cycles = 1): CycleCommand {
  return new CycleCommand(`reset(${cycles})`, Array.from({ length: cycles }, () => ({ reset: 1n })));
}
