// The address-event router network's emulator: flit format, router, mesh,
// multicast injector and traffic generators (docs/tile-spec.md, "## Router").
export * from './flit.ts';
export { BoundedQueue } from './queue.ts';
export * from './router.ts';
export { MeshEmulator } from './mesh.ts';
export * from './injector.ts';
export * from './traffic.ts';
export { MulticastMeshEmulator, type MulticastMeshWrite } from './multicast-mesh.ts';
