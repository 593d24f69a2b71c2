// Option specs several commands share: the block (--target) and its
// parameters (--config). The target name itself is checked against the
// registry when the command runs (the error lists the known ones).
import { opt } from './options.ts';

export const targetOption = (help: string) =>
  opt.text('--target <block>', help, { maxLength: 64, pattern: /^[a-z][a-z0-9-]*$/, what: 'a target name (`neurotile targets` lists them)' });

export const configOption = () => opt.text('--config <file>', "JSON object of the target's parameters (at most 1 MiB)");
