// The 5-port address-event router: one FIFO per input (gen/lib Fifo, no
// bypass), XY routing of each FIFO's head, one round-robin arbiter per output
// (gen/lib RoundRobinArbiter, advanced on an accepted transfer), valid/ready
// on every port. Every output depends on the state only (FIFO heads, arbiter
// pointers), never combinationally on an input, so routers can be wired into
// a mesh without combinational loops.
import { cat, memoizedGenerator, module, mux, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { Decoupled, Fifo, RoundRobinArbiter, type DecoupledIO } from '../../gen/lib/index.ts';
import { checkRouterConfig, destXLsb, destYLsb, flitBits, PORT_NAMES, routerParamsOf, type PortName, type RouterConfig } from './params.ts';

export interface RouterIO {
  hereX: Signal;
  hereY: Signal;
  in: Record<PortName, DecoupledIO>;
  out: Record<PortName, DecoupledIO>;
}

/**
 * Router(config): ports `here_x`, `here_y` (this router's coordinates; a mesh
 * ties them to constants), and for each port P in north, east, south, west,
 * local: `in_P_valid/ready/bits` (consumer) and `out_P_valid/ready/bits`
 * (producer), bits = one flit.
 */
function RouterGenerator(config: RouterConfig): ModuleDef<RouterIO> {
  const c = checkRouterConfig(config);
  const width = flitBits(c);
  return module(
    'Router',
    routerParamsOf(c),
    (m) => {
      const hereX = m.input('here_x', UInt(c.xBits));
      const hereY = m.input('here_y', UInt(c.yBits));
      const ins = {} as Record<PortName, DecoupledIO>;
      const outs = {} as Record<PortName, DecoupledIO>;
      for (const p of PORT_NAMES) ins[p] = m.input(`in_${p}`, Decoupled(UInt(width)));
      for (const p of PORT_NAMES) outs[p] = m.output(`out_${p}`, Decoupled(UInt(width)));

      // Input side: each input's FIFO and the output its head asks for.
      const heads = PORT_NAMES.map((p) => {
        const fifo = m.instance(`${p}_fifo`, Fifo(width, c.fifoDepth));
        fifo.enq.valid.set(ins[p].valid);
        fifo.enq.bits.set(ins[p].bits as Signal);
        ins[p].ready.set(fifo.enq.ready);
        const flit = fifo.deq.bits as Signal;
        const destX = m.node(`${p}_dest_x`, flit.bits(destXLsb(c) + c.xBits - 1, destXLsb(c)));
        const destY = m.node(`${p}_dest_y`, flit.bits(destYLsb(c) + c.yBits - 1, destYLsb(c)));
        // XY routing: x first (east = +x), then y (south = +y), then local.
        const xDone = destX.eq(hereX);
        const wants: Record<PortName, Signal> = {
          east: destX.gt(hereX),
          west: destX.lt(hereX),
          south: xDone.and(destY.gt(hereY)),
          north: xDone.and(destY.lt(hereY)),
          local: xDone.and(destY.eq(hereY)),
        };
        const requests = {} as Record<PortName, Signal>;
        for (const o of PORT_NAMES) requests[o] = m.node(`${p}_wants_${o}`, fifo.deq.valid.and(wants[o]));
        return { port: p, fifo, flit, requests };
      });

      // Output side: an arbiter per output; the granted head goes out, and leaves its FIFO when taken.
      const taken: Signal[][] = PORT_NAMES.map(() => []);
      for (const o of PORT_NAMES) {
        const arbiter = m.instance(`${o}_arbiter`, RoundRobinArbiter(PORT_NAMES.length));
        // cat puts its first argument in the msb: reverse so that north is requester 0.
        arbiter.req.set(cat(...heads.map((h) => h.requests[o]).reverse()));
        arbiter.advance.set(outs[o].ready);
        const grant = m.node(`${o}_grant`, arbiter.grant);
        outs[o].valid.set(arbiter.grant_valid);
        // The grant is one-hot, so an AND-OR picks the granted flit (all zeros when none).
        const chosen = heads.map((h, i) => mux(grant.bit(i), h.flit, 0)).reduce((a, b) => a.or(b));
        (outs[o].bits as Signal).set(chosen);
        heads.forEach((_, i) => taken[i].push(grant.bit(i).and(outs[o].ready)));
      }
      heads.forEach((h, i) => h.fifo.deq.ready.set(m.node(`${h.port}_taken`, taken[i].reduce((a, b) => a.or(b)))));
      return { hereX, hereY, in: ins, out: outs };
    },
    { doc: `Address-event router: 5 ports (N/E/S/W/local), ${c.fifoDepth}-entry input FIFOs, XY routing, round-robin outputs, ${width}-bit flits.` },
  );
}

/** Memoized by its arguments: every instance of one configuration shares one elaboration. */
const memoRouter = memoizedGenerator(RouterGenerator);
export function Router(config: RouterConfig): ModuleDef<RouterIO> {
  return memoRouter(config);
}
