// Hardware types: ground types (UInt, SInt, Bool), bundles with flipped
// fields, and vectors. Aggregates flatten to ground leaves named a_b_c.
import { fail } from './errors.ts';

/** Widest signal the DSL accepts; wide enough for any datapath, small enough to catch typos. */
export const MAX_WIDTH = 4096;

export class GroundType {
  readonly kind = 'ground' as const;
  constructor(
    readonly width: number,
    readonly signed: boolean,
  ) {}
  toString(): string {
    return `${this.signed ? 'SInt' : 'UInt'}(${this.width})`;
  }
}

export interface FieldMap {
  [name: string]: HwType | Flip<HwType>;
}

export class Flip<T extends HwType> {
  readonly kind = 'flip' as const;
  constructor(readonly type: T) {}
}

export class BundleType<F extends FieldMap = FieldMap> {
  readonly kind = 'bundle' as const;
  constructor(readonly fields: F) {}
}

export class VecType<T extends HwType = HwType> {
  readonly kind = 'vec' as const;
  constructor(
    readonly length: number,
    readonly element: T,
  ) {}
}

export type HwType = GroundType | BundleType<any> | VecType<any>;

export function checkWidth(width: number, what: string): void {
  if (!Number.isInteger(width) || width <= 0 || width > MAX_WIDTH) {
    fail(`invalid width ${width} for ${what}: widths must be whole numbers from 1 to ${MAX_WIDTH}`);
  }
}

export function UInt(width: number): GroundType {
  checkWidth(width, 'UInt');
  return new GroundType(width, false);
}

export function SInt(width: number): GroundType {
  checkWidth(width, 'SInt');
  return new GroundType(width, true);
}

export function Bool(): GroundType {
  return new GroundType(1, false);
}

export function Bundle<F extends FieldMap>(fields: F): BundleType<F> {
  if (Object.keys(fields).length === 0) fail('a Bundle needs at least one field');
  return new BundleType(fields);
}

/** A bundle field that flows the other way (e.g. `ready` in a valid/ready bundle). */
export function Flipped<T extends HwType>(type: T): Flip<T> {
  return new Flip(type);
}

export function Vec<T extends HwType>(length: number, element: T): VecType<T> {
  if (!Number.isInteger(length) || length <= 0) fail(`invalid Vec length ${length}: must be a whole number >= 1`);
  return new VecType(length, element);
}

/** One ground leaf of an aggregate: its flattened name suffix, type and whether it is flipped. */
export interface Leaf {
  path: (string | number)[];
  type: GroundType;
  flipped: boolean;
}

export function leaves(type: HwType, flipped = false, path: (string | number)[] = []): Leaf[] {
  switch (type.kind) {
    case 'ground':
      return [{ path, type, flipped }];
    case 'vec':
      return Array.from({ length: type.length }, (_, i) => leaves(type.element, flipped, [...path, i])).flat();
    case 'bundle':
      return Object.entries(type.fields as FieldMap).flatMap(([name, field]) =>
        field instanceof Flip ? leaves(field.type, !flipped, [...path, name]) : leaves(field, flipped, [...path, name]),
      );
  }
}

export function leafName(base: string, path: (string | number)[]): string {
  return [base, ...path].join('_');
}

/** The implicit clock and reset input ports a module or black box gets when it needs them. */
export function implicitPorts(clock: boolean, reset: boolean, loc: string): import('../ir.ts').IrPort[] {
  const bit = { width: 1, signed: false };
  return [
    ...(clock ? [{ name: 'clock', dir: 'input' as const, type: bit, loc, role: 'clock' as const }] : []),
    ...(reset ? [{ name: 'reset', dir: 'input' as const, type: bit, loc, role: 'reset' as const }] : []),
  ];
}
