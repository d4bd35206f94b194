// The signing step's one call: sign with whichever provider the signer has
// (per person: internal or gateway; per agency: which gateway).
import type { GatewayDirectory } from './gateway-directory.js';
import { gatewayProvider } from './gateway-provider.js';
import type { ProviderKind, SignDocumentRequest, SignedDocument, SigningProvider } from './provider.js';

export interface SignerProfile {
  nik: string;
  /** Certificate.provider in the domain model. */
  provider: ProviderKind;
  /** Agency code (Agency.code), to pick the gateway. */
  agencyCode: string;
}

export interface SigningProviders {
  internal: SigningProvider;
  gateways: GatewayDirectory;
  /** Roots of signatures that may already be on a document (the internal CA), for the gateway response check. */
  internalTrustAnchors?: readonly Buffer[];
}

export function providerFor(signer: SignerProfile, providers: SigningProviders): SigningProvider {
  if (signer.provider === 'internal') return providers.internal;
  const config = providers.gateways.forAgency(signer.agencyCode);
  return gatewayProvider({ ...config, ...(providers.internalTrustAnchors ? { otherTrustAnchors: providers.internalTrustAnchors } : {}) });
}

/**
 * Signs `pdf` for `signer`. Resolves only with a PDF that passed Naskah's own
 * checks; on any failure it throws a SigningError and the caller stores nothing.
 */
export async function signForPerson(
  providers: SigningProviders,
  signer: SignerProfile,
  request: Omit<SignDocumentRequest, 'signer'> & { passphrase: string },
): Promise<SignedDocument> {
  const { passphrase, ...rest } = request;
  return await providerFor(signer, providers).signDocument({ ...rest, signer: { nik: signer.nik, passphrase } });
}
