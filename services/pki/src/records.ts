import type { KeyObject } from 'node:crypto';
import type { ParsedCertificate } from '@naskah/signing/cms';

/** What the PKI database remembers about each certificate it issued. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold';
export const REVOCATION_REASON_CODES: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
};

export interface IssuedRecord {
  serialHex: string;
  /** which CA signed it */
  issuer: 'root' | 'issuing';
  kind: 'ca' | 'tsa' | 'ocsp' | 'official';
  subject: string;
  notBefore: string;
  notAfter: string;
  revokedAt?: string;
  reason?: RevocationReason;
  /** PKI base URL named in the certificate's AIA and CRL distribution point (officials' certificates). */
  baseUrl?: string;
}

export interface Authority {
  readonly certificate: ParsedCertificate;
  readonly key: KeyObject;
}
