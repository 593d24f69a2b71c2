// The router, the multicast injector and the mesh emit lint-clean Verilog
// (Verilator -Wall, Icarus, Yosys: no warnings), and bad parameters are
// reported at the caller's line.
import { describe, expect, it } from 'vitest';
import { expectLintClean, topOf } from '../../gen/lib/test-support.ts';
import { elaborate, ElaborationError } from '../../gen/index.ts';
import { Router } from './router.ts';
import { MulticastInjector, DEFAULT_INJECTOR_CONFIG } from './injector.ts';
import { DEFAULT_ROUTER_CONFIG } from './params.ts';
import { Mesh } from '../chip/mesh.ts';
import { MulticastMesh } from '../chip/multicast-mesh.ts';

describe('router RTL', () => {
  it('is lint clean at the default configuration and with a payload and depth-1 FIFOs', async () => {
    await expectLintClean(Router(DEFAULT_ROUTER_CONFIG));
    await expectLintClean(Router({ xBits: 3, yBits: 1, idBits: 5, payloadBits: 4, fifoDepth: 1 }));
  });

  it('is one Router module instanced per mesh node, with local ports named by coordinates', async () => {
    const design = elaborate(Mesh(3, 2, DEFAULT_ROUTER_CONFIG));
    expect(design.modules.filter((m) => m.name.startsWith('Router_'))).toHaveLength(1);
    const ports = topOf(design).ports.map((p) => p.name);
    expect(ports).toContain('local_in_2_1_valid');
    expect(ports).toContain('local_out_0_1_bits');
    expect(ports).toContain('off_mesh_drops');
    await expectLintClean(Mesh(3, 2, DEFAULT_ROUTER_CONFIG));
    await expectLintClean(Mesh(1, 1, { ...DEFAULT_ROUTER_CONFIG, payloadBits: 2 }));
  });

  it('multicast injector is lint clean', async () => {
    await expectLintClean(MulticastInjector(DEFAULT_INJECTOR_CONFIG));
    await expectLintClean(MulticastInjector({ ...DEFAULT_INJECTOR_CONFIG, payloadBits: 3, fanout: 3, neuronBits: 1 }));
  });

  it('mesh with multicast injectors is lint clean', async () => {
    await expectLintClean(MulticastMesh(2, 2, { ...DEFAULT_ROUTER_CONFIG, payloadBits: 3 }, 1, 3));
  });

  it('rejects a mesh that its coordinate fields cannot address', () => {
    expect(() => Mesh(5, 2, DEFAULT_ROUTER_CONFIG)).toThrow(ElaborationError);
    expect(() => Mesh(5, 2, DEFAULT_ROUTER_CONFIG)).toThrow(/Mesh: width must be a whole number from 1 to 4, got 5/);
  });
});
