// The spike encoder (docs/tile-spec.md § Tile, "Encoder"): rate coding on
// chip. Sampler lane i codes rows i, i + E, i + 2E, ... below NIN, one per
// number it delivers; row r spikes iff the number is below INTENSITY[r] (the
// comparator stream generator), so p = INTENSITY[r] / 2^K.
// The intensities are host-written registers.
import { cat, lit, module, pick, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
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

      // Lane i codes its own rows i, i + E, i + 2E, ... in order, at its own pace (no lane waits for another).
      const taken = Array.from({ length: E }, (_, i) => {
        const k = m.reg(`lane_${i}_row_index`, UInt(groupBits), { reset: 0 });
        const row = m.node(`lane_${i}_row`, k.mul(E).add(i));
        const left = m.reg(`lane_${i}_running`, Bool(), { reset: 0 });
        const hasRow = m.node(`lane_${i}_has_row`, left.and(row.lt(nin)));
        const take = m.node(`lane_${i}_take`, hasRow.and(numValid[i]!).and(blocked.not()));
        numTake[i]!.set(take);
        const rowsOfLane = intensity.filter((_, r) => r % E === i);
        const spike = m.node(`lane_${i}_spike`, rowsOfLane.length === 0 ? lit(0, Bool()) : numBits[i]!.lt(pick(rowsOfLane, k)));
        m.when(left.and(hasRow.not()), () => left.set(0)); // the lane's last row is done
        m.when(start, () => {
          k.set(0);
          left.set(1);
        }).elsewhen(take, () => k.set(k.addWrap(1)));
        return { k, take, spike, hasRow };
      });
      busy.set(taken.map((l) => l.hasRow).reduce((a, b) => a.or(b)));
      const bits: Signal[] = [];
      for (let r = c.rows - 1; r >= 0; r--) {
        const lane = taken[r % E]!;
        bits.push(lane.take.and(lane.k.eq(Math.floor(r / E))).and(lane.spike));
      }
      arrivals.set(bits.length === 1 ? bits[0]! : cat(...bits)); // cat: row R-1 in the msb

      return {
        start, nin, blocked, busy, arrivals, host_write: hostWrite, host_row: hostRow, host_wdata: hostWdata, host_rdata: hostRdata,
        ...Object.fromEntries(numValid.flatMap((_, i) => [[`num_${i}_valid`, numValid[i]!], [`num_${i}_bits`, numBits[i]!], [`num_${i}_take`, numTake[i]!]])),
      } as Record<string, Signal>;
    },
    { doc: `Rate-coding encoder: ${c.rows} rows in groups of ${E} lanes, ${K}-bit intensities.` },
  );
}

