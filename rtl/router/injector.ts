// The multicast injector, in front of a router's local input: each spike
// event (source neuron, payload) becomes one packet per enabled routing-table
// slot of that neuron, in slot order, one per cycle, under backpressure.
// Routers only ever carry unicast flits; replication happens here.
import { cat, module, mux, lit, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { Decoupled } from '../../gen/lib/index.ts';
import { checkInt, indexWidth } from '../../gen/lib/params.ts';
import { checkRouterConfig, flitBits, type RouterConfig } from './params.ts';

export interface InjectorConfig extends Omit<RouterConfig, 'fifoDepth'> {
  /** Bits of a source neuron id (1..10); the table has 2^neuronBits rows. */
  neuronBits: number;
  /** Slots (destinations) per row (1..16). */
  fanout: number;
}

export const DEFAULT_INJECTOR_CONFIG: InjectorConfig = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, neuronBits: 4, fanout: 4 };

/** x & -x: the lowest set bit. */
const lowestSetBit = (x: Signal): Signal => x.and(x.not().addWrap(1));

/**
 * Ports: spike_valid/ready/neuron[/payload] (the event), packet_valid/ready/bits
 * (flits to the router), table_write_en/neuron/slot/enabled/dest_x/dest_y/dest_id
 * (one routing-table slot written per cycle, at the clock edge).
 */
export function MulticastInjector(config: InjectorConfig): ModuleDef {
  const c = config;
  checkRouterConfig({ ...c, fifoDepth: 1 }, 'MulticastInjector');
  checkInt('MulticastInjector', 'neuronBits', c.neuronBits, 1, 10);
  checkInt('MulticastInjector', 'fanout', c.fanout, 1, 16);
  const rows = 1 << c.neuronBits;
  const destBits = c.xBits + c.yBits + c.idBits;
  return module(
    'MulticastInjector',
    { xBits: c.xBits, yBits: c.yBits, idBits: c.idBits, payloadBits: c.payloadBits, neuronBits: c.neuronBits, fanout: c.fanout },
    (m) => {
      const spikeValid = m.input('spike_valid', Bool());
      const spikeReady = m.output('spike_ready', Bool());
      const spikeNeuron = m.input('spike_neuron', UInt(c.neuronBits));
      const spikePayload = c.payloadBits > 0 ? m.input('spike_payload', UInt(c.payloadBits)) : undefined;
      const packet = m.output('packet', Decoupled(UInt(flitBits(c))));
      const wrEn = m.input('table_write_en', Bool());
      const wrNeuron = m.input('table_write_neuron', UInt(c.neuronBits));
      const wrSlot = m.input('table_write_slot', UInt(indexWidth(c.fanout)));
      const wrEnabled = m.input('table_write_enabled', Bool());
      const wrDest = cat(m.input('table_write_dest_x', UInt(c.xBits)), m.input('table_write_dest_y', UInt(c.yBits)), m.input('table_write_dest_id', UInt(c.idBits)));

      // The routing table: per neuron and slot an enable bit (reset: off) and a destination {x, y, id}.
      const enabled: Signal[][] = [];
      const dests: Signal[][] = [];
      for (let n = 0; n < rows; n++) {
        enabled.push([]);
        dests.push([]);
        const rowHit = m.node(`table_write_row_${n}`, wrEn.and(wrNeuron.eq(n)));
        for (let k = 0; k < c.fanout; k++) {
          const en = m.reg(`route_${n}_${k}_enabled`, Bool(), { reset: 0 });
          const dest = m.reg(`route_${n}_${k}_dest`, UInt(destBits));
          m.when(rowHit.and(wrSlot.eq(k)), () => {
            en.set(wrEnabled);
            dest.set(wrDest);
          });
          enabled[n].push(en);
          dests[n].push(dest);
        }
      }

      // The event being replicated; slots_left has a bit for each slot not yet considered.
      const active = m.reg('active', Bool(), { reset: 0 });
      const neuron = m.reg('neuron', UInt(c.neuronBits), { reset: 0 });
      const payload = spikePayload ? m.reg('payload', UInt(c.payloadBits), { reset: 0 }) : undefined;
      const slotsLeft = m.reg('slots_left', UInt(c.fanout), { reset: 0 });
      const rowEnabled = m.node('row_enabled', pick(enabled.map((row) => cat(...[...row].reverse())), neuron));
      const pending = m.node('pending', rowEnabled.and(slotsLeft).and(mux(active, lit((1 << c.fanout) - 1, UInt(c.fanout)), 0)));
      const slot = m.node('slot', lowestSetBit(pending));
      const more = m.node('more_after_slot', pending.and(slot.not()).orR());
      const slotDests = Array.from({ length: c.fanout }, (_, k) => pick(dests.map((row) => row[k]), neuron));
      const dest = m.node('dest', slotDests.map((d, k) => mux(slot.bit(k), d, 0)).reduce((a, b) => a.or(b)));

      spikeReady.set(active.not());
      packet.valid.set(pending.orR());
      const flit = payload ? cat(dest, payload) : dest;
      (packet.bits as Signal).set(mux(pending.orR(), flit, 0));

      m.when(active, () => {
        m.when(pending.orR().not(), () => active.set(0)).elsewhen(packet.ready, () => {
          // Slots above the one just sent remain: ~(slot | (slot - 1)).
          slotsLeft.set(slot.or(slot.subWrap(1)).not());
          m.when(more.not(), () => active.set(0));
        });
      }).elsewhen(spikeValid, () => {
        active.set(1);
        neuron.set(spikeNeuron);
        if (payload && spikePayload) payload.set(spikePayload);
        slotsLeft.set((1 << c.fanout) - 1);
      });
    },
    { doc: `Multicast injector: ${rows} neurons x ${c.fanout} routing-table slots; one packet per enabled slot, in slot order, one per cycle.` },
  );
}
