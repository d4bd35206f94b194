// Certificates as the verifier needs them: subject fields of an Indonesian
// TTE certificate (CN, serialNumber = NIK, O, title), key usage bits, AIA
// OCSP address, and chain building to the caller's trust anchors.
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { children, content, expectTag, oidOf, parseDer, raw, stringOf, type Tlv } from './der.js';

interface SubjectInfo {
  readonly name: string | null;
  readonly nik: string | null;
  readonly agency: string | null;
  readonly title: string | null;
}

export interface CertInfo {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  /** Created once: X509Certificate#publicKey builds a new KeyObject on every access. */
  readonly publicKey: KeyObject;
  readonly sha256: Buffer;
  readonly serialHex: string;
  /** One-line subject and issuer ("C=ID, O=..., CN=..."). */
  readonly subjectText: string;
  readonly issuerText: string;
  readonly subject: SubjectInfo;
  /** Raw DER of subject and issuer Names (for matching and OCSP hashes). */
  readonly subjectDer: Buffer;
  readonly issuerDer: Buffer;
  readonly spkiKeyBits: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  /** null when the certificate has no key usage extension. */
  readonly keyUsage: { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean; crlSign: boolean } | null;
  readonly extKeyUsage: readonly string[];
  readonly ocspUrls: readonly string[];
}

const cache = new Map<string, CertInfo>();
const CACHE_MAX = 2048;

export function certInfo(der: Buffer): CertInfo {
  const h = createHash('sha256').update(der).digest();
  const key = h.toString('base64');
  const hit = cache.get(key);
  if (hit) return hit;
  const info = parseCert(Buffer.from(der), h);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, info);
  return info;
}

function nameField(name: Tlv): SubjectInfo {
  const out: Record<string, string> = {};
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [t, v] = children(atv);
      if (!t || !v) continue;
      out[oidOf(t)] ??= stringOf(v);
    }
  }
  return { name: out['2.5.4.3'] ?? null, nik: out['2.5.4.5'] ?? null, agency: out['2.5.4.10'] ?? null, title: out['2.5.4.12'] ?? null };
}

function parseCert(der: Buffer, sha256: Buffer): CertInfo {
  const x509 = new X509Certificate(der);
  const cert = parseDer(der);
  const [tbs] = children(cert);
  let fields = children(expectTag(tbs, 0x30, 'TBSCertificate'));
  if (fields[0]?.tag === 0xa0) fields = fields.slice(1);
  const [serial, , issuer, , subject, spki, ...rest] = fields;
  if (!serial || !issuer || !subject || !spki) throw new Error('bad certificate');
  let keyUsage: CertInfo['keyUsage'] = null;
  const ocspUrls: string[] = [];
  const ext = rest.find((t) => t.tag === 0xa3);
  if (ext) {
    const [list] = children(ext);
    for (const e of list ? children(list) : []) {
      const parts = children(e);
      const id = oidOf(parts[0]!);
      const value = parts[parts.length - 1]!;
      const inner = parseDer(content(value));
      if (id === '2.5.29.15') {
        const bits = content(inner);
        const b0 = bits[1] ?? 0;
        keyUsage = { digitalSignature: (b0 & 0x80) !== 0, nonRepudiation: (b0 & 0x40) !== 0, keyCertSign: (b0 & 0x04) !== 0, crlSign: (b0 & 0x02) !== 0 };
      } else if (id === '1.3.6.1.5.5.7.1.1') {
        for (const ad of children(inner)) {
          const [m, loc] = children(ad);
          if (m && loc && oidOf(m) === '1.3.6.1.5.5.7.48.1' && loc.tag === 0x86) ocspUrls.push(content(loc).toString('latin1'));
        }
      }
    }
  }
  const spkiParts = children(spki);
  const keyBits = content(spkiParts[1]!).subarray(1);
  const eku = x509.keyUsage;
  return {
    der,
    x509,
    publicKey: x509.publicKey,
    sha256,
    subjectText: x509.subject.replace(/\n/g, ', '),
    issuerText: x509.issuer.replace(/\n/g, ', '),
    serialHex: x509.serialNumber.toUpperCase().replace(/^0+(?=.)/, ''),
    subject: nameField(subject),
    subjectDer: raw(subject),
    issuerDer: raw(issuer),
    spkiKeyBits: keyBits,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    isCa: x509.ca,
    keyUsage,
    extKeyUsage: Array.isArray(eku) ? eku : [],
    ocspUrls,
  };
}

/** Certificates from DER or PEM buffers (a PEM file may hold several). */
export function loadCertificates(inputs: readonly Buffer[]): CertInfo[] {
  const out: CertInfo[] = [];
  for (const b of inputs) {
    const text = b.toString('latin1');
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
        out.push(certInfo(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
      }
    } else out.push(certInfo(b));
  }
  return out;
}

const issuedCache = new Map<string, boolean>();

/** Whether `issuer` signed `cert` (names match and the signature verifies). */
export function isIssuedBy(cert: CertInfo, issuer: CertInfo): boolean {
  if (!cert.issuerDer.equals(issuer.subjectDer)) return false;
  const key = `${cert.sha256.toString('base64')}|${issuer.sha256.toString('base64')}`;
  let ok = issuedCache.get(key);
  if (ok === undefined) {
    try {
      ok = cert.x509.verify(issuer.publicKey);
    } catch {
      ok = false;
    }
    if (issuedCache.size > 4096) issuedCache.clear();
    issuedCache.set(key, ok);
  }
  return ok;
}

export interface ChainResult {
  /** Signer first; ends at a trust anchor when trusted. */
  readonly chain: CertInfo[];
  readonly trusted: boolean;
  /** An issuer on the path is not a CA or a signature on the path fails. */
  readonly broken: string | null;
}

export function buildChain(leaf: CertInfo, pool: readonly CertInfo[], anchors: readonly CertInfo[]): ChainResult {
  const chain: CertInfo[] = [leaf];
  let cur = leaf;
  for (let depth = 0; depth < 10; depth++) {
    const anchor = anchors.find((a) => a.sha256.equals(cur.sha256));
    if (anchor) return { chain, trusted: true, broken: null };
    const byAnchor = anchors.find((a) => isIssuedBy(cur, a));
    if (byAnchor) {
      chain.push(byAnchor);
      return { chain, trusted: true, broken: byAnchor.isCa ? null : 'trust anchor is not a CA' };
    }
    const next = pool.find((c) => !chain.includes(c) && c !== cur && isIssuedBy(cur, c));
    if (!next) {
      const nameOnly = pool.find((c) => c !== cur && cur.issuerDer.equals(c.subjectDer) && !cur.issuerDer.equals(cur.subjectDer));
      return { chain, trusted: false, broken: nameOnly ? `signature of ${cur.subject.name ?? 'certificate'} by its issuer does not verify` : null };
    }
    if (!next.isCa) return { chain: [...chain, next], trusted: false, broken: `${next.subject.name ?? 'issuer'} is not a CA` };
    chain.push(next);
    cur = next;
  }
  return { chain, trusted: false, broken: 'chain too long' };
}

/** Forgets parsed certificates and issuer checks (benchmarks measure the cold path with it). */
export function clearCertificateCaches(): void {
  cache.clear();
  issuedCache.clear();
  for (const f of cacheClearers) f();
}

const cacheClearers: Array<() => void> = [];
/** Other parse caches (OCSP, CRL) register here so a cold benchmark clears them too. */
export function onClearCaches(f: () => void): void {
  cacheClearers.push(f);
}
