// A mesh with a multicast injector in front of every local input: spike
// events in, unicast packets through the network, one shared table-write
// port that addresses an injector by its router's (x, y).
import type { Flit, RouterParams } from './flit.ts';
import { MulticastInjector, type TableWrite } from './injector.ts';
import { MeshEmulator } from './mesh.ts';

export interface MulticastMeshWrite extends TableWrite {
  /** The router whose injector is written. */
  x: number;
  y: number;
}

export class MulticastMeshEmulator {
  readonly mesh: MeshEmulator;
  readonly injectors: MulticastInjector[];
  private readonly offered: (Flit | undefined)[];
  private readonly packetReady: boolean[];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly params: RouterParams,
    readonly neuronBits: number,
    readonly fanout: number,
  ) {
    this.mesh = new MeshEmulator(width, height, params);
    this.injectors = Array.from({ length: this.mesh.nodes }, () => new MulticastInjector({ ...params, neuronBits, fanout }));
    this.offered = new Array(this.mesh.nodes).fill(undefined);
    this.packetReady = new Array(this.mesh.nodes).fill(false);
  }

  reset(): void {
    this.mesh.reset();
    for (const i of this.injectors) i.reset();
  }

  /**
   * One clock edge: spikes[n] is node n's offered event (undefined: none),
   * outReady[n] its local output's ready. Returns which spikes were accepted;
   * fills delivered[n] with the flit node n's local output delivered.
   */
  step(
    spikes: readonly ({ neuron: number; payload: number } | undefined)[],
    outReady: readonly boolean[],
    write?: MulticastMeshWrite,
    delivered?: (Flit | undefined)[],
  ): boolean[] {
    const n = this.mesh.nodes;
    // Everything below reads the state before the edge: the injectors' packets and the mesh's ready.
    for (let k = 0; k < n; k++) {
      this.offered[k] = this.injectors[k].packet();
      this.packetReady[k] = this.mesh.localInReady(k);
    }
    this.mesh.step(this.offered, outReady, undefined, delivered);
    const target = write && write.x < this.width && write.y < this.height ? write.y * this.width + write.x : -1;
    return this.injectors.map((inj, k) => inj.step(spikes[k], this.packetReady[k], k === target ? write : undefined));
  }
}
