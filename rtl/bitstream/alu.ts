// The bitstream ALU (docs/tile-spec.md § Bitstream ALU): runs one
// stochastic-computing operation over N stream cycles and counts the ones
// of its output stream. The random numbers come in on ports, one triple per
// cycle (rand_valid = 0 stalls the stream): in the tile from the sampler's
// lanes, in co-simulation from the testbench. No random source inside.
import { lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { ComparatorSng, CordivDivider, ScAnd, ScMux, ScOr, ScXnor, ScXor, StanhFsm, StreamCounter } from './ops.ts';
import { bitstreamParamsOf, checkBitstreamConfig, OP, OP_BITS, type BitstreamConfig } from './params.ts';

export const BitstreamAlu = (config: BitstreamConfig): ModuleDef<Record<string, Signal>> => {
  const c = checkBitstreamConfig(config);
  const K = c.bits;
  const LB = c.lengthBits;
  return module(
    'BitstreamAlu',
    bitstreamParamsOf(c),
    (m) => {
      const io = {
        start_valid: m.input('start_valid', Bool()),
        start_ready: m.output('start_ready', Bool()),
        start_op: m.input('start_op', UInt(OP_BITS)),
        start_a: m.input('start_a', UInt(K)),
        start_b: m.input('start_b', UInt(K)),
        start_n: m.input('start_n', UInt(LB)),
        rand_valid: m.input('rand_valid', Bool()),
        rand_a: m.input('rand_a', UInt(K)),
        rand_b: m.input('rand_b', UInt(K)),
        rand_s: m.input('rand_s', UInt(K)),
        busy: m.output('busy', Bool()),
        done: m.output('done', Bool()),
        result: m.output('result', UInt(LB)),
        stream_bit: m.output('stream_bit', Bool()),
        ev_bitops: m.output('ev_bitops', Bool()),
      };

      // ---- the operation being run ------------------------------------------------
      const busy = m.reg('running', Bool(), { reset: 0 });
      const done = m.reg('finished', Bool(), { reset: 0 });
      const op = m.reg('op', UInt(OP_BITS), { reset: 0 });
      const a = m.reg('a', UInt(K), { reset: 0 });
      const b = m.reg('b', UInt(K), { reset: 0 });
      const remaining = m.reg('remaining', UInt(LB), { reset: 0 });
      const startFire = m.node('start_fire', io.start_valid.and(busy.not()));
      const step = m.node('step', busy.and(io.rand_valid));

      // ---- stream generators: independent (own random number) or correlated (shared) ----
      const sng = (name: string, value: Signal, rand: Signal) => {
        const g = m.instance(name, ComparatorSng(K));
        g.value.set(value);
        g.random.set(rand);
        return g.stream;
      };
      const sa = m.node('stream_a', sng('sng_a', a, io.rand_a));
      const sb = m.node('stream_b', sng('sng_b', b, io.rand_b));
      const sbCorrelated = m.node('stream_b_correlated', sng('sng_b_correlated', b, io.rand_a));
      const sel = m.node('select_half', sng('sng_select', lit(2 ** (K - 1), UInt(K)), io.rand_s));

      const two = (name: string, def: typeof ScAnd, x: Signal, y: Signal) => {
        const g = m.instance(name, def());
        g.a.set(x);
        g.b.set(y);
        return g.y;
      };
      const mul = two('and_mul', ScAnd, sa, sb);
      const bmul = two('xnor_mul', ScXnor, sa, sb);
      const or = two('or_add', ScOr, sa, sb);
      const sub = two('abs_sub', ScXor, sa, sbCorrelated);
      const add = m.instance('mux_add', ScMux());
      add.a.set(sa);
      add.b.set(sb);
      add.sel.set(sel);
      const div = m.instance('cordiv', CordivDivider());
      div.en.set(step.and(op.eq(OP.div)));
      div.clear.set(startFire);
      div.dividend.set(sa);
      div.divisor.set(sbCorrelated);
      const tanh = m.instance('stanh', StanhFsm(c.tanhStates));
      tanh.en.set(step.and(op.eq(OP.tanh)));
      tanh.clear.set(startFire);
      tanh.x.set(sa);

      const y = m.wire('y', Bool());
      y.set(sa);
      m.switch(op)
        .is(OP.mul, () => y.set(mul))
        .is(OP.bmul, () => y.set(bmul))
        .is(OP.add, () => y.set(add.y))
        .is(OP.or, () => y.set(or))
        .is(OP.div, () => y.set(div.quotient))
        .is(OP.tanh, () => y.set(tanh.y))
        .is(OP.sub, () => y.set(sub));

      // ---- stream -> binary ----------------------------------------------------------
      const counter = m.instance('counter', StreamCounter(LB));
      counter.en.set(step);
      counter.stream.set(y);
      counter.clear.set(startFire);

      m.when(startFire, () => {
        op.set(io.start_op);
        a.set(io.start_a);
        b.set(io.start_b);
        remaining.set(io.start_n);
        busy.set(io.start_n.neq(0));
        done.set(io.start_n.eq(0));
      }).elsewhen(step, () => {
        remaining.set(remaining.subWrap(1));
        m.when(remaining.eq(1), () => {
          busy.set(0);
          done.set(1);
        });
      });

      io.start_ready.set(busy.not());
      io.busy.set(busy);
      io.done.set(done);
      io.result.set(counter.count);
      io.stream_bit.set(step.and(y));
      io.ev_bitops.set(step);
      return io;
    },
    { doc: `Bitstream ALU: one of 8 stochastic-computing operations over N <= ${2 ** LB - 1} cycles, ${K}-bit operands.` },
  );
};
