// The spike encoder (docs/tile-spec.md § Tile, "Encoder"): rate coding on
// chip. Rows 0 .. NIN-1 are coded in groups of E (one sampler lane per row
// of a group); row r spikes iff its lane's K-bit uniform number is below
// INTENSITY[r] (the comparator stream generator), so p = INTENSITY[r] / 2^K.
// The intensities are host-written registers.
import { cat, module, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { indexWidth } from '../../gen/lib/params.ts';
import { type TileConfig } from './params.ts';

/** Width of a row count 0..R (INPUT_ROWS, NIN). */
export const ROW_COUNT_BITS = 9;

export function SpikeEncoder(config: TileConfig): ModuleDef<Record<string, Signal>> {
  const c = config;
  const E = c.sampler.lanes;
  const K = c.sampler.numberBits;
  const groups = Math.ceil(c.rows / E);
  const groupBits = indexWidth(groups + 1);
  return module(
    'SpikeEncoder',
    { rows: c.rows, lanes: E, number_bits: K },
    (m) => {
      const start = m.input('start', Bool());
      const nin = m.input('nin', UInt(ROW_COUNT_BITS));
      const blocked = m.input('blocked', Bool());
      const busy = m.output('busy', Bool());
      const arrivals = m.output('arrivals', UInt(c.rows));
      const numValid: Signal[] = [];
      const numBits: Signal[] = [];
      const numTake: Signal[] = [];
      for (let i = 0; i < E; i++) {
        numValid.push(m.input(`num_${i}_valid`, Bool()));
        numBits.push(m.input(`num_${i}_bits`, UInt(K)));
        numTake.push(m.output(`num_${i}_take`, Bool()));
      }
      const hostWrite = m.input('host_write', Bool());
      const hostRow = m.input('host_row', UInt(indexWidth(c.rows)));
      const hostWdata = m.input('host_wdata', UInt(K));
      const hostRdata = m.output('host_rdata', UInt(K));

      const intensity = Array.from({ length: c.rows }, (_, r) => m.reg(`intensity_${r}`, UInt(K), { reset: 0 }));
      intensity.forEach((reg, r) => m.when(hostWrite.and(hostRow.eq(r)), () => reg.set(hostWdata)));
      hostRdata.set(pick(intensity, hostRow));

      const running = m.reg('running', Bool(), { reset: 0 });
      const group = m.reg('group', UInt(groupBits), { reset: 0 });
      busy.set(running);
      // Row g E + i of the current group uses lane i; a row at or beyond NIN needs no number.
      const base = m.node('group_base', group.mul(E));
      const needs = Array.from({ length: E }, (_, i) => m.node(`lane_${i}_needed`, running.and(base.add(i).lt(nin))));
      const groupReady = m.node('group_ready', needs.map((n, i) => n.not().or(numValid[i]!)).reduce((a, b) => a.and(b)));
      const take = m.node('take', running.and(groupReady).and(blocked.not()));
      numTake.forEach((t, i) => t.set(take.and(needs[i]!)));

      // Lane i's comparator: its number against the intensity of its row in this group.
      const spike = Array.from({ length: E }, (_, i) => {
        const rowsOfLane = intensity.filter((_, r) => r % E === i);
        return m.node(`lane_${i}_spike`, numBits[i]!.lt(pick(rowsOfLane, group)));
      });
      const bits: Signal[] = [];
      for (let r = c.rows - 1; r >= 0; r--) {
        bits.push(take.and(needs[r % E]!).and(group.eq(Math.floor(r / E))).and(spike[r % E]!));
      }
      arrivals.set(bits.length === 1 ? bits[0]! : cat(...bits)); // cat: row R-1 in the msb

      const lastGroup = m.node('last_group', base.add(E).ge(nin));
      m.when(start, () => {
        running.set(nin.orR());
        group.set(0);
      }).elsewhen(take, () => {
        group.set(group.addWrap(1));
        m.when(lastGroup, () => running.set(0));
      });
      return {
        start, nin, blocked, busy, arrivals, host_write: hostWrite, host_row: hostRow, host_wdata: hostWdata, host_rdata: hostRdata,
        ...Object.fromEntries(numValid.flatMap((_, i) => [[`num_${i}_valid`, numValid[i]!], [`num_${i}_bits`, numBits[i]!], [`num_${i}_take`, numTake[i]!]])),
      } as Record<string, Signal>;
    },
    { doc: `Rate-coding encoder: ${c.rows} rows in groups of ${E} lanes, ${K}-bit intensities.` },
  );
}

