// Public entry of the energy model: the reference energy table and energy per inference from activity counters.
export * from './energy.ts';
