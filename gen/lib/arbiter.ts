// A round-robin arbiter: one-hot grant among n requesters, rotating priority.
import { module } from '../dsl/module.ts';
import type { ModuleDef } from '../dsl/module.ts';
import { UInt, Bool } from '../dsl/types.ts';
import { Signal, mux } from '../dsl/signal.ts';
import { checkInt } from './params.ts';

/** Largest number of requesters `RoundRobinArbiter` accepts. */
export const ARBITER_MAX_REQUESTERS = 1024;

export interface RoundRobinArbiterIO {
  /** Request bit i from requester i. */
  req: Signal;
  /** 1 at a clock edge where a grant is given: the priority moves past the granted requester. */
  advance: Signal;
  /** One-hot grant (all zeros when no request). */
  grant: Signal;
  /** Some requester is granted (= req != 0). */
  grant_valid: Signal;
}

/** x & -x: the lowest set bit of x (zero if x is zero). */
function lowestSetBit(x: Signal): Signal {
  return x.and(x.not().addWrap(1));
}

/**
 * A round-robin arbiter for `n` requesters (1 <= n <= 1024).
 *
 * Ports: `req` (UInt(n) input, bit i = requester i), `advance` (Bool input),
 * `grant` (UInt(n) output, one-hot or zero), `grant_valid` (Bool output).
 *
 * Policy: the arbiter keeps a priority pointer p (0 after reset).
 * - Combinationally, `grant` has the single bit of the first requester in
 *   the order p, p+1, ..., n-1, 0, ..., p-1 whose `req` bit is 1;
 *   `grant_valid = (req != 0)`. With no request, `grant = 0`.
 * - At a rising clock edge where `advance = 1` and `grant_valid = 1`, the
 *   pointer moves past the granted requester i: p := (i + 1) mod n. So after
 *   granting i the next search starts at i + 1, and a requester that keeps
 *   requesting is served again only after every other requester that asks
 *   meanwhile. Otherwise (no advance, or no request) p holds: a grant that was
 *   not accepted (e.g. the granted packet was not taken) is offered again.
 * - `grant` and `grant_valid` depend combinationally on `req` (not on
 *   `advance`); the pointer is the only state.
 *
 * Implementation: the pointer is kept as a thermometer mask `priority_mask`
 * (bits >= p set; p = n is stored as all zeros, which grants exactly like
 * p = 0). The grant is the lowest set bit of `req & priority_mask` if that is
 * non-zero, else the lowest set bit of `req` (an x & -x priority encoder).
 */
export function RoundRobinArbiter(n: number): ModuleDef<RoundRobinArbiterIO> {
  checkInt('RoundRobinArbiter', 'n', n, 1, ARBITER_MAX_REQUESTERS);
  return module(
    'RoundRobinArbiter',
    { n },
    (m) => {
      const req = m.input('req', UInt(n));
      const advance = m.input('advance', Bool());
      const grant = m.output('grant', UInt(n));
      const grantValid = m.output('grant_valid', Bool());

      const priorityMask = m.reg('priority_mask', UInt(n), { reset: 0 });
      const maskedReq = m.node('masked_req', req.and(priorityMask));
      const chosen = m.node('chosen', mux(maskedReq.orR(), lowestSetBit(maskedReq), lowestSetBit(req)));
      grant.set(chosen);
      grantValid.set(req.orR());
      // After granting i, the requesters above i get priority: mask = ~(g | (g - 1)) = bits > i.
      m.when(advance.and(req.orR()), () => priorityMask.set(chosen.or(chosen.subWrap(1)).not()));
      return { req, advance, grant, grant_valid: grantValid };
    },
    { doc: `Round-robin arbiter for ${n} requesters: after granting i (with advance), the search starts at i + 1.` },
  );
}
