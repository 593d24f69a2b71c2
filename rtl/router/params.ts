// Parameters of the router RTL (docs/tile-spec.md, "## Router"). rtl/ may not
// import the emulator, so the flit layout is restated here from the spec.
import { checkInt } from '../../gen/lib/params.ts';

export interface RouterConfig {
  /** Bits of dest_x (1..8): the mesh is at most 2^xBits routers wide. */
  xBits: number;
  /** Bits of dest_y (1..8). */
  yBits: number;
  /** Bits of the destination axon / neuron id (1..24). */
  idBits: number;
  /** Bits of the optional payload (0..24; 0 = no payload field). */
  payloadBits: number;
  /** Entries of each input FIFO (1..64). */
  fifoDepth: number;
}

export const DEFAULT_ROUTER_CONFIG: RouterConfig = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, fifoDepth: 4 };

/** Port order: also the requester index of every output's arbiter (north = bit 0). */
export const PORT_NAMES = ['north', 'east', 'south', 'west', 'local'] as const;
export type PortName = (typeof PORT_NAMES)[number];

export function checkRouterConfig(c: RouterConfig, generator = 'Router'): RouterConfig {
  checkInt(generator, 'xBits', c.xBits, 1, 8);
  checkInt(generator, 'yBits', c.yBits, 1, 8);
  checkInt(generator, 'idBits', c.idBits, 1, 24);
  checkInt(generator, 'payloadBits', c.payloadBits, 0, 24);
  checkInt(generator, 'fifoDepth', c.fifoDepth, 1, 64);
  return c;
}

/** The fields that shape a flit. */
export type FlitLayout = Pick<RouterConfig, 'xBits' | 'yBits' | 'idBits' | 'payloadBits'>;

/** Flit width: {dest_x, dest_y, id, payload}, dest_x in the most significant bits. */
export const flitBits = (c: FlitLayout): number => c.xBits + c.yBits + c.idBits + c.payloadBits;

/** Bit positions (lsb) of the flit fields. */
export const idLsb = (c: FlitLayout): number => c.payloadBits;
export const destYLsb = (c: FlitLayout): number => c.payloadBits + c.idBits;
export const destXLsb = (c: FlitLayout): number => c.payloadBits + c.idBits + c.yBits;

/** The parameters as a module name records them. */
export const routerParamsOf = (c: RouterConfig) => ({
  xBits: c.xBits,
  yBits: c.yBits,
  idBits: c.idBits,
  payloadBits: c.payloadBits,
  fifoDepth: c.fifoDepth,
});
