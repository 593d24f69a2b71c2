// The neuromorphic tile (docs/tile-spec.md § Tile). Reads like its block
// diagram: ports; the blocks (crossbar, sampler, neuron array, encoder,
// emitter, router, decision stage, counters); the spike buffers; the step
// controller; the router's traffic; the host CSR port.
import { cat, lit, memoizedGenerator, module, mux, Bool, UInt, type ModuleDef, type Signal } from '../../gen/index.ts';
import { connectDecoupled, Decoupled, popcount, type DecoupledIO } from '../../gen/lib/index.ts';
import { countWidth, indexWidth } from '../../gen/lib/params.ts';
import { NeuronArray, NOISE_SHIFT_BITS } from '../neuron/index.ts';
import { Router } from '../router/router.ts';
import { flitBits, PORT_NAMES } from '../router/params.ts';
import { tileCrossbar, tileSampler, type MacroMode } from './macros.ts';
import { ActivityCounters, INCREMENT_BITS } from './counters.ts';
import { DecisionStage } from './decision.ts';
import { SpikeEmitter } from './emitter.ts';
import { ROW_COUNT_BITS, SpikeEncoder } from './encoder.ts';
import {
  ALU_LOG2N_BITS,
  checkTileConfig,
  COUNTER_NAMES,
  CSR,
  CSR_ADDR_BITS,
  CSR_DATA_BITS,
  crossbarConfigOf,
  neuronConfigOf,
  routerConfigOf,
  STEP,
  STEP_KIND_BITS,
  TILE_ID,
  tileParamsOf,
  unitsOf,
  type CounterName,
  type TileConfig,
} from './params.ts';

const MESH_PORTS = ['north', 'east', 'south', 'west'] as const;

/** Register of `reg`'s full width written from the low bits of the CSR data. */
const low = (data: Signal, width: number) => data.bits(width - 1, 0);

/**
 * Tile(config): with `macros: 'twin'` (the default) the crossbar and the sampler carry their
 * digital twins; with `'pins'` the tile ends at the two analog macros' ports.
 */
function TileGenerator(config: TileConfig, options: { macros?: MacroMode } = {}): ModuleDef {
  const macros = options.macros ?? 'twin';
  const c = checkTileConfig(config);
  const R = c.rows;
  const C = c.cols;
  const E = c.sampler.lanes;
  const K = c.sampler.numberBits;
  const units = unitsOf(c);
  const rc = routerConfigOf(c);
  const flit = UInt(flitBits(rc));
  const rowWords = Math.ceil(R / 32);
  return module(
    macros === 'twin' ? 'Tile' : 'TileDigital',
    tileParamsOf(c),
    (m) => {
      // ---- ports ---------------------------------------------------------------------
      const hereX = m.input('here_x', UInt(c.xBits));
      const hereY = m.input('here_y', UInt(c.yBits));
      const edge = m.input('mesh_edge', UInt(4));
      const meshIn = {} as Record<(typeof MESH_PORTS)[number], DecoupledIO>;
      const meshOut = {} as Record<(typeof MESH_PORTS)[number], DecoupledIO>;
      for (const p of MESH_PORTS) meshIn[p] = m.input(`in_${p}`, Decoupled(flit));
      for (const p of MESH_PORTS) meshOut[p] = m.output(`out_${p}`, Decoupled(flit));
      const stepValid = m.input('step_valid', Bool());
      const stepReady = m.output('step_ready', Bool());
      const stepKind = m.input('step_kind', UInt(STEP_KIND_BITS));
      const quietOut = m.output('quiet', Bool());
      const reqValid = m.input('csr_req_valid', Bool());
      const reqReady = m.output('csr_req_ready', Bool());
      const reqWrite = m.input('csr_req_write', Bool());
      const reqAddr = m.input('csr_req_addr', UInt(CSR_ADDR_BITS));
      const reqData = m.input('csr_req_wdata', UInt(CSR_DATA_BITS));
      const respValid = m.output('csr_resp_valid', Bool());
      const respReady = m.input('csr_resp_ready', Bool());
      const respData = m.output('csr_resp_rdata', UInt(CSR_DATA_BITS));

      // ---- the blocks ----------------------------------------------------------------
      const xbar = tileCrossbar(m, crossbarConfigOf(c), macros);
      const sampler = tileSampler(m, c.sampler, macros);
      const neurons = m.instance('neurons', NeuronArray(neuronConfigOf(c)));
      const encoder = m.instance('encoder', SpikeEncoder(c));
      const emitter = m.instance('emitter', SpikeEmitter(c));
      const router = m.instance('router', Router(rc));
      const decision = m.instance('decision', DecisionStage(c));
      const counters = m.instance('counters', ActivityCounters());

      // ---- parameter registers (CSR) ----------------------------------------------------
      const adcShift = m.reg('adc_shift', UInt(5), { reset: 0 });
      const threshold = m.reg('threshold', UInt(c.vBits - 1), { reset: 0 });
      const leak = m.reg('leak', UInt(c.vBits), { reset: 0 });
      const resetMode = m.reg('reset_mode', Bool(), { reset: 0 });
      const stochastic = m.reg('stochastic', Bool(), { reset: 0 });
      const noiseShift = m.reg('noise_shift', UInt(NOISE_SHIFT_BITS), { reset: 0 });
      const refractory = m.reg('refractory', UInt(c.refBits), { reset: 0 });
      const inputRows = m.reg('input_rows', UInt(ROW_COUNT_BITS), { reset: 0 });
      const abstainThreshold = m.reg('abstain_threshold', UInt(K), { reset: 0 });
      const aluLog2n = m.reg('alu_log2n', UInt(ALU_LOG2N_BITS), { reset: 0 });
      const alwaysOn = m.reg('always_on', UInt(R), { reset: 0 });

      // ---- spike buffers -------------------------------------------------------------
      const spikesCur = m.reg('spikes_cur', UInt(R), { reset: 0 });
      const spikesNext = m.reg('spikes_next', UInt(R), { reset: 0 });

      // ---- the step controller ---------------------------------------------------------
      const readActive = m.reg('read_active', Bool(), { reset: 0 }); // a TIMESTEP's read is in progress
      const startPending = m.reg('start_pending', Bool(), { reset: 0 });
      const lastBeatTaken = m.reg('last_beat_taken', Bool(), { reset: 0 });
      const readBusy = m.node('read_busy', readActive.and(lastBeatTaken.and(emitter.idle).not()));
      const idle = m.node('idle', readBusy.not().and(encoder.busy.not()).and(decision.busy.not()));
      stepReady.set(idle);
      const stepTaken = m.node('step_taken', stepValid.and(idle));
      const stepIs = (kind: number) => stepTaken.and(stepKind.eq(kind));
      const sampleStart = m.node('sample_start', stepIs(STEP.sampleStart));
      const timestep = m.node('timestep', stepIs(STEP.timestep).or(stepIs(STEP.timestepLast)));
      m.when(timestep, () => {
        readActive.set(1);
        startPending.set(1);
        lastBeatTaken.set(0);
      }).elsewhen(readBusy.not(), () => readActive.set(0));

      // Crossbar: the read of spikes_cur starts in the cycle after the step (the crossbar is idle then).
      xbar.start_valid.set(startPending);
      xbar.start_spikes.set(spikesCur);
      xbar.start_shift.set(adcShift);
      const readStarted = m.node('read_started', startPending.and(xbar.start_ready));
      m.when(readStarted, () => startPending.set(0));

      // Beats go to the neurons when the emitter is free; their spikes go to the emitter.
      const emitterIdle = emitter.idle;
      neurons.beat_valid.set(xbar.out_valid.and(emitterIdle));
      const beatReady = m.node('beat_ready', neurons.beat_ready.and(emitterIdle));
      xbar.out_ready.set(beatReady);
      neurons.beat_codes.set(xbar.out_codes);
      neurons.beat_round.set(xbar.out_round);
      const beatTaken = m.node('beat_taken', xbar.out_valid.and(beatReady));
      m.when(beatTaken.and(xbar.out_last), () => lastBeatTaken.set(1));
      for (const [name, reg] of [
        ['threshold', threshold], ['reset_mode', resetMode], ['refractory', refractory], ['stochastic', stochastic], ['noise_shift', noiseShift],
      ] as const) neurons[name].set(reg);
      neurons.leak.set(leak.asSInt());
      neurons.clear.set(sampleStart);
      emitter.load.set(beatTaken);
      emitter.fired.set(neurons.fired);
      emitter.round.set(xbar.out_round);

      // Random numbers: the neurons (stochastic beats) first, then the encoder, then the decision stage's ALU.
      const neuronsTake = m.node('neurons_take_numbers', beatTaken.and(stochastic));
      encoder.start.set(sampleStart.or(stepIs(STEP.timestep)));
      encoder.nin.set(mux(inputRows.gt(R), lit(R, UInt(ROW_COUNT_BITS)), inputRows));
      encoder.blocked.set(neuronsTake);
      for (let i = 0; i < E; i++) {
        for (const block of [neurons, encoder, decision]) {
          block[`num_${i}_valid`].set(sampler[`num_${i}_valid`]);
          block[`num_${i}_bits`].set(sampler[`num_${i}_bits`]);
        }
        sampler[`num_${i}_ready`].set(neurons[`num_${i}_take`].or(encoder[`num_${i}_take`]).or(decision[`num_${i}_take`]));
        sampler[`bern_${i}_p`].set(lit(0, UInt(K)));
      }

      // Decision stage: class neuron n fires when its unit fires in a beat of its slot.
      const classFires = Array.from({ length: Math.max(1, c.classes) }, (_, n) => {
        if (n >= c.classes) return lit(0, Bool());
        const unit = Math.floor(n / c.adcShare);
        const slot = n % c.adcShare;
        const inSlot = c.adcShare === 1 ? lit(1, Bool()) : xbar.out_round.eq(slot);
        return beatTaken.and(inSlot).and(neurons.fired.bit(unit));
      });
      decision.class_fires.set(classFires.length === 1 ? classFires[0]! : cat(...[...classFires].reverse()));
      decision.sample_start.set(sampleStart);
      decision.sample_end.set(stepIs(STEP.sampleEnd));
      decision.run_end.set(stepIs(STEP.runEnd));
      decision.abstain_threshold.set(abstainThreshold);
      decision.alu_log2n.set(aluLog2n);

      // ---- the router and its traffic ------------------------------------------------------
      router.hereX.set(hereX);
      router.hereY.set(hereY);
      for (const p of MESH_PORTS) {
        connectDecoupled(m, router.in[p], meshIn[p]);
        connectDecoupled(m, meshOut[p], router.out[p]);
      }
      router.in.local.valid.set(emitter.packet_valid);
      (router.in.local.bits as Signal).set(emitter.packet_bits);
      emitter.packet_ready.set(router.in.local.ready);
      router.out.local.ready.set(lit(1, Bool()));
      const delivered = m.node('delivered', router.out.local.valid);
      const deliveredRow = (router.out.local.bits as Signal).bits(rc.idBits - 1, 0);
      // Transfers on the router's ports, seen from this side of each port.
      const inTransfers = [...MESH_PORTS.map((p) => meshIn[p].valid.and(router.in[p].ready)), emitter.packet_valid.and(router.in.local.ready)];
      const outTransfers = [...MESH_PORTS.map((p) => router.out[p].valid.and(meshOut[p].ready)), router.out.local.valid];
      const toEdge = MESH_PORTS.map((_, i) => outTransfers[i]!.and(edge.bit(i)));
      const hops = [...MESH_PORTS.map((_, i) => outTransfers[i]!.and(edge.bit(i).not())), outTransfers[4]!];
      const portCount = countWidth(PORT_NAMES.length);
      const fifoWrites = m.node('fifo_writes_now', popcount(inTransfers, portCount));
      const fifoReads = m.node('fifo_reads_now', popcount(outTransfers, portCount));
      // Flits held in the router: every input transfer enqueues one, every output transfer dequeues one.
      const occupancy = m.reg('router_occupancy', UInt(countWidth(5 * c.fifoDepth)), { reset: 0 });
      occupancy.set(occupancy.add(fifoWrites).sub(fifoReads).asUInt().trunc(occupancy.width));
      const quiet = m.node('router_quiet', occupancy.eq(0));
      quietOut.set(quiet);

      // ---- spike buffers: arrivals from the collector, the encoder and INJECT ------------------
      const rowDecode = (row: Signal, enable: Signal): Signal => {
        const bits = Array.from({ length: R }, (_, r) => enable.and(row.eq(r)));
        return bits.length === 1 ? bits[0]! : cat(...bits.reverse());
      };
      const csrHostWrite = m.wire('csr_host_write', Bool());
      const injectRow = reqData.bits(8, 0);
      const injectWrite = m.node('inject_write', csrHostWrite.and(reqAddr.eq(CSR.inject)));
      const arrivals = m.node(
        'arrivals',
        rowDecode(deliveredRow, delivered.and(deliveredRow.zext(9).lt(R)))
          .or(encoder.arrivals)
          .or(rowDecode(injectRow, injectWrite.and(injectRow.lt(R)))),
      );
      m.when(timestep, () => {
        spikesCur.set(spikesNext.or(alwaysOn));
        spikesNext.set(arrivals);
      })
        .elsewhen(sampleStart, () => spikesNext.set(arrivals))
        .otherwise(() => spikesNext.set(spikesNext.or(arrivals)));

      // ---- activity counters ----------------------------------------------------------------
      const activeRows = m.node('active_rows', popcount(Array.from({ length: R }, (_, r) => spikesCur.bit(r)), countWidth(R)));
      const increments: Record<CounterName, Signal> = {
        cycles: lit(1, Bool()),
        busy_cycles: idle.not(),
        timesteps: timestep,
        axon_events_in: delivered,
        crossbar_reads: readStarted,
        row_activations: mux(readStarted, activeRows, 0),
        device_reads: mux(readStarted, activeRows.mul(2 * C), 0),
        adc_conversions: mux(readStarted, lit(C, UInt(countWidth(C))), 0),
        neuron_updates: mux(beatTaken, lit(units, UInt(countWidth(units))), 0),
        spikes: mux(beatTaken, popcount(Array.from({ length: units }, (_, a) => neurons.fired.bit(a)), countWidth(units)), 0),
        packets_injected: inTransfers[4]!,
        router_hops: popcount(hops, portCount),
        fifo_writes: fifoWrites,
        fifo_reads: fifoReads,
        sampler_reads: sampler.ev_read,
        sampler_raw_bits: sampler.ev_raw_bits,
        sampler_bits: sampler.ev_bits,
        alu_bit_ops: mux(decision.alu_step, lit(4, UInt(3)), 0),
        off_mesh_drops: popcount(toEdge, countWidth(4)),
      };
      // Every increment fits INCREMENT_BITS (the largest, device_reads, is at most 2 R C <= 2^17).
      for (const name of COUNTER_NAMES) {
        const inc = increments[name];
        counters[`${name}_inc`].set(inc.width > INCREMENT_BITS ? inc.trunc(INCREMENT_BITS) : inc.zext(INCREMENT_BITS));
      }

      // ---- the host CSR port ----------------------------------------------------------------
      // Regions by address (docs/tile-spec.md, "CSR register map").
      const inRange = (base: number, size: number) => reqAddr.ge(base).and(reqAddr.lt(base + size));
      const live = m.node('csr_live', reqAddr.lt(0x8).or(inRange(0x30, 0xd0)));
      const samplerRegion = m.node('csr_sampler', inRange(CSR.sampler, 0x1000));
      const targetReady = m.node('csr_target_ready', samplerRegion.and(reqWrite).not().or(sampler.wr_ready));
      const inFlight = m.reg('csr_in_flight', Bool(), { reset: 0 });
      const respPending = m.reg('csr_resp_pending', Bool(), { reset: 0 });
      const respWord = m.reg('csr_resp_word', UInt(CSR_DATA_BITS), { reset: 0 });
      const canTake = m.node('csr_can_take', inFlight.not().and(respPending.not().or(respReady)).and(idle.or(live)).and(targetReady));
      reqReady.set(canTake);
      const accepted = m.node('csr_accepted', reqValid.and(canTake));
      csrHostWrite.set(accepted.and(reqWrite));
      const hostRead = m.node('csr_host_read', accepted.and(reqWrite.not()));
      const write = (addr: number) => csrHostWrite.and(reqAddr.eq(addr));
      const writeIn = (base: number, size: number) => csrHostWrite.and(inRange(base, size));
      const offset = (base: number, bits: number) => reqAddr.subWrap(base).bits(bits - 1, 0);

      m.when(write(CSR.adcShift), () => adcShift.set(low(reqData, 5)));
      m.when(write(CSR.threshold), () => threshold.set(low(reqData, c.vBits - 1)));
      m.when(write(CSR.leak), () => leak.set(low(reqData, c.vBits)));
      m.when(write(CSR.neuronMode), () => {
        resetMode.set(reqData.bit(0));
        stochastic.set(reqData.bit(1));
        noiseShift.set(reqData.bits(7, 4));
      });
      m.when(write(CSR.refractory), () => refractory.set(low(reqData, c.refBits)));
      m.when(write(CSR.inputRows), () => inputRows.set(low(reqData, ROW_COUNT_BITS)));
      m.when(write(CSR.abstainThreshold), () => abstainThreshold.set(low(reqData, K)));
      m.when(write(CSR.aluLog2n), () => aluLog2n.set(low(reqData, ALU_LOG2N_BITS)));
      for (let w = 0; w < rowWords; w++) {
        const hi = Math.min(R, 32 * (w + 1)) - 1;
        const width = hi - 32 * w + 1;
        m.when(write(CSR.alwaysOn + w), () => {
          const below = 32 * w > 0 ? alwaysOn.bits(32 * w - 1, 0) : undefined;
          const above = hi < R - 1 ? alwaysOn.bits(R - 1, hi + 1) : undefined;
          alwaysOn.set(cat(...[above, low(reqData, width), below].filter((x): x is Signal => x !== undefined)));
        });
      }
      counters.clear.set(write(CSR.ctrl).and(reqData.bit(0)));

      // The crossbar's host port: pairs, sigma entries, the seed (the crossbar is idle whenever the tile is).
      const rb = indexWidth(R);
      const cb = indexWidth(C);
      const pairRow = reqAddr.bits(15, 8);
      const pairCol = reqAddr.bits(7, 0);
      const pairOk = m.node('csr_pair_in_array', inRange(CSR.pair, 0x10000).and(pairRow.lt(R)).and(pairCol.lt(C)));
      const level = reqAddr.bits(7, 0);
      const sigmaOk = m.node('csr_sigma_level_ok', inRange(CSR.sigma, 0x100).and(level.lt(2 ** c.gbits)));
      const pairWrite = csrHostWrite.and(pairOk);
      const sigmaWrite = csrHostWrite.and(sigmaOk);
      const seedWrite = write(CSR.xbarSeed);
      xbar.wr_valid.set(pairWrite.or(sigmaWrite).or(seedWrite));
      xbar.wr_kind.set(mux(pairWrite, lit(0, UInt(2)), mux(sigmaWrite, lit(1, UInt(2)), lit(2, UInt(2)))));
      const pairAddr = cat(pairRow.trunc(rb), pairCol.trunc(cb));
      const xbarAddrBits = xbar.wr_addr.width;
      const fit = (v: Signal) => (v.width >= xbarAddrBits ? v.trunc(xbarAddrBits) : v.zext(xbarAddrBits));
      xbar.wr_addr.set(mux(pairWrite, fit(pairAddr), fit(level.trunc(Math.min(8, c.gbits)))));
      const pairData = cat(reqData.bits(8 + c.gbits - 1, 8), reqData.bits(c.gbits - 1, 0)).zext(CSR_DATA_BITS);
      xbar.wr_data.set(mux(pairWrite, pairData, reqData));
      xbar.peek_en.set(hostRead.and(pairOk));
      xbar.peek_addr.set(pairAddr);

      // The sampler's registers and its entropy macro: SAMPLER[s], kind = s[11:10], address = s[9:0].
      const samplerOffset = offset(CSR.sampler, 12);
      const samplerAddrBits = sampler.wr_addr.width;
      const samplerAddrOk = samplerAddrBits >= 10 ? lit(1, Bool()) : samplerOffset.bits(9, samplerAddrBits).eq(0);
      sampler.wr_valid.set(csrHostWrite.and(samplerRegion).and(samplerAddrOk));
      sampler.wr_kind.set(samplerOffset.bits(11, 10));
      sampler.wr_addr.set(samplerOffset.bits(Math.min(9, samplerAddrBits - 1), 0).zext(samplerAddrBits));
      sampler.wr_data.set(reqData);

      // Neurons, intensities, routes.
      const neuronIndex = reqAddr.bits(7, 0);
      const vRegion = inRange(CSR.v, 0x100);
      const refRegion = inRange(CSR.ref, 0x100);
      neurons.host_write.set(csrHostWrite.and(vRegion.or(refRegion)).and(neuronIndex.lt(C)));
      neurons.host_wdata.set(low(reqData, neurons.host_wdata.width));
      const intensityRow = reqAddr.bits(7, 0);
      encoder.host_write.set(writeIn(CSR.intensity, 0x100).and(intensityRow.lt(R)));
      encoder.host_wdata.set(low(reqData, K));
      const routeRegion = inRange(CSR.route, 0x1000);
      const routeNeuron = reqAddr.bits(11, 4);
      const routeSlot = reqAddr.bits(3, 0);
      const routeOk = m.node('csr_route_ok', routeRegion.and(routeNeuron.lt(C)).and(routeSlot.lt(c.fanout)));
      emitter.host_write.set(csrHostWrite.and(routeOk));
      emitter.host_read.set(hostRead.and(routeOk));
      emitter.host_neuron.set(routeNeuron.trunc(emitter.host_neuron.width));
      emitter.host_slot.set(routeSlot.trunc(emitter.host_slot.width));
      emitter.host_wdata.set(reqData);

      // Reads: the address is held for the cycle after acceptance; registers answer with that cycle's value.
      const readAddr = m.reg('csr_read_addr', UInt(CSR_ADDR_BITS), { reset: 0 });
      const readIsMem = m.reg('csr_read_memory', Bool(), { reset: 0 });
      const answerZero = m.reg('csr_answer_zero', Bool(), { reset: 0 }); // writes answer 0
      m.when(accepted, () => {
        readAddr.set(reqAddr);
        readIsMem.set(reqWrite.not().and(pairOk.or(routeOk)));
        answerZero.set(reqWrite);
      });
      const at = (a: number) => readAddr.eq(a);
      const within = (base: number, size: number) => readAddr.ge(base).and(readAddr.lt(base + size));
      const index8 = readAddr.bits(7, 0);
      decision.host_class.set(readAddr.bits(3, 0));
      // The neuron and intensity ports serve a write in its accept cycle and a read in the next one.
      neurons.host_neuron.set(mux(inFlight, index8, neuronIndex).trunc(neurons.host_neuron.width));
      neurons.host_sel.set(mux(inFlight, within(CSR.ref, 0x100), refRegion));
      encoder.host_row.set(mux(inFlight, index8, intensityRow).trunc(encoder.host_row.width));
      xbar.sigma_rd_level.set(index8.trunc(c.gbits));
      sampler.rd_addr.set(readAddr.bits(7, 0).trunc(sampler.rd_addr.width));
      counters.read_index.set(readAddr.bits(4, 0));

      const geometry = R | (C << 9) | (c.gbits << 18) | (c.adcBits << 22) | (Math.log2(c.adcShare) << 26);
      const configWord = c.vBits | (c.refBits << 5) | (c.fanout << 9) | (c.classes << 13) | (E << 18) | (K << 24);
      const status = cat(quiet, decision.run_open, decision.abstain, decision.decided, idle);
      const rowWord = (v: Signal, w: number) => {
        const hi = Math.min(R, 32 * (w + 1)) - 1;
        return v.bits(hi, 32 * w).zext(CSR_DATA_BITS);
      };
      const readValue = m.wire('csr_read_value', UInt(CSR_DATA_BITS), lit(0, UInt(CSR_DATA_BITS)));
      const registerReads: [Signal, Signal][] = [
        [at(CSR.id), lit(TILE_ID, UInt(32))],
        [at(CSR.geometry), lit(geometry >>> 0, UInt(32))],
        [at(CSR.config), lit(configWord >>> 0, UInt(32))],
        [at(CSR.status), status.zext(32)],
        [at(CSR.adcShift), adcShift.zext(32)],
        [at(CSR.threshold), threshold.zext(32)],
        [at(CSR.leak), leak.asSInt().sext(32).asUInt()],
        [at(CSR.neuronMode), cat(noiseShift, lit(0, UInt(2)), stochastic, resetMode).zext(32)],
        [at(CSR.refractory), refractory.zext(32)],
        [at(CSR.inputRows), inputRows.zext(32)],
        [at(CSR.abstainThreshold), abstainThreshold.zext(32)],
        [at(CSR.aluLog2n), aluLog2n.zext(32)],
        [at(CSR.xbarSeed), xbar.seed_rd],
        [at(CSR.xbarReadIndex), xbar.read_index_rd],
        ...Array.from({ length: rowWords }, (_, w): [Signal, Signal] => [at(CSR.alwaysOn + w), rowWord(alwaysOn, w)]),
        ...Array.from({ length: rowWords }, (_, w): [Signal, Signal] => [at(CSR.spikesNext + w), rowWord(spikesNext, w)]),
        ...Array.from({ length: rowWords }, (_, w): [Signal, Signal] => [at(CSR.spikesCur + w), rowWord(spikesCur, w)]),
        [within(CSR.votes, 0x10), decision.votes_rd.zext(32)],
        [within(CSR.count, 0x10), decision.count_rd.zext(32)],
        [within(CSR.total, 0x10), decision.total_rd],
        [at(CSR.result), cat(decision.decided, decision.abstain, decision.confidence.zext(16), lit(0, UInt(4)), decision.winner).zext(32)],
        [at(CSR.samples), cat(decision.silent, decision.samples).zext(32)],
        [within(CSR.counters, COUNTER_NAMES.length), counters.read_value],
        [within(CSR.sigma, 2 ** c.gbits), xbar.sigma_rd_data.zext(32)],
        [within(CSR.intensity, R), encoder.host_rdata.zext(32)],
        [within(CSR.v, C), neurons.host_rdata.bits(c.vBits - 1, 0).asSInt().sext(32).asUInt()],
        [within(CSR.ref, C), neurons.host_rdata.zext(32)],
        [within(CSR.sampler + 0xc00, 0x100), sampler.rd_data],
      ];
      for (const [hit, value] of registerReads) m.when(hit, () => readValue.set(value));
      const memoryValue = m.node('csr_memory_value', mux(within(CSR.pair, 0x10000), xbar.peek_data.zext(32), emitter.host_rdata));
      const pairWord = cat(xbar.peek_data.bits(2 * c.gbits - 1, c.gbits).zext(8), xbar.peek_data.bits(c.gbits - 1, 0).zext(8)).zext(32);
      m.when(inFlight, () => {
        respWord.set(mux(answerZero, lit(0, UInt(CSR_DATA_BITS)), mux(readIsMem, mux(within(CSR.pair, 0x10000), pairWord, memoryValue), readValue)));
        respPending.set(1);
      }).elsewhen(respReady, () => respPending.set(0));
      inFlight.set(accepted);
      respValid.set(respPending);
      respData.set(respWord);
    },
    { doc: `Neuromorphic tile: ${R} x ${C} PCM crossbar, ${C} LIF neurons, LFSR-free sampler (${E} lanes), router, decision stage over ${c.classes} classes.` },
  );
}

/** Memoized by its arguments: every instance of one configuration shares one elaboration. */
const memoTile = memoizedGenerator(TileGenerator);
export function Tile(config: TileConfig, options: { macros?: MacroMode } = {}): ModuleDef {
  return memoTile(config, options);
}
