// The seam between "who signs" and the engine: a signer's TTE goes either to
// Naskah's internal CA (uncertified) or to a certificate provider's gateway
// (certified, BSrE-style). A gateway holds the key and signs the whole PDF
// itself, so the common interface is PDF in, signed PDF out — not a CMS
// KeyHolder.

import type { SignatureAppearance } from '../stamp/appearance.js';

export type ProviderKind = 'internal' | 'gateway';

/**
 * How the signer proves it is them: the certificate's passphrase, or (contract v2) the one-time
 * TOTP code the provider sent them. Handed to the provider for this one call and never kept.
 */
export type SignerSecret = { passphrase: string } | { totp: string };

export interface SignDocumentRequest {
  pdf: Buffer;
  /** `email`: v2 may name the signer by e-mail as well; Naskah always knows the NIK and checks the certificate against it. */
  signer: { nik: string; email?: string } & SignerSecret;
  appearance: SignatureAppearance;
  reason?: string;
  location?: string;
}

export interface SignedDocument {
  pdf: Buffer;
  provider: ProviderKind;
  /** Human name of the provider that signed (e.g. the gateway's name), for the audit trail. */
  providerName: string;
  /** The gateway's own document id, when it gives one (BSrE's `id_dokumen` header). */
  providerDocumentId?: string;
}

export interface SigningProvider {
  readonly kind: ProviderKind;
  readonly name: string;
  signDocument(request: SignDocumentRequest): Promise<SignedDocument>;
}
