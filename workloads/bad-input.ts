// Bad input found in workloads/ (a missing or corrupt data file, a network
// file that does not parse, an option out of range). The CLI (tools/cli/main.ts,
// isBadInput) recognises the name and prints the message as one line, exit 2.
export class BadInput extends Error {
  override name = 'BadInput';
}
