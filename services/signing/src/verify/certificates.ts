// Certificates as the verifier needs them: subject fields of an Indonesian
// TTE certificate (CN, serialNumber = NIK, O, title), key usage bits, AIA
// OCSP address, and chain building to the caller's trust anchors.
import { X509Certificate, createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { SHA1_WITH_RSA, SIGNATURE_DIGESTS } from './algorithms.js';
import { children, content, expectTag, intHex, oidOf, parseDer, raw, stringOf, timeOf, type Tlv } from './der.js';

interface SubjectInfo {
  readonly name: string | null;
  readonly nik: string | null;
  readonly agency: string | null;
  readonly title: string | null;
}

export interface CertInfo {
  readonly der: Buffer;
  /**
   * OpenSSL's view of the certificate, built on first use: constructing it costs
   * about 0.3 ms (OpenSSL 3 decodes the key through its decoders), most of a
   * cold verification, so the verifier reads what it needs from the DER itself.
   */
  readonly x509: X509Certificate;
  /** Created once, from the SPKI as a JWK (the DER decoder path costs as much as the certificate). */
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
  /** The signed part, its algorithm (a digest name; 'openssl' for one checked by OpenSSL; 'mismatch' when the outer and inner algorithms differ) and value. */
  readonly tbs: Buffer;
  readonly signatureAlgorithm: string;
  readonly signatureValue: Buffer;
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
  const cert = parseDer(der);
  const [tbs, outerAlg, sigValue] = children(cert);
  if (!tbs || !outerAlg || !sigValue) throw new Error('bad certificate');
  let fields = children(expectTag(tbs, 0x30, 'TBSCertificate'));
  if (fields[0]?.tag === 0xa0) fields = fields.slice(1);
  const [serial, innerAlg, issuer, validity, subject, spki, ...rest] = fields;
  if (!serial || !innerAlg || !issuer || !validity || !subject || !spki) throw new Error('bad certificate');
  const [notBefore, notAfter] = children(expectTag(validity, 0x30, 'Validity'));
  if (!notBefore || !notAfter) throw new Error('bad certificate');
  let keyUsage: CertInfo['keyUsage'] = null;
  const ocspUrls: string[] = [];
  let basicCa: boolean | null = null;
  let eku: string[] = [];
  const seen = new Set<string>();
  let extensionsWellFormed = true;
  const ext = rest.find((t) => t.tag === 0xa3);
  if (ext) {
    const [list] = children(ext);
    for (const e of list ? children(list) : []) {
      const parts = children(e);
      const id = oidOf(parts[0]!);
      if (seen.has(id)) extensionsWellFormed = false; // OpenSSL refuses a certificate with an extension twice
      seen.add(id);
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
      } else if (id === '2.5.29.19') {
        const [first] = children(expectTag(inner, 0x30, 'BasicConstraints'));
        basicCa = first?.tag === 0x01 ? (content(first)[0] ?? 0) !== 0 : false;
      } else if (id === '2.5.29.37') {
        eku = children(expectTag(inner, 0x30, 'ExtKeyUsage')).map(oidOf);
      }
    }
  }
  const spkiParts = children(spki);
  const keyBits = content(spkiParts[1]!).subarray(1);
  // OpenSSL's X509_check_ca, as X509Certificate#ca answers it: basic constraints with cA, and keyCertSign if key usage is present.
  const isCa = extensionsWellFormed && basicCa === true && (keyUsage === null || keyUsage.keyCertSign);
  let x509: X509Certificate | undefined;
  const openssl = (): X509Certificate => (x509 ??= new X509Certificate(der));
  const serialBytes = content(serial);
  let publicKey: KeyObject | undefined;
  let subjectText: string | undefined;
  let issuerText: string | undefined;
  return {
    der,
    get x509() { return openssl(); },
    get publicKey() { return (publicKey ??= keyOf(spki, keyBits) ?? openssl().publicKey); },
    sha256,
    get subjectText() { return (subjectText ??= nameText(subject) ?? openssl().subject.replace(/\n/g, ', ')); },
    get issuerText() { return (issuerText ??= nameText(issuer) ?? openssl().issuer.replace(/\n/g, ', ')); },
    // A negative serial (high bit set) is printed by OpenSSL with a sign: its text is OpenSSL's.
    serialHex: ((serialBytes[0] ?? 0) & 0x80 ? openssl().serialNumber.toUpperCase() : intHex(serial)).replace(/^0+(?=.)/, ''),
    subject: nameField(subject),
    subjectDer: raw(subject),
    issuerDer: raw(issuer),
    spkiKeyBits: keyBits,
    tbs: raw(tbs),
    signatureAlgorithm: raw(outerAlg).equals(raw(innerAlg)) ? algorithmOf(outerAlg) : 'mismatch',
    signatureValue: content(sigValue).subarray(1),
    notBefore: timeOf(notBefore),
    notAfter: timeOf(notAfter),
    isCa,
    keyUsage,
    extKeyUsage: eku,
    ocspUrls,
  };
}

/** The digest a certificate link is checked with directly; 'openssl' sends it through OpenSSL's X509_verify. */
function algorithmOf(alg: Tlv): string {
  const [id, params] = children(alg);
  if (!id) return 'unknown';
  const oid = oidOf(id);
  // The direct check stands in for X509_verify only for speed. A sha1WithRSA link is left to X509_verify so that
  // OpenSSL's policy on SHA-1 certificate signatures (a build or crypto-policy may refuse them) still decides;
  // CMS signatures (cms.ts) verify SHA-1 directly.
  const digest = oid === SHA1_WITH_RSA ? undefined : SIGNATURE_DIGESTS[oid];
  // RSA PKCS#1 v1.5 carries NULL parameters (or none); ECDSA carries none.
  if (!digest || (params && !(params.tag === 0x05 && params.end - params.contentStart === 0))) return 'openssl';
  return digest;
}

const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** An RSA or EC public key from the SPKI, as a JWK (no OpenSSL decoder); null for any other kind. */
function keyOf(spki: Tlv, keyBits: Buffer): KeyObject | null {
  try {
    const [algId] = children(spki);
    const [kind, params] = algId ? children(algId) : [];
    if (!kind) return null;
    const oid = oidOf(kind);
    if (oid === '1.2.840.113549.1.1.1') {
      const [n, e] = children(expectTag(parseDer(keyBits), 0x30, 'RSAPublicKey'));
      const unsigned = (t: Tlv): Buffer => { let b = content(expectTag(t, 0x02, 'INTEGER')); while (b.length > 1 && b[0] === 0) b = b.subarray(1); return b; };
      return createPublicKey({ key: { kty: 'RSA', n: unsigned(n!).toString('base64url'), e: unsigned(e!).toString('base64url') }, format: 'jwk' });
    }
    if (oid === '1.2.840.10045.2.1' && params?.tag === 0x06) {
      const crv = CURVES[oidOf(params)];
      const size = crv === 'P-256' ? 32 : crv === 'P-384' ? 48 : 66;
      if (!crv || keyBits[0] !== 0x04 || keyBits.length !== 1 + 2 * size) return null;
      return createPublicKey({ key: { kty: 'EC', crv, x: keyBits.subarray(1, 1 + size).toString('base64url'), y: keyBits.subarray(1 + size).toString('base64url') }, format: 'jwk' });
    }
  } catch {
    // Not a key this reader understands: OpenSSL's answer (or its error) is the one that counts.
  }
  return null;
}

/** OpenSSL's short names, for the attributes a TTE certificate carries. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.6': 'C', '2.5.4.8': 'ST', '2.5.4.7': 'L', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber', '2.5.4.12': 'title', '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * A Name as X509Certificate#subject prints it, lines joined with ", ", for the
 * plain case: one attribute per RDN, a known attribute, a printable value with
 * nothing RFC 2253 escapes. null otherwise (the caller asks OpenSSL).
 */
function nameText(name: Tlv): string | null {
  const out: string[] = [];
  for (const rdn of children(name)) {
    const atvs = children(rdn);
    if (atvs.length !== 1) return null;
    const [t, v] = children(atvs[0]!);
    if (!t || !v || (v.tag !== 0x13 && v.tag !== 0x0c && v.tag !== 0x16)) return null;
    const short = SHORT_NAMES[oidOf(t)];
    const text = content(v).toString('latin1');
    if (!short || !/^[A-Za-z0-9.\-_'():/=?@&*!%$ ]*$/.test(text) || /^[ #]| $/.test(text)) return null;
    out.push(`${short}=${text}`);
  }
  return out.join(', ');
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
      // As X509_verify: the outer and inner algorithms must agree, then the signature over the TBS must verify.
      const alg = cert.signatureAlgorithm;
      ok = alg === 'mismatch' ? false : alg === 'openssl' ? cert.x509.verify(issuer.publicKey) : cryptoVerify(alg, cert.tbs, issuer.publicKey, cert.signatureValue);
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
  clearSignatureChecks();
  for (const f of cacheClearers) f();
}

const signatureCheckClearers: Array<() => void> = [];
/**
 * Forgets only the results of signature checks (certificate links, OCSP and
 * CRL signatures), keeping what was parsed: the next verification redoes every
 * RSA/ECDSA check, as a raw baseline does (benchmarks' like-for-like figure).
 */
export function clearSignatureChecks(): void {
  issuedCache.clear();
  for (const f of signatureCheckClearers) f();
}
/** Caches of signature-check results (revocation evidence) register here. */
export function onClearSignatureChecks(f: () => void): void {
  signatureCheckClearers.push(f);
}

const cacheClearers: Array<() => void> = [];
/** Other parse caches (OCSP, CRL) register here so a cold benchmark clears them too. */
export function onClearCaches(f: () => void): void {
  cacheClearers.push(f);
}
