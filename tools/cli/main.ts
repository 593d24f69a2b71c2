// The `neurotile` command line. Contract (docs/cli.md): every command takes
// --json (exactly one JSON object on stdout, nothing else there; human text
// and progress go to stderr), works without arguments on the built-in
// reference design, and exits 0 on success, 1 when the check it ran failed,
// 2 on bad input (one line on stderr, no stack trace), 3 on an internal error.
//
// Startup is kept short: only commander and the small command modules load
// here; each command imports what it needs when it runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { EXIT, UsageError, toJson, type CommandContext, type CommandResult, type ExitCode } from './cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * Bad input found below the CLI layer: errors in the design (from the DSL or
 * the emitter; their message carries the design's file:line) and the
 * emulator's option checks (BadInput).
 */
function isBadInput(err: unknown): err is Error {
  return err instanceof Error && ['ElaborationError', 'EmitError', 'BadInput'].includes(err.name);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function buildProgram(run: (mod: (typeof COMMANDS)[number], opts: Record<string, unknown>) => Promise<void>): Command {
  const program = new Command('neurotile')
    .description('neuromorphic compute tile: generate Verilog, lint it, co-simulate it, estimate its energy')
    .version(`neurotile ${version()}`, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', '\nExit status: 0 success, 1 the check failed, 2 bad input, 3 internal error.\nEvery command takes --json: one JSON object on stdout. See docs/cli.md.')
    // Inherited by the subcommands created below: errors are thrown (not
    // printed, not process.exit) so that main() reports them as one line.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {},
    })
    .showSuggestionAfterError(true);
  for (const mod of COMMANDS) {
    const cmd = program
      .command(mod.name)
      .description(mod.summary)
      .option('--json', 'print exactly one JSON object on stdout (progress stays on stderr)')
      .option('-q, --quiet', 'no progress lines on stderr');
    mod.configure(cmd);
    cmd.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      await run(mod, self.opts());
    });
  }
  return program;
}

/** Runs the CLI on `argv` (the arguments after the program name) and returns the exit status. */
export async function main(argv: string[]): Promise<ExitCode> {
  const json = argv.includes('--json');
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  if (json) {
    // Whatever a library might print must not end up next to the result object.
    const toStderr = (...a: unknown[]) => console.error(...a);
    console.log = console.info = console.debug = toStderr;
  }
  const fail = (code: ExitCode, message: string): ExitCode => {
    process.stderr.write(`neurotile: ${oneLine(message)}\n`);
    if (json) stdoutWrite(`${toJson({ error: { exitCode: code, message: oneLine(message) } })}\n`);
    return code;
  };

  let result: CommandResult | undefined;
  const program = buildProgram(async (mod, opts) => {
    const ctx: CommandContext = {
      json,
      root: ROOT,
      generator: `neurotile ${version()}`,
      progress: (line) => {
        if (!opts.quiet) process.stderr.write(`${line}\n`);
      },
    };
    result = await mod.run(opts, ctx);
  });

  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  // Commander answers `help <unknown>` with the general help and status 0.
  if (argv[0] === 'help' && argv[1] !== undefined && !argv[1].startsWith('-') && !COMMANDS.some((c) => c.name === argv[1])) {
    return fail(EXIT.badInput, `unknown command '${argv[1]}' (known: ${COMMANDS.map((c) => c.name).join(', ')})`);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      let message = err.message.replace(/^error: /, '');
      if (err.code === 'commander.unknownCommand') message += ` (known: ${COMMANDS.map((c) => c.name).join(', ')})`;
      return fail(EXIT.badInput, message);
    }
    if (err instanceof UsageError || isBadInput(err)) return fail(EXIT.badInput, err.message);
    if (process.env.NEUROTILE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    const message = err instanceof Error ? err.message : String(err);
    return fail(EXIT.internal, `internal error: ${message}${process.env.NEUROTILE_DEBUG ? '' : ' (set NEUROTILE_DEBUG=1 for the stack trace)'}`);
  }
  if (!result) return EXIT.ok;
  if (json) stdoutWrite(`${toJson(result.json)}\n`);
  else if (result.human) stdoutWrite(result.human);
  return result.exitCode;
}
