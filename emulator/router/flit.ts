// The address-event packet (one flit) and the router's parameters, as the
// spec defines them (docs/tile-spec.md, "## Router"). Kept independent of
// rtl/: this file is the emulator's own reading of the spec.

/** Widths of a flit's fields and the depth of each input FIFO. */
export interface RouterParams {
  /** Bits of dest_x (the mesh is at most 2^xBits routers wide). */
  xBits: number;
  /** Bits of dest_y. */
  yBits: number;
  /** Bits of the destination axon / neuron id. */
  idBits: number;
  /** Bits of the optional payload (0 = no payload field). */
  payloadBits: number;
  /** Entries of each input FIFO. */
  fifoDepth: number;
}

export const DEFAULT_ROUTER_PARAMS: RouterParams = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, fifoDepth: 4 };

/**
 * One packet. `tag` is bookkeeping for tests and statistics only (it is not
 * part of the hardware flit and never influences routing).
 */
export interface Flit {
  destX: number;
  destY: number;
  id: number;
  payload: number;
  tag?: number;
}

/** Total flit width: dest_x, dest_y, id, payload. */
export function flitWidth(p: RouterParams): number {
  return p.xBits + p.yBits + p.idBits + p.payloadBits;
}

/** The flit as the hardware carries it: {dest_x, dest_y, id, payload}, dest_x most significant. */
export function packFlit(p: RouterParams, f: Flit): bigint {
  let v = BigInt(f.destX);
  v = (v << BigInt(p.yBits)) | BigInt(f.destY);
  v = (v << BigInt(p.idBits)) | BigInt(f.id);
  if (p.payloadBits > 0) v = (v << BigInt(p.payloadBits)) | BigInt(f.payload);
  return v;
}

export function unpackFlit(p: RouterParams, bits: bigint): Flit {
  const field = (shift: number, width: number) => Number((bits >> BigInt(shift)) & ((1n << BigInt(width)) - 1n));
  return {
    payload: p.payloadBits > 0 ? field(0, p.payloadBits) : 0,
    id: field(p.payloadBits, p.idBits),
    destY: field(p.payloadBits + p.idBits, p.yBits),
    destX: field(p.payloadBits + p.idBits + p.yBits, p.xBits),
  };
}

/** Throws on a parameter the spec does not allow. */
export function checkRouterParams(p: RouterParams): RouterParams {
  const ok = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!ok(p.xBits, 1, 8) || !ok(p.yBits, 1, 8)) throw new Error(`router: xBits and yBits must be 1..8, got ${p.xBits}, ${p.yBits}`);
  if (!ok(p.idBits, 1, 24)) throw new Error(`router: idBits must be 1..24, got ${p.idBits}`);
  if (!ok(p.payloadBits, 0, 24)) throw new Error(`router: payloadBits must be 0..24, got ${p.payloadBits}`);
  if (!ok(p.fifoDepth, 1, 64)) throw new Error(`router: fifoDepth must be 1..64, got ${p.fifoDepth}`);
  return p;
}
