// The replay token of a co-simulation counterexample:
//   <target>/<seed>/<runs>/<fast-check path>@<commands replayPath>
// It names the run it came from, so that a token is never replayed against
// another block, seed or run count (which would replay a different run, or
// none, and report "passed"); its numbers are bounded, so a token cannot
// make fast-check walk billions of runs.

export interface ReplayToken {
  target: string;
  seed: number;
  runs: number;
  /** fast-check's counterexample path: run index, then shrink steps (`20:3:4`). */
  path: string;
  /** fast-check's command-list replay metadata (may be empty). */
  commands: string;
}

/** Shrink steps per level and levels are bounded: fast-check's own paths stay far below. */
const MAX_STEP = 1_000_000;
const MAX_LEVELS = 10_000;

export function formatReplayToken(t: ReplayToken): string {
  return `${t.target}/${t.seed}/${t.runs}/${t.path}@${t.commands}`;
}

/** Parses a token; returns why it is not one (a message naming the problem) instead of throwing. */
export function parseReplayToken(text: string): ReplayToken | string {
  const m = /^([a-z][a-z0-9-]{0,63})\/(\d{1,10})\/(\d{1,6})\/([0-9:]+)@([A-Za-z0-9+/:=_-]{0,4096})$/.exec(text);
  if (!m) return `'${text.length > 60 ? `${text.slice(0, 60)}...` : text}' is not a replay token (expected TARGET/SEED/RUNS/PATH@COMMANDS, as printed by a failing cosim)`;
  const [, target, seedText, runsText, path, commands] = m;
  const steps = path!.split(':');
  if (steps.length > MAX_LEVELS || steps.some((s) => !/^\d{1,7}$/.test(s) || Number(s) > MAX_STEP)) return `replay path '${path!.slice(0, 60)}' is not a fast-check path`;
  const seed = Number(seedText);
  const runs = Number(runsText);
  if (runs < 1) return 'the replay token has a run count of 0';
  if (Number(steps[0]) >= runs) return `the replay token's failing run ${steps[0]} is not one of its ${runs} runs`;
  return { target: target!, seed, runs, path: path!, commands: commands! };
}
