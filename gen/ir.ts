// The elaborated design as plain data. Every pass (checks, folding, dedup,
// Verilog emission, the JS simulator) reads and writes this form only.
//
// Value semantics: every expression has a width W >= 1 and a signedness.
// Values are W-bit two's-complement bit patterns; arithmetic ops are modular
// at their own width. The builder inserts explicit `zext`/`sext` nodes so the
// operands of add/sub/mul/and/or/xor/mux and of comparisons always have the
// width the op works at (see docs/dsl.md, "Width rules").

/** Where in the user's TypeScript a thing was declared: "rtl/x/y.ts:12". */
export type SourceLoc = string;

export interface IrType {
  width: number;
  signed: boolean;
}

export type BinaryOp =
  | 'add' | 'sub' | 'mul' // modular at W; operands both W bits
  | 'and' | 'or' | 'xor' // operands both W bits
  | 'eq' | 'neq' | 'lt' | 'le' | 'gt' | 'ge' // result UInt(1); operands equal width; signed compare if operands signed
  | 'shl' | 'shr'; // dynamic shift by an unsigned amount (b); W = width of a; bits shifted out are lost; shr is arithmetic for signed a

export type UnaryOp =
  | 'not' // bitwise, W = width of a
  | 'neg' // two's-complement negate modulo 2^W
  | 'andr' | 'orr' | 'xorr'; // reductions, result UInt(1)

export type IrExpr =
  | { kind: 'ref'; name: string; type: IrType } // port, wire, reg, mem read data, or instance port "inst.port"
  | { kind: 'const'; value: bigint; type: IrType } // value is the bit pattern, 0 <= value < 2^W
  | { kind: 'unary'; op: UnaryOp; a: IrExpr; type: IrType }
  | { kind: 'binary'; op: BinaryOp; a: IrExpr; b: IrExpr; type: IrType }
  | { kind: 'mux'; cond: IrExpr; a: IrExpr; b: IrExpr; type: IrType } // cond ? a : b; cond is 1 bit; a, b width W
  | { kind: 'slice'; a: IrExpr; hi: number; lo: number; type: IrType } // bits hi..lo of a, unsigned, W = hi-lo+1
  | { kind: 'cat'; parts: IrExpr[]; type: IrType } // parts[0] is most significant; unsigned
  | { kind: 'zext'; a: IrExpr; type: IrType } // zero-extend a to W >= width(a)
  | { kind: 'sext'; a: IrExpr; type: IrType } // sign-extend a to W >= width(a)
  | { kind: 'cast'; a: IrExpr; type: IrType }; // same bits, W = width(a), signedness changes

export interface IrPort {
  name: string;
  dir: 'input' | 'output';
  type: IrType;
  loc: SourceLoc;
  /** Set on the implicit clock / reset ports. */
  role?: 'clock' | 'reset';
}

export interface IrWire {
  name: string;
  type: IrType;
  loc: SourceLoc;
}

export interface IrReg {
  name: string;
  type: IrType;
  loc: SourceLoc;
  /** Synchronous, active-high reset value (bit pattern); undefined: no reset. */
  reset?: bigint;
  /** Value at the next clock edge; conditional updates are already lowered into muxes (holding = ref to itself). */
  next: IrExpr;
}

export interface IrMemReadPort {
  /** Name of the read-data signal (a ref target of width mem.type.width). */
  name: string;
  addr: IrExpr;
  /** When 1 at a clock edge, data <= mem[addr] (read-first: sees the old contents). Otherwise data holds. */
  en: IrExpr;
  loc: SourceLoc;
}

export interface IrMemWritePort {
  addr: IrExpr;
  data: IrExpr;
  en: IrExpr;
  loc: SourceLoc;
}

export interface IrMem {
  name: string;
  type: IrType; // element type
  depth: number;
  addrWidth: number;
  init?: bigint[]; // initial contents (bit patterns), length <= depth
  readPorts: IrMemReadPort[];
  writePorts: IrMemWritePort[];
  loc: SourceLoc;
}

export interface IrInstance {
  name: string;
  /** Name of the instantiated IrModule in the same IrDesign. */
  module: string;
  /** Input port name -> driving expression (clock/reset are connected implicitly and not listed). */
  inputs: Record<string, IrExpr>;
  loc: SourceLoc;
}

export interface IrAssign {
  /** A wire, an output port, or an instance input written as "inst.port"(kept in IrInstance.inputs instead). */
  target: string;
  expr: IrExpr;
  loc: SourceLoc;
}

export type ParamValue = number | string | boolean | bigint;

export interface IrModule {
  name: string;
  kind: 'module' | 'blackbox';
  /** The generator's name (before parameter mangling) and parameters, for the manifest. */
  generator: string;
  params: Record<string, ParamValue>;
  loc: SourceLoc;
  ports: IrPort[];
  wires: IrWire[];
  regs: IrReg[];
  mems: IrMem[];
  instances: IrInstance[];
  assigns: IrAssign[];
  /** For black boxes: Verilog source that defines the module (for simulation/lint), if given. */
  verilog?: string;
  /** Documentation comment emitted above the module. */
  doc?: string;
}

export interface IrDesign {
  top: string;
  /** Children before parents; names unique. */
  modules: IrModule[];
}
