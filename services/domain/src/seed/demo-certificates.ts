import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { IssueSeedCertificate } from './seed.js';

const shortNames: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.5': 'SERIALNUMBER', '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.12': 'T',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** Development only: every demo signer's PKCS#12 is protected by this passphrase. */
export const demoSigningPassphrase = 'naskah-demo-ttd';

/**
 * Issues demo signers' certificates from the internal CA of the signing
 * package: the CA lives in `<dataDir>/pki` (created on first use), each
 * PKCS#12 in `<dataDir>/keystore/<NIK>.p12`. Only the file name reaches the
 * database (Certificate.keystoreRef); key and passphrase never do.
 * `publicBaseUrl` (PUBLIC_BASE_URL) is where the certificates' AIA, OCSP and
 * CRL addresses point (`<base>/api/pki/...`) and is recorded with each row.
 */
export async function internalCaIssuer(dataDir: string, options: { publicBaseUrl?: string } = {}): Promise<IssueSeedCertificate> {
  const [pkiPackage, signing] = await Promise.all([import('@naskah/pki'), import('@naskah/signing')]);
  const pkiDir = path.join(dataDir, 'pki');
  const publicBaseUrl = options.publicBaseUrl?.replace(/\/+$/, '');
  const pkiBase = publicBaseUrl ? `${publicBaseUrl}/api/pki` : undefined;
  const keystoreDir = path.join(dataDir, 'keystore');
  mkdirSync(keystoreDir, { recursive: true, mode: 0o700 });
  const pki = existsSync(path.join(pkiDir, 'db.json'))
    ? pkiPackage.openPki(pkiDir)
    : await pkiPackage.initPki(pkiDir, { organization: 'Pemerintah Kabupaten Tanah Bumbu', ...(pkiBase ? { baseUrl: pkiBase } : {}) });
  return async (signer) => {
    const issued = await pkiPackage.issueCertificate(pki, {
      name: signer.name, nik: signer.nik, ...(signer.nip ? { nip: signer.nip } : {}), title: signer.title,
      org: 'Pemerintah Kabupaten Tanah Bumbu', passphrase: demoSigningPassphrase, ...(pkiBase ? { baseUrl: pkiBase } : {}),
    });
    const keystoreRef = `${signer.nik}.p12`;
    writeFileSync(path.join(keystoreDir, keystoreRef), issued.p12, { mode: 0o600 });
    const parsed = signing.parseCertificate(issued.certificate);
    const name = (map: ReadonlyMap<string, string>) => [...map.entries()].map(([k, v]) => `${shortNames[k] ?? k}=${v}`).join(', ');
    return {
      serial: issued.serialHex, subject: name(parsed.subject), issuer: name(parsed.issuer),
      notBefore: parsed.notBefore, notAfter: parsed.notAfter, keystoreRef, publicBaseUrl: publicBaseUrl ?? null,
    };
  };
}
