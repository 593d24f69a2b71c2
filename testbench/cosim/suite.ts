// A co-simulation suite: a block, its reference model and its random stimulus.
import type fc from 'fast-check';
import type { ModuleDef } from '../../gen/index.ts';
import type { CosimState, CycleModel, CycleRecorder, Values } from './cycle-model.ts';

export type CommandList = Iterable<fc.Command<CosimState, CycleRecorder>>;

export interface CosimSuite<P = any> {
  target: string;
  description: string;
  /** The configuration used by default and with --rtl (the RTL must be generated from it). */
  defaultConfig: P;
  /** Extra random configurations for a full run (each costs one model build per backend). */
  randomConfigs(rng: () => number, count: number): P[];
  describeConfig(p: P): string;
  /**
   * The suite's configuration from the target's `--config` parameters, when the
   * two differ in shape (the tile and chip targets take flat parameters). Without
   * it the target's parameters are the suite's configuration.
   */
  fromTargetParams?(params: Record<string, unknown>): P;
  design(p: P): ModuleDef;
  model(p: P): CycleModel;
  /** Values of inputs that commands do not set (reset is handled by the runner). */
  defaults(p: P): Values;
  /** `replayPath` is fast-check's command-replay metadata of a counterexample (pass it to fc.commands). */
  commands(p: P, replayPath?: string): fc.Arbitrary<CommandList>;
}
