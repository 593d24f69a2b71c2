// The spike emitter (docs/tile-spec.md § Tile, "Emitter"): the fired neurons
// of a beat become packets through the multicast routing table. PICK takes
// the lowest pending unit and reads its neuron's table row (a synchronous
// memory per slot), LOOKUP latches the row, SEND offers one packet per
// enabled slot, lowest slot first, under the router's back-pressure.
import { cat, lit, module, mux, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { Decoupled } from '../../gen/lib/index.ts';
import { indexWidth } from '../../gen/lib/params.ts';
import { CSR_DATA_BITS, idBitsOf, unitsOf, type TileConfig } from './params.ts';

const PICK = 0;
const LOOKUP = 1;
const SEND = 2;

/** x & -x: the lowest set bit. */
const lowestSetBit = (x: Signal): Signal => x.and(x.not().addWrap(1));

/** Index of the single set bit of a one-hot value (0 when none). */
function oneHotIndex(oneHot: Signal, width: number): Signal {
  const bits = indexWidth(oneHot.width);
  let index: Signal = lit(0, UInt(bits));
  for (let i = 1; i < oneHot.width; i++) index = index.or(mux(oneHot.bit(i), lit(i, UInt(bits)), 0));
  return index.trunc(Math.min(bits, width));
}

/** `v` at bit `lsb` of a CSR data word. */
export const placeAt = (v: Signal, lsb: number): Signal => v.zext(CSR_DATA_BITS).shlWrap(lsb);

/** The CSR word of a route slot: [7:0] dest_id, [19:16] dest_y, [27:24] dest_x, bit 31 enabled. */
export const ROUTE_FIELDS = { id: 0, y: 16, x: 24, enabled: 31 } as const;

export function SpikeEmitter(config: TileConfig): ModuleDef<Record<string, Signal>> {
  const c = config;
  const units = unitsOf(c);
  const share = c.adcShare;
  const shareBits = Math.log2(share);
  const idBits = idBitsOf(c);
  const destBits = c.xBits + c.yBits + idBits;
  const slotWord = 1 + destBits; // {enabled, dest_x, dest_y, dest_id}
  const neuronBits = indexWidth(c.cols);
  const slotBits = indexWidth(c.fanout);
  return module(
    'SpikeEmitter',
    { cols: c.cols, adc_share: c.adcShare, fanout: c.fanout, x_bits: c.xBits, y_bits: c.yBits, id_bits: idBits },
    (m) => {
      const load = m.input('load', Bool());
      const fired = m.input('fired', UInt(units));
      const round = m.input('round', UInt(Math.max(1, shareBits)));
      const idle = m.output('idle', Bool());
      const packet = m.output('packet', Decoupled(UInt(destBits)));
      const hostWrite = m.input('host_write', Bool());
      const hostRead = m.input('host_read', Bool());
      const hostNeuron = m.input('host_neuron', UInt(neuronBits));
      const hostSlot = m.input('host_slot', UInt(slotBits));
      const hostWdata = m.input('host_wdata', UInt(CSR_DATA_BITS));
      const hostRdata = m.output('host_rdata', UInt(CSR_DATA_BITS));

      const state = m.reg('state', UInt(2), { reset: PICK });
      const pending = m.reg('pending', UInt(units), { reset: 0 });
      const beatRound = m.reg('beat_round', UInt(Math.max(1, shareBits)), { reset: 0 });
      const slots = m.reg('slots', UInt(c.fanout), { reset: 0 });
      const dests = Array.from({ length: c.fanout }, (_, k) => m.reg(`dest_${k}`, UInt(destBits)));

      const picking = m.node('picking', state.eq(PICK).and(pending.orR()));
      idle.set(state.eq(PICK).and(pending.orR().not()));
      // Neuron of the lowest pending unit: n = a * ADC_SHARE + j.
      const unitOneHot = m.node('unit_one_hot', lowestSetBit(pending));
      const unit = m.node('unit', oneHotIndex(unitOneHot, Math.max(1, indexWidth(units))));
      const neuronWide = shareBits === 0 ? unit : units === 1 ? beatRound : cat(unit, beatRound);
      const neuron = m.node('neuron', neuronWide.width >= neuronBits ? neuronWide.trunc(neuronBits) : neuronWide.zext(neuronBits));

      // The routing table: one memory per slot, a row per neuron (read while picking, or by the host).
      const hostInRange = m.node('host_in_range', hostNeuron.lt(c.cols).and(hostSlot.lt(c.fanout)));
      const hostEnabled = hostWdata.bit(ROUTE_FIELDS.enabled);
      const hostDest = cat(
        hostWdata.bits(ROUTE_FIELDS.x + c.xBits - 1, ROUTE_FIELDS.x),
        hostWdata.bits(ROUTE_FIELDS.y + c.yBits - 1, ROUTE_FIELDS.y),
        hostWdata.bits(ROUTE_FIELDS.id + idBits - 1, ROUTE_FIELDS.id),
      );
      const readAddr = mux(picking, neuron, hostNeuron);
      const rows = Array.from({ length: c.fanout }, (_, k) => {
        const table = m.mem(`route_slot_${k}`, UInt(slotWord), c.cols, { init: new Array<number>(c.cols).fill(0) });
        table.write(hostNeuron, cat(hostEnabled, hostDest), hostWrite.and(hostInRange).and(hostSlot.eq(k)));
        return table.read(`route_row_${k}`, readAddr, picking.or(hostRead));
      });

      // Host read-back of a slot (the memory answers in the next cycle).
      const readSlot = m.reg('host_read_slot', UInt(slotBits));
      const readOk = m.reg('host_read_ok', Bool(), { reset: 0 });
      readSlot.set(hostSlot);
      readOk.set(hostInRange);
      const word = m.node('host_read_word', pick(rows, readSlot));
      const csrWord = [
        placeAt(word.bit(destBits), ROUTE_FIELDS.enabled),
        placeAt(word.bits(destBits - 1, c.yBits + idBits), ROUTE_FIELDS.x),
        placeAt(word.bits(c.yBits + idBits - 1, idBits), ROUTE_FIELDS.y),
        placeAt(word.bits(idBits - 1, 0), ROUTE_FIELDS.id),
      ].reduce((a, b) => a.or(b));
      hostRdata.set(mux(readOk, csrWord, 0));

      // SEND: the lowest enabled slot left.
      const slotOneHot = m.node('slot_one_hot', lowestSetBit(slots));
      const sending = m.node('sending', state.eq(SEND));
      packet.valid.set(sending);
      (packet.bits as Signal).set(mux(sending, dests.map((d, k) => mux(slotOneHot.bit(k), d, 0)).reduce((a, b) => a.or(b)), 0));

      m.when(load, () => {
        pending.set(fired);
        beatRound.set(round);
      });
      m.switch(state)
        .is(PICK, () => {
          m.when(picking, () => {
            pending.set(pending.and(unitOneHot.not()));
            state.set(LOOKUP);
          });
        })
        .is(LOOKUP, () => {
          const enabled = cat(...rows.map((r) => r.bit(destBits)).reverse());
          slots.set(enabled);
          rows.forEach((r, k) => dests[k]!.set(r.bits(destBits - 1, 0)));
          state.set(mux(enabled.orR(), lit(SEND, UInt(2)), lit(PICK, UInt(2))));
        })
        .is(SEND, () => {
          m.when(packet.ready, () => {
            const left = slots.and(slotOneHot.not());
            slots.set(left);
            m.when(left.orR().not(), () => state.set(PICK));
          });
        });
      return { load, fired, round, idle, packet_valid: packet.valid, packet_ready: packet.ready, packet_bits: packet.bits as Signal, host_write: hostWrite, host_read: hostRead, host_neuron: hostNeuron, host_slot: hostSlot, host_wdata: hostWdata, host_rdata: hostRdata };
    },
    { doc: `Spike emitter: ${c.cols} neurons x ${c.fanout} routing slots (a memory per slot), one packet per enabled slot.` },
  );
}
