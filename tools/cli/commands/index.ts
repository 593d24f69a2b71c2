// The `neurotile` subcommands, in the order `--help` lists them. A new command
// (cosim, emulate, device, bench, synth, report) is one module in this folder
// exporting a CommandModule, added here.
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
import { synth } from './synth.ts';
import { targets } from './targets.ts';
import { train } from './train.ts';

export const COMMANDS: readonly CommandModule[] = [gen, lint, synth, cosim, device, bench, targets, sample, sc, train, emulate, report];
