// The seam between "who signs" and the engine: a signer's TTE goes either to
// Naskah's internal CA (uncertified) or to a certificate provider's gateway
// (certified, BSrE-style). A gateway holds the key and signs the whole PDF
// itself, so the common interface is PDF in, signed PDF out — not a CMS
// KeyHolder.

import type { StampPlacement } from '../sign.js';

export type ProviderKind = 'internal' | 'gateway';

/** Where the visible stamp goes; coordinates in PDF points from the page's lower-left corner. */
export type SignatureAppearance =
  | { visible: false }
  /** `page`: 1-based, or 'last' (the gateways' `halaman=TERAKHIR`). */
  | { visible: true; linkQR: string; imagePng?: Buffer; page: number | 'last'; x: number; y: number; width: number; height: number }
  /** At an anchor character in the text (the gateways' `tag_koordinat`). */
  | { visible: true; linkQR: string; imagePng?: Buffer; anchor: string; page?: number; width?: number; height?: number };

/** The appearance as signPdf's placement (the internal CA signs locally with the same appearance a gateway gets). */
export function placementFor(appearance: SignatureAppearance): StampPlacement {
  if (!appearance.visible) return { invisible: true };
  if ('anchor' in appearance) return appearance.page === undefined ? { anchor: appearance.anchor } : { anchor: appearance.anchor, page: appearance.page };
  return { page: appearance.page === 'last' ? -1 : appearance.page, rect: [appearance.x, appearance.y, appearance.width, appearance.height] };
}

/** Where signPdf puts the signature block by default (bottom right of the last A4 page), as gateway coordinates. */
export const DEFAULT_SIGNATURE_BLOCK = { page: 'last', x: 319, y: 110, width: 220, height: 70 } as const;

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
