// Replays, cycle for cycle, the host accesses that the chip emulator's fast
// API made (ChipEmulator.accessLog): each request is presented from the cycle
// the emulator first presented it until the chip takes it, the response is
// always ready, and the port is idle in between (while a run goes on); a
// reset of the emulator (resetChip) is a reset cycle in the same place. Run
// through the chip suite, the RTL is compared with the port-level model on
// every output in every cycle, and the responses are collected with their
// cycles, so a test can check them against what the emulator's API saw: the
// same counters, results and RUN_CYCLES, in the same cycles.
import type { HostPortEvent } from '../../emulator/chip/index.ts';
import { ScriptCommand } from '../cosim/script-command.ts';

export interface ReplayOutcome {
  /** The response to every access, in order, and the cycle it came in (counted from the first request). */
  responses: { value: number; cycle: number }[];
}

export function replayCommand(label: string, log: readonly HostPortEvent[], outcome: ReplayOutcome): ScriptCommand {
  return new ScriptCommand(label, (d) => {
    if (log.length === 0) return;
    const offset = log[0]!.cycle;
    let next = 0; // the event whose turn it is (a request is presented from its cycle on)
    let due = 0; // responses still to come
    while (next < log.length || due > 0) {
      const e = log[next];
      const cycle = d.cycles;
      if (e !== undefined && e.kind === 'reset' && e.cycle - offset <= cycle && due === 0) {
        d.cycle({ reset: 1n });
        next++;
        continue;
      }
      const a = e?.kind === 'access' && e.cycle - offset <= cycle ? e : undefined;
      const o = d.cycle(
        a
          ? { host_req_valid: 1n, host_req_write: a.write ? 1n : 0n, host_req_chip: a.chip ? 1n : 0n, host_req_x: BigInt(a.x), host_req_y: BigInt(a.y), host_req_addr: BigInt(a.addr), host_req_wdata: BigInt(a.data >>> 0), host_resp_ready: 1n }
          : { host_resp_ready: 1n },
      );
      if (due > 0 && o.host_resp_valid === 1n) {
        outcome.responses.push({ value: Number(o.host_resp_rdata ?? -1n), cycle });
        due--;
      }
      if (a && o.host_req_ready === 1n) {
        next++;
        due++;
      }
      if (e !== undefined && cycle - (e.cycle - offset) > 1_000_000) throw new Error(`replay: event ${next} (${e.kind} from cycle ${e.cycle - offset}) not done within 1,000,000 cycles`);
    }
  });
}
