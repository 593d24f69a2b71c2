// The crossbar block (docs/tile-spec.md § Crossbar): interface controller, the
// digital twin of the analog macro (one ADC lane per ADC), and the top that connects them.
export { Crossbar } from './crossbar.ts';
export { CrossbarController } from './controller.ts';
export { CrossbarTwin } from './twin.ts';
export { DeviceNoise, Lowbias32, NoisyRead } from './noise.ts';
export { AdcLane } from './lane.ts';
export * from './params.ts';
