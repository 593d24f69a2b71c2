// The `neurotile` command line. Contract (docs/cli.md): every command takes
// --json (exactly one JSON object on stdout, nothing else there; human text
// and progress go to stderr), works without arguments on the built-in
// reference design, and exits 0 on success, 1 when the check it ran failed,
// 2 on bad input (one line on stderr, no stack trace), 3 on an internal error.
//
// Commands declare their options with defineCommand (options.ts); this file
// turns the specs into commander options, adds --json, --quiet and --help to
// every command, and takes --json from the parsed options (never from a
// search of argv: `gen --out --json` names a folder, `--json gen` is --json).
//
// Startup is kept short: only commander and the small command modules load
// here; each command imports what it needs when it runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { EXIT, UsageError, toJson, type CommandContext, type CommandResult, type ExitCode } from './cli.ts';
import { OptionError, type CommandModule } from './options.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** The one line on stderr stays readable: a tool's multi-kilobyte log belongs in a file. */
const MAX_MESSAGE = 600;

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * Bad input found below the CLI layer: errors in the design (from the DSL or
 * the emitter; their message carries the design's file:line), the emulator's
 * and workloads' option checks (BadInput), a missing tool (ToolMissing).
 */
function isBadInput(err: unknown): err is Error {
  return err instanceof Error && ['ElaborationError', 'EmitError', 'BadInput', 'OptionError', 'ToolNotFoundError'].includes(err.name);
}

/** A failed check found below the CLI layer (e.g. RTL from --rtl that does not compile). */
function isCheckFailed(err: unknown): err is Error {
  return err instanceof Error && err.name === 'CheckFailed';
}

export function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}...` : line;
}

type Action = (mod: CommandModule, opts: Record<string, unknown>, cmd: Command) => Promise<void>;
type ProgramAction = (opts: Record<string, unknown>, operands: string[], program: Command) => Promise<void>;

function commonOptions(cmd: Command): Command {
  return cmd
    .helpOption(false)
    .option('--json', 'print exactly one JSON object on stdout (progress stays on stderr)')
    .option('-q, --quiet', 'no progress lines on stderr')
    .option('-h, --help', 'show help (as {"help": ...} with --json)');
}

function addOptions(cmd: Command, mod: CommandModule): void {
  for (const spec of Object.values(mod.options ?? {})) {
    const o = new Option(spec.flags, spec.help);
    const parse = spec.parse;
    if (parse) {
      o.argParser((text: string) => {
        try {
          return parse(text);
        } catch (err) {
          // Commander wraps the message; main() unwraps it again (see invalidArgument below).
          if (err instanceof OptionError) throw new InvalidArgumentError(`\u0000${err.message}`);
          throw err;
        }
      });
    }
    cmd.addOption(o);
  }
  mod.configure?.(cmd);
}

/** The command's option values: the parsed ones, the spec defaults for the rest. */
function withDefaults(mod: CommandModule, parsed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parsed };
  for (const [key, spec] of Object.entries(mod.options ?? {})) {
    if (out[key] === undefined && spec.default !== undefined) out[key] = spec.default;
  }
  return out;
}

export function buildProgram(runCommand: Action, runProgram: ProgramAction): Command {
  const program = commonOptions(new Command('neurotile'))
    .description('neuromorphic compute tile: generate Verilog, lint it, co-simulate it, estimate its energy')
    .option('-V, --version', 'print the version (as {"name", "version"} with --json)')
    .argument('[command...]')
    .usage('<command> [options]')
    .helpCommand(false)
    // Program options (--json, --version) only before the command name; after it they are the command's.
    .enablePositionalOptions()
    .addHelpText('after', '\nCommands take -h/--help; `neurotile help <command>` too.\nExit status: 0 success, 1 the check failed, 2 bad input, 3 internal error.\nEvery command takes --json: one JSON object on stdout. See docs/cli.md.')
    // Inherited by the subcommands created below: errors are thrown (not
    // printed, not process.exit) so that main() reports them as one line.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {},
    })
    .showSuggestionAfterError(true);
  program.action(async (_operands: string[], opts: Record<string, unknown>, self: Command) => {
    await runProgram(opts, self.args, self);
  });
  for (const mod of COMMANDS) {
    const cmd = commonOptions(program.command(mod.name)).description(mod.summary);
    addOptions(cmd, mod);
    if (mod.helpText) cmd.addHelpText('after', `\n${mod.helpText}`);
    cmd.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      await runCommand(mod, withDefaults(mod, self.optsWithGlobals()), self);
    });
  }
  return program;
}

/**
 * Whether --json was asked for when parsing stopped at an error (an unknown
 * option, a bad value): walks argv with the declared options, so that the
 * value of an option (`--out --json`) is not mistaken for the flag.
 */
export function jsonAfterParseError(program: Command, argv: readonly string[]): boolean {
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return false;
    if (cmd === program) {
      const sub = program.commands.find((c) => c.name() === arg);
      if (sub) {
        cmd = sub;
        continue;
      }
    }
    if (arg === '--json') return true;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const o = [...cmd.options, ...program.options].find((x) => x.long === name || x.short === name);
    if (o && (o.required || o.optional) && !arg.includes('=')) i++;
  }
  return false;
}

/** Runs the CLI on `argv` (the arguments after the program name) and returns the exit status. */
export async function main(argv: string[]): Promise<ExitCode> {
  const stdoutWrite = guardStdout();
  let json: boolean | undefined;
  const fail = (code: ExitCode, message: string): ExitCode => {
    process.stderr.write(`neurotile: ${oneLine(message)}\n`);
    if (json) stdoutWrite(`${toJson({ error: { exitCode: code, message: oneLine(message) } })}\n`);
    return code;
  };
  const enterJsonMode = () => {
    json = true;
    // Whatever a library might print must not end up next to the result object.
    const toStderr = (...a: unknown[]) => console.error(...a);
    console.log = console.info = console.debug = toStderr;
  };

  let result: CommandResult | undefined;
  let text: string | undefined;
  let textJson: Record<string, unknown> | undefined;
  const program = buildProgram(
    async (mod, opts, cmd) => {
      if (opts.json) enterJsonMode();
      else json = false;
      if (opts.help) {
        text = cmd.helpInformation();
        textJson = { command: mod.name, help: text };
        return;
      }
      const ctx: CommandContext = {
        json: Boolean(opts.json),
        root: ROOT,
        generator: `neurotile ${version()}`,
        progress: (line) => {
          if (!opts.quiet) process.stderr.write(`${line}\n`);
        },
      };
      result = await mod.run(opts, ctx);
    },
    async (opts, operands, self) => {
      if (opts.json) enterJsonMode();
      else json = false;
      if (opts.version) {
        text = `neurotile ${version()}\n`;
        textJson = { name: 'neurotile', version: version() };
        return;
      }
      const known = COMMANDS.map((c) => c.name);
      if (operands.length === 0 || opts.help) {
        text = self.helpInformation();
        textJson = { help: text, commands: known };
        return;
      }
      if (operands[0] === 'help') {
        const sub = self.commands.find((c) => c.name() === operands[1]);
        if (operands.length > 2) throw new UsageError(`help takes one command name, got ${operands.length - 1}`);
        if (operands[1] !== undefined && !sub) throw new UsageError(`unknown command '${operands[1]}' (known: ${known.join(', ')})`);
        text = (sub ?? self).helpInformation();
        textJson = sub ? { command: sub.name(), help: text } : { help: text, commands: known };
        return;
      }
      throw new UsageError(`unknown command '${operands[0]}' (known: ${known.join(', ')})`);
    },
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      json ??= jsonAfterParseError(program, argv);
      if (json) enterJsonMode();
      let message = err.message.replace(/^error: /, '');
      // Our own parsers' messages already name the option: drop commander's wrapper.
      const own = message.indexOf('\u0000');
      if (err.code === 'commander.invalidArgument' && own >= 0) message = message.slice(own + 1);
      return fail(EXIT.badInput, message);
    }
    json ??= jsonAfterParseError(program, argv);
    if (err instanceof UsageError || isBadInput(err)) return fail(EXIT.badInput, err.message);
    if (isCheckFailed(err)) return fail(EXIT.checkFailed, err.message);
    if (process.env.NEUROTILE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    const message = err instanceof Error ? err.message : String(err);
    return fail(EXIT.internal, `internal error: ${message}${process.env.NEUROTILE_DEBUG ? '' : ' (set NEUROTILE_DEBUG=1 for the stack trace)'}`);
  }
  if (text !== undefined) {
    if (!stdoutWrite(json ? `${toJson(textJson)}\n` : text)) return EXIT.badInput;
    return EXIT.ok;
  }
  if (!result) return EXIT.ok;
  const ok = stdoutWrite(json ? `${toJson(result.json)}\n` : result.human);
  return ok ? result.exitCode : EXIT.badInput;
}

/**
 * stdout that cannot take the result (`> /dev/full`, a closed pipe) is
 * reported in one line on stderr, exit 2, instead of an unhandled error with
 * a stack trace. Returns the writer: false when the write failed at once.
 */
function guardStdout(): (s: string) => boolean {
  let reported = false;
  const report = (err: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    try {
      process.stderr.write(`neurotile: cannot write to stdout: ${err.code ?? err.message}${err.code === 'ENOSPC' ? ' (no space left on the device)' : err.code === 'EPIPE' ? ' (the reader closed the pipe)' : ''}\n`);
    } catch {
      // stderr is gone too: nothing left to tell.
    }
    process.exitCode = EXIT.badInput;
  };
  process.stdout.on('error', report);
  const write = process.stdout.write.bind(process.stdout);
  return (s: string) => {
    try {
      write(s);
      return !reported;
    } catch (err) {
      report(err as NodeJS.ErrnoException);
      return false;
    }
  };
}
