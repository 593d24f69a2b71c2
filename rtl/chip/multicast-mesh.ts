// A mesh whose local inputs are fed by multicast injectors: the network as a
// chip of tiles sees it. Ports: per router spike_<x>_<y>_* (events in) and
// local_out_<x>_<y>_* (packets out), one shared table-write port that selects
// an injector by table_write_x / table_write_y, and off_mesh_drops.
import { module, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { connectDecoupled, Decoupled, type DecoupledIO } from '../../gen/lib/index.ts';
import { indexWidth } from '../../gen/lib/params.ts';
import { checkRouterConfig, flitBits, routerParamsOf, type RouterConfig } from '../router/params.ts';
import { MulticastInjector } from '../router/injector.ts';
import { dropCountBits, Mesh } from './mesh.ts';

export function MulticastMesh(width: number, height: number, config: RouterConfig, neuronBits: number, fanout: number): ModuleDef {
  const c = checkRouterConfig(config, 'MulticastMesh');
  const flit = UInt(flitBits(c));
  return module(
    'MulticastMesh',
    { width, height, ...routerParamsOf(c), neuronBits, fanout },
    (m) => {
      const mesh = m.instance('mesh', Mesh(width, height, c)) as Record<string, Signal>;
      const wrEn = m.input('table_write_en', Bool());
      const wrX = m.input('table_write_x', UInt(c.xBits));
      const wrY = m.input('table_write_y', UInt(c.yBits));
      const shared = {
        neuron: m.input('table_write_neuron', UInt(neuronBits)),
        slot: m.input('table_write_slot', UInt(indexWidth(fanout))),
        enabled: m.input('table_write_enabled', Bool()),
        dest_x: m.input('table_write_dest_x', UInt(c.xBits)),
        dest_y: m.input('table_write_dest_y', UInt(c.yBits)),
        dest_id: m.input('table_write_dest_id', UInt(c.idBits)),
      };
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const at = `${x}_${y}`;
          const inj = m.instance(`injector_${at}`, MulticastInjector({ ...c, neuronBits, fanout })) as Record<string, Signal>;
          inj.spike_valid.set(m.input(`spike_${at}_valid`, Bool()));
          m.output(`spike_${at}_ready`, Bool()).set(inj.spike_ready);
          inj.spike_neuron.set(m.input(`spike_${at}_neuron`, UInt(neuronBits)));
          if (c.payloadBits > 0) inj.spike_payload.set(m.input(`spike_${at}_payload`, UInt(c.payloadBits)));
          // The injector's packets go straight into the router's local input.
          mesh[`local_in_${at}_valid`].set(inj.packet_valid);
          mesh[`local_in_${at}_bits`].set(inj.packet_bits);
          inj.packet_ready.set(mesh[`local_in_${at}_ready`]);
          inj.table_write_en.set(m.node(`table_write_hits_${at}`, wrEn.and(wrX.eq(x)).and(wrY.eq(y))));
          for (const [k, v] of Object.entries(shared)) inj[`table_write_${k}`].set(v);
          const out = m.output(`local_out_${at}`, Decoupled(flit));
          connectDecoupled(m, out, { valid: mesh[`local_out_${at}_valid`], ready: mesh[`local_out_${at}_ready`], bits: mesh[`local_out_${at}_bits`] } as DecoupledIO);
        }
      }
      m.output('off_mesh_drops', UInt(dropCountBits(width, height))).set(mesh.off_mesh_drops);
    },
    { doc: `${width} x ${height} router mesh with a multicast injector (${2 ** neuronBits} neurons x ${fanout} slots) at every node.` },
  );
}
