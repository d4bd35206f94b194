import { contextConstructed, enumerated, integer, OID, sequence, signatureAlgorithm, x509Time } from '@naskah/signing/cms';
import { REVOCATION_REASON_CODES, type Authority, type IssuedRecord } from './records.js';
import { ext, extension, keyIdentifier, signatureKindOf, signStructure } from './certificate-builder.js';

/** How long a CRL or OCSP answer may be relied on before fetching a new one. */
export const REVOCATION_VALIDITY_MS = 7 * 86_400_000;

/** A v2 CRL (RFC 5280 §5) listing `revoked`, signed by the CA itself. */
export function buildCrl(ca: Authority, revoked: readonly IssuedRecord[], crlNumber: number, now: Date): Buffer {
  const entries = revoked.map((r) => {
    const fields = [integer(Buffer.from(r.serialHex.length % 2 ? '0' + r.serialHex : r.serialHex, 'hex')), x509Time(new Date(r.revokedAt!))];
    const code = REVOCATION_REASON_CODES[r.reason ?? 'unspecified'];
    // RFC 5280 §5.3.1: reasonCode "unspecified" SHOULD be absent
    if (code !== 0) fields.push(sequence(extension(OID.crlReason, false, enumerated(code))));
    return sequence(...fields);
  });
  const tbs = sequence(
    integer(1),
    signatureAlgorithm(signatureKindOf(ca.key)),
    ca.certificate.subjectDer,
    x509Time(now),
    x509Time(new Date(now.getTime() + REVOCATION_VALIDITY_MS)),
    ...(entries.length ? [sequence(...entries)] : []),
    contextConstructed(
      0,
      sequence(
        ext.authorityKeyIdentifier(keyIdentifier(ca.certificate.spkiDer)),
        extension(OID.crlNumber, false, integer(crlNumber)),
      ),
    ),
  );
  return signStructure(tbs, ca.key);
}
