// Sized Verilog literals and declaration ranges. Every constant carries its
// exact width (Verilator -Wall flags unsized or mis-sized constants).
const mask = (w: number) => (1n << BigInt(w)) - 1n;

/** Narrow values read best in decimal (a table of them keeps one radix); wide bit patterns in hex. */
const DECIMAL_WIDTH = 16;
const DECIMAL_LIMIT = 1n << 10n;

/** An unsigned literal of exactly `width` bits holding bit pattern `value` (masked to the width). */
export function literal(value: bigint, width: number): string {
  const v = value & mask(width);
  if (width === 1) return `1'b${v}`;
  return width <= DECIMAL_WIDTH || v < DECIMAL_LIMIT ? `${width}'d${v}` : `${width}'h${v.toString(16)}`;
}

/**
 * A signed literal (a Verilog-signed operand, for signed comparisons): the
 * bit pattern read as two's complement, e.g. `-8'sd56`. Negation of a
 * sized signed literal stays `width` bits wide, so the pattern is exact even
 * for the most negative value.
 */
export function signedLiteral(value: bigint, width: number): string {
  const v = value & mask(width);
  const negative = (v >> BigInt(width - 1)) & 1n;
  const magnitude = negative ? (1n << BigInt(width)) - v : v;
  // Signed values read best in decimal unless they are very wide.
  const digits = magnitude < 1n << 64n ? `sd${magnitude}` : `sh${magnitude.toString(16)}`;
  return `${negative ? '-' : ''}${width}'${digits}`;
}

/** `[w-1:0]`, or nothing for a single bit (declared as a scalar). */
export function range(width: number): string {
  return width === 1 ? '' : `[${width - 1}:0]`;
}

/** `signed [7:0]`, `[7:0]`, `signed` or `` for a declaration. */
export function typeDecl(width: number, signed: boolean): string {
  return [signed ? 'signed' : '', range(width)].filter(Boolean).join(' ');
}
