// The trust configuration of one installation: its own internal CA (root
// trusted as non-certified TTE, revocation answered by its own responder in
// process) plus the certified roots it is configured with (Root CA Indonesia,
// BSrE), whose revocation comes from their OCSP addresses. The API builds it
// once and hands the same object to every verification it serves.
import { httpOcsp, ocspRequest, parseCertificate, type VerifyRevocationSource } from '@naskah/signing/cms';
import { trustConfiguration, type TrustConfiguration } from '@naskah/signing';
import type { Pki } from './authority.js';
import { OcspResponder } from './ocsp-responder.js';

export interface InstallationTrustOptions {
  /** false: use only revocation data inside the file (then a file without it is INDETERMINATE). Default true. */
  readonly online?: boolean;
}

export function installationTrust(pki: Pki | undefined, certifiedRoots: readonly Buffer[], options: InstallationTrustOptions = {}): TrustConfiguration {
  const online = options.online ?? true;
  let source: VerifyRevocationSource = httpOcsp;
  if (pki) {
    const responder = new OcspResponder(pki);
    const ours = [pki.issuing.certificate.subjectDer, pki.root.certificate.subjectDer];
    // Our own certificates are answered in process (no network round trip to ourselves); anyone else's by their AIA.
    source = async (cert, issuer, request) => {
      const issuerName = parseCertificate(issuer.der).subjectDer;
      if (ours.some((n) => n.equals(issuerName))) return responder.respond(ocspRequest(cert.der, issuer.der));
      return httpOcsp(cert, issuer, request);
    };
  }
  return trustConfiguration({
    internalRoots: pki ? [pki.root.certificate.der] : [],
    certifiedRoots,
    online,
    revocationSource: source,
  });
}
