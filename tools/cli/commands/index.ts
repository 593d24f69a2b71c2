// The `neurotile` subcommands, in the order `--help` lists them. A new command
// (emulate, report, sweep, ...) is one module in this folder made with
// defineCommand (../options.ts: typed option specs with bounds), added here.
import type { CommandModule } from '../cli.ts';
import { bench } from './bench.ts';
import { cosim } from './cosim.ts';
import { device } from './device.ts';
import { emulate } from './emulate.ts';
import { gen } from './gen.ts';
import { lint } from './lint.ts';
import { report } from './report.ts';
import { sample } from './sample.ts';
import { sc } from './sc.ts';
import { sweep } from './sweep.ts';
import { synth } from './synth.ts';
import { targets } from './targets.ts';
import { train } from './train.ts';

export const COMMANDS: readonly CommandModule[] = [gen, lint, synth, cosim, device, bench, targets, sample, sc, train, emulate, report, sweep];
