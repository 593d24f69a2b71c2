// Property tests run from a fixed, printed seed (issue 12): a failure in CI
// replays with the same seed. NEUROTILE_FC_SEED=<n> picks another one,
// NEUROTILE_FC_SEED=random a fresh one (printed too). Tests that pass their
// own `seed` keep it; fast-check prints seed and path with every failure.
import fc from 'fast-check';

const DEFAULT_SEED = 20261202;
const env = process.env.NEUROTILE_FC_SEED;
const seed = env === 'random' ? Math.floor(Math.random() * 2 ** 31) : env !== undefined && /^\d{1,10}$/.test(env) ? Number(env) % 2 ** 31 : DEFAULT_SEED;
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

const g = globalThis as { __neurotileFcSeedShown?: boolean };
if (!g.__neurotileFcSeedShown) {
  g.__neurotileFcSeedShown = true;
  process.stderr.write(`fast-check seed ${seed} (replay: NEUROTILE_FC_SEED=${seed})\n`);
}
