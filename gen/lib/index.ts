// neurotile's library of generic hardware blocks (nothing neuromorphic):
// valid/ready interfaces, FIFO, round-robin arbiter, counters, FSM helper.
export { Decoupled, fire, connectDecoupled, signalsOf } from './decoupled.ts';
export type { DecoupledType, DecoupledIO } from './decoupled.ts';
export { Fifo, defaultFifoStorage, FIFO_REGISTER_DEPTH_LIMIT, FIFO_MAX_DEPTH } from './fifo.ts';
export type { FifoIO, FifoOptions, FifoStorage } from './fifo.ts';
export { RoundRobinArbiter, ARBITER_MAX_REQUESTERS } from './arbiter.ts';
export type { RoundRobinArbiterIO } from './arbiter.ts';
export { Counter, UpDownCounter } from './counter.ts';
export type { CounterIO, CounterOptions, UpDownCounterIO, UpDownCounterOptions } from './counter.ts';
export { fsm } from './fsm.ts';
export type { Fsm } from './fsm.ts';
export { indexWidth, countWidth } from './params.ts';
export { popcount, saturate, saturatingIncrement } from './arith.ts';
