// Revocation evidence: OCSP responses (RFC 6960) and CRLs (RFC 5280), from
// the document's DSS or fetched online from the certificate's AIA responder.
import { createHash } from 'node:crypto';
import { certInfo, isIssuedBy, onClearCaches, onClearSignatureChecks, type CertInfo } from './certificates.js';
import { OID, verifyRaw } from './cms.js';
import {
  children, content, derOf, expectTag, intHex, nullDer, octets, oid, oidOf, parseDer, raw, seq, timeOf, intDer,
  type Tlv,
} from './der.js';

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'not-checked';

export interface RevocationResult {
  readonly status: RevocationStatus;
  readonly source: 'dss-ocsp' | 'dss-crl' | 'online-ocsp' | null;
  readonly revokedAt?: Date;
  readonly producedAt?: Date;
}

interface OcspSingle { nameHash: Buffer; keyHash: Buffer; hashAlg: string; serialHex: string; status: 'good' | 'revoked' | 'unknown'; thisUpdate: Date; revokedAt?: Date }
export interface OcspResponse { readonly producedAt: Date; readonly singles: OcspSingle[]; readonly tbs: Buffer; readonly sigAlg: Tlv; readonly signature: Buffer; readonly certs: CertInfo[] }

const parsedCache = new Map<string, OcspResponse | Crl | undefined>();

/** Parsed evidence is immutable; a verification service sees the same responses for many documents. */
function cached<T extends OcspResponse | Crl>(kind: string, der: Buffer, parse: (d: Buffer) => T | undefined): T | undefined {
  const key = `${kind}:${createHash('sha256').update(der).digest('base64')}`;
  if (parsedCache.has(key)) return parsedCache.get(key) as T | undefined;
  const v = parse(Buffer.from(der));
  if (parsedCache.size > 4096) parsedCache.clear();
  parsedCache.set(key, v);
  return v;
}

export function parseOcspResponse(der: Buffer): OcspResponse | undefined {
  return cached('ocsp', der, parseOcspUncached);
}

export function parseCrl(der: Buffer): Crl | undefined {
  return cached('crl', der, parseCrlUncached);
}

onClearCaches(() => parsedCache.clear());

function parseOcspUncached(der: Buffer): OcspResponse | undefined {
  try {
    const [status, bytes] = children(parseDer(der));
    if (!status || content(status)[0] !== 0 || !bytes) return undefined;
    const [rb] = children(bytes);
    const [typ, oct] = children(rb!);
    if (oidOf(typ!) !== '1.3.6.1.5.5.7.48.1.1') return undefined;
    const basic = parseDer(content(oct!));
    const [tbs, sigAlg, sig, certsWrap] = children(basic);
    let rd = children(tbs!);
    if (rd[0]?.tag === 0xa0) rd = rd.slice(1);
    const producedAt = timeOf(rd[1]!);
    const singles: OcspSingle[] = children(rd[2]!).map((sr) => {
      const [certId, st, thisUpdate] = children(sr);
      const [alg, nh, kh, serial] = children(certId!);
      const hashAlg = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256' }[oidOf(children(alg!)[0]!)] ?? 'unknown';
      const s: OcspSingle = { nameHash: content(nh!), keyHash: content(kh!), hashAlg, serialHex: intHex(serial!), status: 'unknown', thisUpdate: timeOf(thisUpdate!) };
      if (st!.tag === 0x80) s.status = 'good';
      else if (st!.tag === 0xa1) { s.status = 'revoked'; s.revokedAt = timeOf(children(st!)[0]!); }
      return s;
    });
    const certs = certsWrap ? children(children(certsWrap)[0]!).map((c) => certInfo(raw(c))) : [];
    return { producedAt, singles, tbs: derOf(tbs!), sigAlg: sigAlg!, signature: content(sig!).subarray(1), certs };
  } catch {
    return undefined;
  }
}

function ocspCovers(r: OcspResponse, cert: CertInfo, issuer: CertInfo): OcspSingle | undefined {
  return r.singles.find((s) => {
    if (s.serialHex !== cert.serialHex || s.hashAlg === 'unknown') return false;
    return s.nameHash.equals(createHash(s.hashAlg).update(issuer.subjectDer).digest())
      && s.keyHash.equals(createHash(s.hashAlg).update(issuer.spkiKeyBits).digest());
  });
}

/** The response is signed by the issuer itself or by a responder the issuer delegated. */
/** Signature checks of parsed evidence per issuer: signatures at different times ask about the same responses. */
let signedForCache = new WeakMap<OcspResponse | Crl, Map<CertInfo, boolean>>();
onClearSignatureChecks(() => { signedForCache = new WeakMap(); });

function memoSigned(r: OcspResponse | Crl, issuer: CertInfo, check: () => boolean): boolean {
  let m = signedForCache.get(r);
  if (!m) { m = new Map(); signedForCache.set(r, m); }
  let ok = m.get(issuer);
  if (ok === undefined) { ok = check(); m.set(issuer, ok); }
  return ok;
}

function ocspSignedFor(r: OcspResponse, issuer: CertInfo): boolean {
  return memoSigned(r, issuer, () => {
    // Delegated responders first: they sign for end-entity certificates, the issuer itself rarely does.
    const candidates = [...r.certs.filter((c) => c.extKeyUsage.includes(OID.ekuOcspSigning) && isIssuedBy(c, issuer)), issuer];
    return candidates.some((c) => verifyRaw(r.sigAlg, 'sha256', r.tbs, c, r.signature));
  });
}

export interface Crl { readonly issuerDer: Buffer; readonly revoked: Map<string, Date>; readonly tbs: Buffer; readonly sigAlg: Tlv; readonly signature: Buffer; readonly thisUpdate: Date }

function parseCrlUncached(der: Buffer): Crl | undefined {
  try {
    const [tbs, sigAlg, sig] = children(parseDer(der));
    let f = children(tbs!);
    if (f[0]?.tag === 0x02) f = f.slice(1);
    const issuerDer = raw(f[1]!);
    const thisUpdate = timeOf(f[2]!);
    const revoked = new Map<string, Date>();
    const list = f.slice(3).find((t) => t.tag === 0x30 && children(t)[0]?.tag === 0x30);
    for (const e of list ? children(list) : []) {
      const [serial, date] = children(e);
      revoked.set(intHex(serial!), timeOf(date!));
    }
    return { issuerDer, revoked, tbs: derOf(tbs!), sigAlg: sigAlg!, signature: content(expectTag(sig, 0x03, 'signature')).subarray(1), thisUpdate };
  } catch {
    return undefined;
  }
}

export interface RevocationEvidence {
  readonly ocsps: OcspResponse[];
  readonly crls: Crl[];
}

/**
 * OCSP and CRL times have whole seconds and a response is fetched just after
 * the time-stamp it follows: evidence from the same second, or one before, is fresh.
 */
const FRESHNESS_TOLERANCE_MS = 1000;

/**
 * Status of `cert` from embedded evidence only. With `freshAfter` (the time of
 * signing), "good" counts only from evidence issued at or after it: an older
 * answer says nothing about the interval up to the signature. A revocation
 * counts whenever it was published.
 */
export function statusFromEvidence(cert: CertInfo, issuer: CertInfo, ev: RevocationEvidence, freshAfter?: Date): RevocationResult | undefined {
  const fresh = (t: Date): boolean => !freshAfter || t.getTime() >= Math.floor(freshAfter.getTime() / 1000) * 1000 - FRESHNESS_TOLERANCE_MS;
  for (const r of ev.ocsps) {
    const s = ocspCovers(r, cert, issuer);
    if (s && s.status !== 'unknown' && (s.status === 'revoked' || fresh(s.thisUpdate)) && ocspSignedFor(r, issuer)) {
      return s.status === 'revoked'
        ? { status: 'revoked', source: 'dss-ocsp', revokedAt: s.revokedAt!, producedAt: r.producedAt }
        : { status: 'good', source: 'dss-ocsp', producedAt: r.producedAt };
    }
  }
  for (const c of ev.crls) {
    if (!c.issuerDer.equals(issuer.subjectDer) || !memoSigned(c, issuer, () => verifyRaw(c.sigAlg, 'sha256', c.tbs, issuer, c.signature))) continue;
    const at = c.revoked.get(cert.serialHex);
    if (!at && !fresh(c.thisUpdate)) continue;
    return at ? { status: 'revoked', source: 'dss-crl', revokedAt: at, producedAt: c.thisUpdate } : { status: 'good', source: 'dss-crl', producedAt: c.thisUpdate };
  }
  return undefined;
}

/** A caller-supplied way to get an OCSP response (DER) for a certificate, e.g. the in-process responder. */
export type RevocationSource = (cert: { der: Buffer; ocspUrls: readonly string[] }, issuer: { der: Buffer }, request: Buffer) => Promise<Buffer | undefined>;

function ocspRequest(cert: CertInfo, issuer: CertInfo): Buffer {
  const certId = seq(
    seq(oid('1.3.14.3.2.26'), nullDer()),
    octets(createHash('sha1').update(issuer.subjectDer).digest()),
    octets(createHash('sha1').update(issuer.spkiKeyBits).digest()),
    intDer(Buffer.from(cert.serialHex.length % 2 ? `0${cert.serialHex}` : cert.serialHex, 'hex')),
  );
  return seq(seq(seq(seq(certId))));
}

/** Online OCSP over HTTP POST to the certificate's AIA address, with a short timeout. */
export const httpOcsp: RevocationSource = async (cert, _issuer, request) => {
  const url = cert.ocspUrls[0];
  if (!url) return undefined;
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: request, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    const body = Buffer.from(await res.arrayBuffer());
    return body.length > 1 << 20 ? undefined : body;
  } catch {
    return undefined;
  }
};

/** The signing side's revocation source (`ocsp(certDer, issuerDer)`), e.g. `inProcessRevocationSource(pki)`. */
export interface OcspClient { ocsp(certificate: Buffer, issuer: Buffer): Promise<Buffer> }

export async function statusOnline(cert: CertInfo, issuer: CertInfo, source: RevocationSource | OcspClient): Promise<RevocationResult | undefined> {
  let der: Buffer | undefined;
  try {
    der = typeof source === 'function' ? await source(cert, issuer, ocspRequest(cert, issuer)) : await source.ocsp(cert.der, issuer.der);
  } catch {
    // An unreachable responder leaves the status unknown (INDETERMINATE), never VALID.
    return undefined;
  }
  const r = der ? parseOcspResponse(der) : undefined;
  if (!r) return undefined;
  const found = statusFromEvidence(cert, issuer, { ocsps: [r], crls: [] });
  return found ? { ...found, source: 'online-ocsp' } : undefined;
}

