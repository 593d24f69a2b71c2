// The chip (docs/tile-spec.md § Chip): a W x H mesh of tiles, one host port
// that reaches every tile's CSRs and the chip's own registers, and the
// controller that runs an inference as a sequence of steps, each released to
// all tiles at once when the barrier holds (every tile idle, no flit in the
// network).
import { cat, lit, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { checkInt } from '../../gen/lib/params.ts';
import { CSR_ADDR_BITS, CSR_DATA_BITS, STEP, STEP_KIND_BITS, checkTileConfig, tileParamsOf, type TileConfig } from '../tile/params.ts';
import { Tile } from '../tile/tile.ts';

export interface ChipConfig {
  width: number;
  height: number;
  tile: TileConfig;
}

export const CHIP_ID = 0x4e430001;
/** Chip register addresses (host_req_chip = 1). */
export const CHIP_REG = { id: 0, geometry: 1, timesteps: 2, samples: 3, ctrl: 4, status: 5, cycles: 6, runCycles: 7 } as const;

const MESH_PORTS = ['north', 'east', 'south', 'west'] as const;
type MeshPort = (typeof MESH_PORTS)[number];
const OPPOSITE: Record<MeshPort, MeshPort> = { north: 'south', east: 'west', south: 'north', west: 'east' };

// What the controller issues next.
const NEXT_SAMPLE_START = 0;
const NEXT_TIMESTEP = 1;
const NEXT_SAMPLE_END = 2;
const NEXT_RUN_END = 3;
const NEXT_FINISH = 4;

export function checkChipConfig(c: ChipConfig): ChipConfig {
  const t = checkTileConfig(c.tile, 'Chip');
  checkInt('Chip', 'width', c.width, 1, Math.min(16, 2 ** t.xBits));
  checkInt('Chip', 'height', c.height, 1, Math.min(16, 2 ** t.yBits));
  checkInt('Chip', 'width x height', c.width * c.height, 1, 16);
  return c;
}

export function Chip(config: ChipConfig): ModuleDef {
  const c = checkChipConfig(config);
  const t = c.tile;
  const W = c.width;
  const H = c.height;
  return module(
    'Chip',
    { w: W, h: H, ...tileParamsOf(t) },
    (m) => {
      // ---- ports ---------------------------------------------------------------------
      const reqValid = m.input('host_req_valid', Bool());
      const reqReady = m.output('host_req_ready', Bool());
      const reqWrite = m.input('host_req_write', Bool());
      const reqChip = m.input('host_req_chip', Bool());
      const reqX = m.input('host_req_x', UInt(t.xBits));
      const reqY = m.input('host_req_y', UInt(t.yBits));
      const reqAddr = m.input('host_req_addr', UInt(CSR_ADDR_BITS));
      const reqData = m.input('host_req_wdata', UInt(CSR_DATA_BITS));
      const respValid = m.output('host_resp_valid', Bool());
      const respReady = m.input('host_resp_ready', Bool());
      const respData = m.output('host_resp_rdata', UInt(CSR_DATA_BITS));
      const busyOut = m.output('busy', Bool());
      const doneOut = m.output('done', Bool());

      // ---- the tiles and their links ---------------------------------------------------------
      const tiles: Record<string, Signal>[][] = [];
      for (let y = 0; y < H; y++) {
        tiles.push([]);
        for (let x = 0; x < W; x++) {
          const tile = m.instance(`tile_${x}_${y}`, Tile(t)) as Record<string, Signal>;
          tile.here_x.set(lit(x, UInt(t.xBits)));
          tile.here_y.set(lit(y, UInt(t.yBits)));
          tiles[y]!.push(tile);
        }
      }
      const neighbour = (x: number, y: number, p: MeshPort): Record<string, Signal> | undefined => {
        const [nx, ny] = p === 'north' ? [x, y - 1] : p === 'south' ? [x, y + 1] : p === 'east' ? [x + 1, y] : [x - 1, y];
        return nx >= 0 && nx < W && ny >= 0 && ny < H ? tiles[ny]![nx] : undefined;
      };
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const tile = tiles[y]![x]!;
          const edgeBits: Signal[] = [];
          for (const p of MESH_PORTS) {
            const other = neighbour(x, y, p);
            if (other) {
              // This tile's input P is fed by the neighbour's output on the facing side.
              const q = OPPOSITE[p];
              tile[`in_${p}_valid`]!.set(other[`out_${q}_valid`]!);
              tile[`in_${p}_bits`]!.set(other[`out_${q}_bits`]!);
              tile[`out_${p}_ready`]!.set(other[`in_${q}_ready`]!);
            } else {
              // Edge: nothing comes in; whatever goes out is dropped (and counted by the tile).
              tile[`in_${p}_valid`]!.set(0);
              tile[`in_${p}_bits`]!.set(0);
              tile[`out_${p}_ready`]!.set(1);
            }
            edgeBits.push(lit(other ? 0 : 1, Bool()));
          }
          tile.mesh_edge!.set(cat(...edgeBits.reverse()));
        }
      }
      const all = tiles.flat();

      // ---- the host port -----------------------------------------------------------------
      const outstanding = m.reg('request_outstanding', Bool(), { reset: 0 });
      const responseTaken = m.node('response_taken', respValid.and(respReady));
      const free = m.node('port_free', outstanding.not().or(responseTaken));
      const tileExists = m.node('tile_exists', reqX.lt(W).and(reqY.lt(H)));
      const toTile = m.node('to_tile', reqChip.not().and(tileExists));
      const selects = all.map((_, i) => m.node(`selects_tile_${i % W}_${Math.floor(i / W)}`, toTile.and(reqX.eq(i % W)).and(reqY.eq(Math.floor(i / W)))));
      all.forEach((tile, i) => {
        tile.csr_req_valid!.set(reqValid.and(free).and(selects[i]!));
        tile.csr_req_write!.set(reqWrite);
        tile.csr_req_addr!.set(reqAddr);
        tile.csr_req_wdata!.set(reqData);
        tile.csr_resp_ready!.set(respReady);
      });
      const tileReady = all.map((tile, i) => selects[i]!.and(tile.csr_req_ready!)).reduce((a, b) => a.or(b));

      // The chip's own registers (and requests to a tile that does not exist).
      const timesteps = m.reg('timesteps', UInt(16), { reset: 0 });
      const samples = m.reg('samples', UInt(8), { reset: 0 });
      const busy = m.reg('busy_flag', Bool(), { reset: 0 });
      const done = m.reg('done_flag', Bool(), { reset: 0 });
      const cycles = m.reg('cycles', UInt(32), { reset: 0 });
      const runCycles = m.reg('run_cycles', UInt(32), { reset: 0 });
      const stepIndex = m.reg('step_index', UInt(16), { reset: 0 });
      const chipInFlight = m.reg('chip_in_flight', Bool(), { reset: 0 });
      const chipRespPending = m.reg('chip_resp_pending', Bool(), { reset: 0 });
      const chipRespWord = m.reg('chip_resp_word', UInt(CSR_DATA_BITS), { reset: 0 });
      const chipReadAddr = m.reg('chip_read_addr', UInt(3), { reset: 0 });
      const chipReadHole = m.reg('chip_read_hole', Bool(), { reset: 0 });
      const toChip = m.node('to_chip', toTile.not());
      const waitsForIdle = m.node('chip_waits_for_idle', reqChip.and(reqAddr.eq(CHIP_REG.timesteps).or(reqAddr.eq(CHIP_REG.samples))).and(busy));
      const chipReady = m.node('chip_ready', toChip.and(chipInFlight.not()).and(chipRespPending.not().or(respReady)).and(waitsForIdle.not()));
      reqReady.set(free.and(tileReady.or(chipReady)));
      const accepted = m.node('accepted', reqValid.and(free).and(tileReady.or(chipReady)));
      const chipAccepted = m.node('chip_accepted', accepted.and(toChip));
      m.when(accepted, () => outstanding.set(1)).elsewhen(responseTaken, () => outstanding.set(0));
      const chipWrite = (addr: number) => chipAccepted.and(reqWrite).and(reqChip).and(reqAddr.eq(addr));
      m.when(chipWrite(CHIP_REG.timesteps), () => timesteps.set(reqData.bits(15, 0)));
      m.when(chipWrite(CHIP_REG.samples), () => samples.set(reqData.bits(7, 0)));
      const start = m.node('start', chipWrite(CHIP_REG.ctrl).and(reqData.bit(0)).and(busy.not()));
      const clearCycles = m.node('clear_cycles', chipWrite(CHIP_REG.ctrl).and(reqData.bit(1)));
      m.when(chipAccepted, () => {
        chipReadAddr.set(reqAddr.bits(2, 0));
        chipReadHole.set(reqChip.not().or(reqAddr.gt(CHIP_REG.runCycles)).or(reqWrite));
      });
      chipInFlight.set(chipAccepted);

      // ---- the controller: the step sequence and the barrier --------------------------------
      const next = m.reg('next_step', UInt(3), { reset: NEXT_FINISH });
      const barrier = m.node('barrier', all.map((tile) => tile.step_ready!.and(tile.quiet!)).reduce((a, b) => a.and(b)));
      const stepping = m.node('stepping', busy.and(barrier).and(next.neq(NEXT_FINISH)));
      const lastTimestep = m.node('last_timestep', stepIndex.add(1).eq(timesteps));
      const kind = m.node(
        'step_kind_now',
        mux(
          next.eq(NEXT_SAMPLE_START),
          lit(STEP.sampleStart, UInt(STEP_KIND_BITS)),
          mux(
            next.eq(NEXT_TIMESTEP),
            mux(lastTimestep, lit(STEP.timestepLast, UInt(STEP_KIND_BITS)), lit(STEP.timestep, UInt(STEP_KIND_BITS))),
            mux(next.eq(NEXT_SAMPLE_END), lit(STEP.sampleEnd, UInt(STEP_KIND_BITS)), lit(STEP.runEnd, UInt(STEP_KIND_BITS))),
          ),
        ),
      );
      for (const tile of all) {
        tile.step_valid!.set(stepping);
        tile.step_kind!.set(kind);
      }
      const samplesStarted = m.reg('samples_started', UInt(8), { reset: 0 });
      m.when(start, () => {
        const runs = timesteps.orR().and(samples.orR());
        busy.set(runs);
        done.set(runs.not());
        next.set(mux(runs, lit(NEXT_SAMPLE_START, UInt(3)), lit(NEXT_FINISH, UInt(3))));
        samplesStarted.set(0);
        stepIndex.set(0);
        runCycles.set(0);
      }).elsewhen(busy, () => {
        runCycles.set(runCycles.addWrap(1));
        m.when(stepping, () => {
          m.switch(next)
            .is(NEXT_SAMPLE_START, () => {
              samplesStarted.set(samplesStarted.addWrap(1));
              stepIndex.set(0);
              next.set(NEXT_TIMESTEP);
            })
            .is(NEXT_TIMESTEP, () => {
              stepIndex.set(stepIndex.addWrap(1));
              m.when(lastTimestep, () => next.set(NEXT_SAMPLE_END));
            })
            .is(NEXT_SAMPLE_END, () => {
              m.when(samplesStarted.eq(samples), () => next.set(NEXT_RUN_END)).otherwise(() => next.set(NEXT_SAMPLE_START));
            })
            .is(NEXT_RUN_END, () => next.set(NEXT_FINISH));
        }).elsewhen(barrier.and(next.eq(NEXT_FINISH)), () => {
          busy.set(0);
          done.set(1);
        });
      });
      m.when(clearCycles, () => cycles.set(0)).otherwise(() => cycles.set(cycles.addWrap(1)));
      busyOut.set(busy);
      doneOut.set(done);
      const sampleIndex = m.node('sample_index', mux(samplesStarted.orR(), samplesStarted.subWrap(1), lit(0, UInt(8))));

      // ---- chip register reads (the value in the cycle after acceptance) and the responses ------
      const geometry = W | (H << 8);
      const status = cat(stepIndex, sampleIndex, lit(0, UInt(6)), done, busy);
      const readValue = m.node(
        'chip_read_value',
        mux(
          chipReadHole,
          lit(0, UInt(32)),
          [lit(CHIP_ID, UInt(32)), lit(geometry, UInt(32)), timesteps.zext(32), samples.zext(32), lit(0, UInt(32)), status, cycles, runCycles].reduceRight(
            (acc, value, i) => mux(chipReadAddr.eq(i), value, acc),
            lit(0, UInt(32)) as Signal,
          ),
        ),
      );
      m.when(chipInFlight, () => {
        chipRespWord.set(readValue);
        chipRespPending.set(1);
      }).elsewhen(respReady, () => chipRespPending.set(0));
      const responders = [...all.map((tile) => [tile.csr_resp_valid!, tile.csr_resp_rdata!] as const), [chipRespPending, chipRespWord] as const];
      respValid.set(responders.map(([v]) => v).reduce((a, b) => a.or(b)));
      respData.set(responders.map(([v, d]) => mux(v, d, 0)).reduce((a, b) => a.or(b)));
    },
    { doc: `${W} x ${H} chip of ${t.rows} x ${t.cols} tiles: one host port, a timestep barrier, step sequencing.` },
  );
}
