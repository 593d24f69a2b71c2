// A finite-state-machine helper: a state register with named states.
import type { ModuleBuilder } from '../dsl/module.ts';
import { UInt } from '../dsl/types.ts';
import { Signal } from '../dsl/signal.ts';
import { indexWidth, paramError } from './params.ts';

const STATE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface Fsm<S extends string> {
  /** The state register, `UInt(ceil(log2(states.length)))` (at least 1 bit). */
  readonly state: Signal;
  /** The state names in encoding order. */
  readonly states: readonly S[];
  /** Binary encoding: state `states[i]` is the value i. */
  readonly encoding: Readonly<Record<S, number>>;
  /** 1 while the machine is in state `s` (a node named `<name>_is_<s>`; unused ones are removed by elaborate). */
  is(s: S): Signal;
  /** 1 while the machine is in any of `states`. */
  isOneOf(...states: S[]): Signal;
  /** Go to state `s` at the next clock edge (a last-connect assignment of the state register: use it inside m.when). */
  goto(s: S): void;
  /**
   * One branch per state (a when/elsewhen chain on the state decodes):
   * `fsm.on({ IDLE: () => ..., RUN: () => ... })`. States without a handler do nothing.
   */
  on(handlers: Partial<Record<S, () => void>>): void;
}

/**
 * Declares a state machine in module `m`: a register `name` that holds one of
 * `states`, binary encoded in order (states[0] = 0, ...) in
 * `UInt(ceil(log2(states.length)))` (1 bit for one or two states), reset
 * (synchronous) to `states[0]`. The register holds its value unless `goto`
 * is called on the current path.
 *
 * ```ts
 * const ctl = fsm(m, 'phase', ['IDLE', 'RUN', 'DONE'] as const);
 * ctl.on({
 *   IDLE: () => m.when(start, () => ctl.goto('RUN')),
 *   RUN: () => m.when(last, () => ctl.goto('DONE')),
 *   DONE: () => ctl.goto('IDLE'),
 * });
 * busy.set(ctl.is('RUN'));
 * ```
 *
 * State names must start with a letter and use letters, digits and _ (they
 * become part of signal names); they must be distinct.
 */
export function fsm<const S extends string>(m: ModuleBuilder, name: string, states: readonly S[]): Fsm<S> {
  if (states.length === 0) paramError(`fsm '${name}': needs at least one state`);
  const seen = new Set<string>();
  for (const s of states) {
    if (typeof s !== 'string' || !STATE_NAME.test(s)) {
      paramError(`fsm '${name}': state name '${String(s)}' must start with a letter and use only letters, digits and _`);
    }
    if (seen.has(s)) paramError(`fsm '${name}': state '${s}' is listed twice`);
    seen.add(s);
  }
  const encoding = Object.fromEntries(states.map((s, i) => [s, i])) as Record<S, number>;
  const state = m.reg(name, UInt(indexWidth(states.length)), { reset: 0 });
  const decoded = new Map<S, Signal>();
  const code = (s: S): number => {
    const c = encoding[s];
    if (c === undefined || !Object.hasOwn(encoding, s)) {
      paramError(`fsm '${name}': unknown state '${String(s)}' (states: ${states.join(', ')})`);
    }
    return c;
  };
  // Every decode is named up front: creating a node later, e.g. inside an elsewhen's condition, would put a
  // statement between a when and its elsewhen. Unused decodes are removed by elaborate's dead-wire pass.
  for (const s of states) decoded.set(s, m.node(`${name}_is_${s}`, state.eq(encoding[s])));
  const is = (s: S): Signal => {
    code(s);
    return decoded.get(s)!;
  };
  return {
    state,
    states,
    encoding,
    is,
    isOneOf: (...list: S[]) => {
      if (list.length === 0) paramError(`fsm '${name}': isOneOf needs at least one state`);
      return list.map(is).reduce((a, b) => a.or(b));
    },
    goto: (s: S) => state.set(code(s)),
    on: (handlers) => {
      const entries = states.filter((s) => handlers[s] !== undefined);
      for (const key of Object.keys(handlers)) code(key as S);
      if (entries.length === 0) return;
      // A when/elsewhen chain on the named decodes reads better in Verilog than a switch on codes.
      let chain = m.when(is(entries[0]), handlers[entries[0]]!);
      for (const s of entries.slice(1)) chain = chain.elsewhen(is(s), handlers[s]!);
    },
  };
}
