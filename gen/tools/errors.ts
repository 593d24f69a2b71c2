// Errors that say what kind of failure they are, so that the CLI maps them
// to its exit statuses without knowing every layer: a failed check (exit 1)
// is not a bug in neurotile (exit 3).

/** The check ran and failed: RTL that does not compile, a design that does not fit the device. */
export class CheckFailed extends Error {
  override name = 'CheckFailed';
  constructor(
    message: string,
    /** The tool's full output, when it is in a file. */
    readonly logFile?: string,
  ) {
    super(message);
  }
}

/** The first line of a tool's log that reports an error (Verilator's %Error, "error:", Yosys' ERROR:), trimmed. */
export function firstErrorLine(log: string): string | undefined {
  const line = log.split('\n').find((l) => /%Error|\berror\b|^ERROR:/i.test(l) && !/^\s*$/.test(l));
  return line?.trim().slice(0, 300);
}
