export { createStandInGateway, type GatewayFault, type StandInGateway, type StandInGatewayOptions } from './app.js';
export { DEMO_SIGNERS, openGatewayRegistry, STAND_IN_ORGANIZATION, type GatewayRegistry, type RegisteredSigner } from './registry.js';
export { standInGatewayLaunch, type StandInLaunch } from './local-stack.js';
