// The one trust configuration every verification of this API uses: the public
// page (upload and QR token), the archive report and the auditor package. The
// internal CA beside the keystore is trusted as non-certified TTE; the roots in
// TTE_CERTIFIED_ROOTS as certified. Built again only when the CA appears or
// changes (the seed or `naskah pki init` may create it after the API started).
import { readFileSync } from 'node:fs';
import type { Config } from '@naskah/config';
import { type TrustConfiguration } from '@naskah/signing';
import { installationTrust, type Pki } from '@naskah/pki';
import { internalCa } from './internal-ca.js';

let cached: { pki: Pki | undefined; files: string; trust: TrustConfiguration } | undefined;

export function verificationTrust(config: Config): TrustConfiguration {
  const pki = internalCa();
  const files = config.signing.certifiedRoots.join(':');
  if (cached && cached.pki === pki && cached.files === files) return cached.trust;
  const trust = installationTrust(pki, config.signing.certifiedRoots.map((file) => readFileSync(file)));
  cached = { pki, files, trust };
  return trust;
}
