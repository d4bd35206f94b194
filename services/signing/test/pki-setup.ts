// A throw-away PKI for the signing tests: officials' P12s, plus a revoked and an expired one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RevocationSource } from '../src/cms/types.js';
import { initPki, inProcessRevocationSource, issueCertificate, revokeCertificate, type Pki } from '@naskah/pki';

export const PASSPHRASE = 'kata-sandi-uji-123';

export interface TestPki {
  dir: string;
  pki: Pki;
  rootPem: string;
  crls: string[];
  passphraseFile: string;
  p12: Record<'andi' | 'budi' | 'citra' | 'dewi' | 'revoked' | 'expired', string>;
}

export async function makeTestPki(base: string, baseUrl?: string): Promise<TestPki> {
  const dir = join(base, 'pki');
  const pki = await initPki(dir, baseUrl ? { baseUrl } : {});
  const passphraseFile = join(base, 'passphrase.txt');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  const people = {
    andi: { name: 'Andi Wijaya, S.T.', nik: '7371010101900001', nip: '199001012015031001', title: 'Kepala Dinas Komunikasi dan Informatika' },
    budi: { name: 'Budi Santoso', nik: '7371010101900002', nip: '198502022010011002', title: 'Sekretaris Dinas' },
    citra: { name: 'Citra Dewi Lestari, S.H.', nik: '7371010101900003', nip: '198803032012012003', title: 'Kepala Bidang Aplikasi' },
    dewi: { name: 'Dewi Anggraini', nik: '7371010101900004', title: 'Analis' },
    revoked: { name: 'Eko Prasetyo', nik: '7371010101900005', title: 'Mantan Pejabat' },
    expired: { name: 'Fajar Nugroho', nik: '7371010101900006', notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
  };
  const p12 = {} as TestPki['p12'];
  for (const [key, who] of Object.entries(people)) {
    const issued = await issueCertificate(pki, { ...who, passphrase: PASSPHRASE });
    const path = join(base, `${key}.p12`);
    writeFileSync(path, issued.p12);
    p12[key as keyof TestPki['p12']] = path;
    if (key === 'revoked') revokeCertificate(pki, issued.serialHex, 'keyCompromise');
  }
  const crls = [join(dir, 'issuing-ca.crl'), join(dir, 'root-ca.crl')];
  writeFileSync(crls[0]!, pki.crl('issuing'));
  writeFileSync(crls[1]!, pki.crl('root'));
  return { dir, pki, rootPem: join(dir, 'root-ca.pem'), crls, passphraseFile, p12 };
}

/**
 * A PKI whose TSA certificate expires at `tsaNotAfter` (the other certificates
 * keep their defaults), for time-stamp renewal tests.
 */
export async function makeShortLivedTsa(dir: string, organization: string, tsaNotAfter: Date): Promise<Pki> {
  return initPki(dir, { organization, tsaNotAfter });
}

/** OCSP and CRLs from whichever of `pkis` issued the certificate asked about (in process). */
export function revocationAcross(pkis: readonly Pki[]): RevocationSource {
  const owner = (issuer: Buffer): Pki => {
    const pki = pkis.find((p) => p.issuing.certificate.der.equals(issuer) || p.root.certificate.der.equals(issuer));
    if (!pki) throw new Error('no test PKI issued this certificate');
    return pki;
  };
  return {
    ocsp: (certificate, issuer) => inProcessRevocationSource(owner(issuer)).ocsp(certificate, issuer),
    crl: (issuer) => inProcessRevocationSource(owner(issuer)).crl!(issuer),
  };
}
