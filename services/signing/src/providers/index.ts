export { DEFAULT_SIGNATURE_BLOCK, placementFor } from './provider.js';
export type { ProviderKind, SignatureAppearance, SignDocumentRequest, SignedDocument, SignerSecret, SigningProvider } from './provider.js';
export type { GatewayApiVersion, ProviderSignatureCheck, ProviderUserState, ProviderUserStatus, ProviderVerification, ProviderSigner } from './contract.js';
export { gatewayProvider, stampImage, type GatewayConfig, type GatewayProvider } from './gateway-provider.js';
export { GATEWAY_ERRORS, GATEWAY_HTTP_STATUS, GATEWAY_STATUS, errorFromGateway, pesanGateway, type GatewayErrorCode } from './gateway-errors.js';
export { checkGatewayResponse, type GatewayResponseCheck } from './response-check.js';
export { gatewayDirectory, loadGatewayDirectory, type GatewayDirectory, type GatewayDirectoryEntry } from './gateway-directory.js';
export type { SealConfig, SealRequest } from './seal.js';
export { gatewayHealth, type CircuitOptions, type GatewayHealth } from './circuit.js';
