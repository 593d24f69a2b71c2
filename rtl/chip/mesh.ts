// A W x H mesh of routers (docs/tile-spec.md, "## Router", "Mesh").
// Router (x, y) is instance router_<x>_<y>; its east port is linked to the
// west port of (x + 1, y) and its south port to the north port of (x, y + 1)
// (+y is south). Each router's local ports are top-level ports
// local_in_<x>_<y>_* and local_out_<x>_<y>_* for the tiles. Edge ports are
// tied off: no flit comes in, and an edge output is always ready, so a flit
// whose destination lies outside the mesh leaves through it and is dropped;
// off_mesh_drops counts those drops in the current cycle.
import { lit, module, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { checkInt } from '../../gen/lib/params.ts';
import { connectDecoupled, Decoupled } from '../../gen/lib/index.ts';
import { checkRouterConfig, flitBits, routerParamsOf, type PortName, type RouterConfig } from '../router/params.ts';
import { Router, type RouterIO } from '../router/router.ts';

/** Bits of off_mesh_drops: enough for every edge output dropping in one cycle. */
export function dropCountBits(width: number, height: number): number {
  return Math.max(1, (2 * (width + height)).toString(2).length);
}

export function Mesh(width: number, height: number, config: RouterConfig): ModuleDef {
  const c = checkRouterConfig(config, 'Mesh');
  checkInt('Mesh', 'width', width, 1, 1 << c.xBits);
  checkInt('Mesh', 'height', height, 1, 1 << c.yBits);
  const flit = UInt(flitBits(c));
  return module(
    'Mesh',
    { width, height, ...routerParamsOf(c) },
    (m) => {
      const routers: RouterIO[][] = [];
      for (let y = 0; y < height; y++) {
        routers.push([]);
        for (let x = 0; x < width; x++) {
          const r = m.instance(`router_${x}_${y}`, Router(c));
          r.hereX.set(lit(x, UInt(c.xBits)));
          r.hereY.set(lit(y, UInt(c.yBits)));
          connectDecoupled(m, r.in.local, m.input(`local_in_${x}_${y}`, Decoupled(flit)));
          connectDecoupled(m, m.output(`local_out_${x}_${y}`, Decoupled(flit)), r.out.local);
          routers[y].push(r);
        }
      }
      // Links between neighbours, and tie-offs where a port faces the edge.
      const drops: Signal[] = [];
      const link = (from: RouterIO, out: PortName, to: RouterIO | undefined, inPort: PortName) => {
        if (to) {
          connectDecoupled(m, to.in[inPort], from.out[out]);
        } else {
          from.out[out].ready.set(lit(1, Bool()));
          drops.push(from.out[out].valid);
        }
      };
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const r = routers[y][x];
          link(r, 'east', routers[y][x + 1], 'west');
          link(r, 'west', routers[y][x - 1], 'east');
          link(r, 'south', routers[y + 1]?.[x], 'north');
          link(r, 'north', routers[y - 1]?.[x], 'south');
          for (const p of ['north', 'east', 'south', 'west'] as const) {
            const faces = { north: y === 0, east: x === width - 1, south: y === height - 1, west: x === 0 }[p];
            if (faces) {
              r.in[p].valid.set(lit(0, Bool()));
              (r.in[p].bits as Signal).set(lit(0, flit));
            }
          }
        }
      }
      const dropBits = dropCountBits(width, height);
      const count = drops.map((d) => d.zext(dropBits)).reduce((a, b) => a.addWrap(b));
      m.output('off_mesh_drops', UInt(dropBits)).set(count);
    },
    { doc: `${width} x ${height} mesh of address-event routers (XY routing, +y = south); edge outputs drop and count.` },
  );
}
