// The wire-level RouterOS double of the tests is the simulator the demo runs (server/demo/).
export {
  startRouterSimulator as startFakeRouter, type RouterSimulator as FakeRouter, type RouterSimulatorOptions as FakeRouterOptions,
} from '../../server/demo/router-simulator.js';
