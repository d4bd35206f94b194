// The internal CA behind the provider interface: the signer's PKCS#12 from the
// keystore, opened with the passphrase for this one signature.
import type { RevocationSource, TimestampClient } from '../cms/index.js';
import { assertNotRevoked } from '../cms/index.js';
import { SigningError } from '../errors.js';
import { openPkcs12 } from '../keys/index.js';
import { signPdf, type PadesLevel, type StampPlacement } from '../sign.js';
import type { SignDocumentRequest, SignedDocument, SigningProvider, SignatureAppearance } from './provider.js';

export interface InternalProviderOptions {
  /** The signer's PKCS#12 by NIK; `undefined` when the person has none. */
  p12For(nik: string): Buffer | undefined | Promise<Buffer | undefined>;
  level?: PadesLevel;
  timestamp?: TimestampClient;
  revocation?: RevocationSource;
  timeZone?: string;
  issuerName?: string;
}

export function placementFor(appearance: SignatureAppearance): StampPlacement {
  if (!appearance.visible) return { invisible: true };
  if ('anchor' in appearance) return appearance.page === undefined ? { anchor: appearance.anchor } : { anchor: appearance.anchor, page: appearance.page };
  return { page: appearance.page === 'last' ? -1 : appearance.page, rect: [appearance.x, appearance.y, appearance.width, appearance.height] };
}

export function internalProvider(options: InternalProviderOptions): SigningProvider {
  return {
    kind: 'internal',
    name: 'Naskah CA',
    async signDocument(request: SignDocumentRequest): Promise<SignedDocument> {
      const p12 = await options.p12For(request.signer.nik);
      if (!p12) throw new SigningError('SIGNER_NOT_REGISTERED', 'The signer has no certificate from the internal CA.', 'nik');
      const holder = openPkcs12(p12, request.signer.passphrase);
      if (holder.subject.nik !== request.signer.nik) {
        throw new SigningError('CERT_INVALID', "The keystore's certificate does not belong to this NIK.", 'nik');
      }
      if (options.revocation) await assertNotRevoked(holder, options.revocation);
      const level = options.level ?? (options.revocation && options.timestamp ? 'B-LT' : options.timestamp ? 'B-T' : 'B-B');
      const pdf = await signPdf(request.pdf, {
        holder,
        level,
        ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        ...(options.revocation ? { revocation: options.revocation } : {}),
        placement: placementFor(request.appearance),
        ...(request.appearance.visible ? { verificationUrl: request.appearance.linkQR } : {}),
        ...(request.reason ? { reason: request.reason } : {}),
        ...(request.location ? { location: request.location } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.issuerName ? { issuerName: options.issuerName } : {}),
      });
      return { pdf, provider: 'internal', providerName: 'Naskah CA' };
    },
  };
}
