// CMS SignedData as found in PAdES signatures and RFC 3161 tokens, read as
// BER (der.ts), the signed attributes verified over their DER encoding, the
// signatures with node:crypto.
import { createHash, constants, verify as cryptoVerify } from 'node:crypto';
import { SIGNATURE_DIGESTS } from './algorithms.js';
import { certInfo, type CertInfo } from './certificates.js';
import { DerError, children, content, derOf, expectTag, lengthOctets, intHex, oidOf, parseDer, raw, readTlv, smallInt, timeOf, type Tlv } from './der.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  revocationInfoArchival: '1.2.840.113583.1.1.8',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

function digestName(algId: Tlv | undefined): string | undefined {
  if (!algId) return undefined;
  const [o] = children(algId);
  return o ? DIGESTS[oidOf(o)] : undefined;
}

export interface SignerInfo {
  readonly issuerDer: Buffer | null;
  readonly serialHex: string | null;
  readonly ski: Buffer | null;
  readonly digest: string;
  /**
   * The signed attributes as signed (RFC 5652 §5.4: the DER encoding of the
   * SET OF, tag 0x31), ready to hash; null when absent. For a DER-encoded
   * SignerInfo these are exactly the bytes in the file, re-tagged.
   */
  readonly signedAttrs: Buffer | null;
  /**
   * Other encodings of the same attributes that signers and verifiers use
   * when the SignerInfo is not DER (none for a DER one): the X.690 SET OF
   * order, and the attribute values kept as received (OpenSSL, NSS) or the
   * whole content kept as received (pyHanko). All decode to the attributes
   * read, so a signature over any of them signs what the report shows.
   */
  readonly signedAttrsAlternatives: readonly Buffer[];
  readonly attrs: Map<string, Tlv[]>;
  readonly sigAlg: Tlv;
  readonly signature: Buffer;
  readonly unsignedAttrs: Map<string, Tlv[]>;
}

export interface SignedData {
  readonly eContentType: string;
  readonly eContent: Buffer | null;
  readonly certificates: CertInfo[];
  readonly signerInfos: SignerInfo[];
}

function attrMap(set: Tlv): Map<string, Tlv[]> {
  const m = new Map<string, Tlv[]>();
  for (const a of children(set)) {
    const [t, vals] = children(a);
    if (!t || !vals) throw new DerError('bad attribute');
    const id = oidOf(t);
    if (m.has(id)) throw new DerError(`attribute ${id} appears twice`);
    m.set(id, children(expectTag(vals, 0x31, 'attribute values')));
  }
  return m;
}

function withHeader(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

/** Attributes re-encoded around their values, each value's bytes as received (OpenSSL, NSS). */
function valuesAsReceived(set: Tlv): Buffer {
  const attrs = children(set).map((a) => {
    const [type, values] = children(a);
    if (!type || !values) throw new DerError('bad attribute');
    return withHeader(0x30, Buffer.concat([raw(type), withHeader(0x31, Buffer.concat(children(values).map(raw)))]));
  });
  return withHeader(0x31, Buffer.concat(attrs));
}

/** The SET's content octets as received under a definite-length header (pyHanko/asn1crypto). */
function contentAsReceived(set: Tlv): Buffer {
  const body = set.buf.subarray(set.contentStart, set.end);
  // An indefinite length ends in the two end-of-contents octets, which are not content.
  return withHeader(0x31, set.end - set.contentStart >= 2 && set.buf[set.start + 1] === 0x80 ? body.subarray(0, -2) : body);
}

/** Parses DER ContentInfo(SignedData); trailing bytes (the /Contents zero padding) are ignored. */
export function parseSignedData(der: Buffer): SignedData {
  const ci = readTlv(der, 0);
  const [typ, wrapped] = children(expectTag(ci, 0x30, 'ContentInfo'));
  if (!typ || oidOf(typ) !== OID.signedData) throw new DerError('not SignedData');
  const [sd] = children(expectTag(wrapped, 0xa0, 'content'));
  const parts = children(expectTag(sd, 0x30, 'SignedData'));
  const encap = expectTag(parts[2], 0x30, 'encapContentInfo');
  const [eType, eWrapped] = children(encap);
  let eContent: Buffer | null = null;
  if (eWrapped) {
    const [oct] = children(expectTag(eWrapped, 0xa0, 'eContent'));
    eContent = content(expectTag(oct, 0x04, 'eContent octets'));
  }
  const certificates: CertInfo[] = [];
  let i = 3;
  if (parts[i]?.tag === 0xa0) {
    for (const c of children(parts[i]!)) if (c.tag === 0x30) certificates.push(certInfo(raw(c)));
    i++;
  }
  if (parts[i]?.tag === 0xa1) i++;
  const sis = expectTag(parts[i], 0x31, 'signerInfos');
  const signerInfos = children(sis).map((si): SignerInfo => {
    const f = children(expectTag(si, 0x30, 'SignerInfo'));
    const sid = f[1]!;
    let issuerDer: Buffer | null = null;
    let serialHex: string | null = null;
    let ski: Buffer | null = null;
    if (sid.tag === 0x30) {
      const [iss, ser] = children(sid);
      // Compared with the certificate's issuer, which is DER: a BER SignerInfo may encode the Name otherwise.
      issuerDer = derOf(iss!);
      serialHex = intHex(ser!);
    } else if (sid.tag === 0x80) ski = content(sid);
    else throw new DerError('bad signer identifier');
    const digest = digestName(f[2]);
    if (!digest) throw new DerError('unsupported digest algorithm');
    let j = 3;
    let signedAttrs: Buffer | null = null;
    let signedAttrsAlternatives: Buffer[] = [];
    let attrs = new Map<string, Tlv[]>();
    if (f[j]?.tag === 0xa0) {
      const t = f[j]!;
      // RFC 5652 §5.4: the DER of the SET OF; a DER SignerInfo is hashed byte for byte.
      signedAttrs = derOf(t, 0x31);
      if (t.ber) {
        const candidates = [derOf(t, 0x31, true), valuesAsReceived(t), contentAsReceived(t)];
        signedAttrsAlternatives = candidates.filter((c, k) => !c.equals(signedAttrs!) && candidates.findIndex((d) => d.equals(c)) === k);
      }
      attrs = attrMap(t);
      j++;
    }
    const sigAlg = expectTag(f[j], 0x30, 'signatureAlgorithm');
    const signature = content(expectTag(f[j + 1], 0x04, 'signature'));
    const unsignedAttrs = f[j + 2]?.tag === 0xa1 ? attrMap(f[j + 2]!) : new Map<string, Tlv[]>();
    return { issuerDer, serialHex, ski, digest, signedAttrs, signedAttrsAlternatives, attrs, sigAlg, signature, unsignedAttrs };
  });
  return { eContentType: oidOf(eType!), eContent, certificates, signerInfos };
}

export function findSignerCert(sd: SignedData, si: SignerInfo): CertInfo | undefined {
  return sd.certificates.find((c) =>
    (si.serialHex !== null && c.serialHex === si.serialHex && si.issuerDer !== null && c.issuerDer.equals(si.issuerDer)));
}

/** Verifies a raw signature with the algorithm named in the SignerInfo. */
export function verifyRaw(sigAlg: Tlv, digest: string, data: Buffer, cert: CertInfo, signature: Buffer): boolean {
  const parts = children(sigAlg);
  const alg = oidOf(parts[0]!);
  const key = cert.publicKey;
  try {
    if (alg === '1.2.840.113549.1.1.10') {
      let saltLength = 20;
      let hash = 'sha1';
      const params = parts[1];
      if (params?.tag === 0x30) {
        for (const p of children(params)) {
          if (p.tag === 0xa0) hash = digestName(children(p)[0]) ?? hash;
          if (p.tag === 0xa2) saltLength = smallInt(children(p)[0]!);
        }
      }
      return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    if (alg === '1.3.101.112') return cryptoVerify(null, data, key, signature);
    const hash = SIGNATURE_DIGESTS[alg] ?? (alg === '1.2.840.113549.1.1.1' || alg === '1.2.840.10045.2.1' ? digest : undefined);
    if (!hash) return false;
    return cryptoVerify(hash, data, key, signature);
  } catch {
    return false;
  }
}

export interface SignerCheck {
  readonly signatureValid: boolean;
  /** Problems with content-type / message-digest / signing-certificate(-v2). */
  readonly attributeProblems: string[];
  readonly digestMatches: boolean;
  readonly hasSigningTimeAttr: boolean;
  readonly hasSigningCertV2: boolean;
}

/**
 * Checks a SignerInfo against the digest of the signed content: message-digest,
 * content-type, signing-certificate(-v2) naming this certificate, and the
 * signature over the signed attributes.
 */
export function checkSigner(si: SignerInfo, cert: CertInfo, contentDigest: Buffer, expectedContentType: string, contentForNoAttrs?: () => Buffer): SignerCheck {
  const problems: string[] = [];
  if (!si.signedAttrs) {
    const data = contentForNoAttrs?.();
    const ok = data !== undefined && verifyRaw(si.sigAlg, si.digest, data, cert, si.signature);
    return { signatureValid: ok, attributeProblems: [], digestMatches: ok, hasSigningTimeAttr: false, hasSigningCertV2: false };
  }
  const md = si.attrs.get(OID.messageDigest);
  const digestMatches = md?.length === 1 && md[0]!.tag === 0x04 && content(md[0]!).equals(contentDigest);
  if (!md || md.length !== 1) problems.push('message-digest attribute missing');
  const ct = si.attrs.get(OID.contentType);
  if (!ct || ct.length !== 1 || oidOf(ct[0]!) !== expectedContentType) problems.push('content-type attribute missing or wrong');
  const v2 = si.attrs.get(OID.signingCertificateV2);
  const v1 = si.attrs.get(OID.signingCertificate);
  if (v2) {
    if (!essCertMatches(v2[0]!, cert, true)) problems.push('signing-certificate-v2 does not name the signer certificate');
  } else if (v1) {
    if (!essCertMatches(v1[0]!, cert, false)) problems.push('signing-certificate does not name the signer certificate');
  }
  const signatureValid = verifyRaw(si.sigAlg, si.digest, si.signedAttrs, cert, si.signature)
    || si.signedAttrsAlternatives.some((alt) => verifyRaw(si.sigAlg, si.digest, alt, cert, si.signature));
  return { signatureValid, attributeProblems: problems, digestMatches, hasSigningTimeAttr: si.attrs.has(OID.signingTime), hasSigningCertV2: v2 !== undefined };
}

function essCertMatches(value: Tlv, cert: CertInfo, v2: boolean): boolean {
  try {
    const [certs] = children(value);
    const [first] = children(certs!);
    const f = children(first!);
    let k = 0;
    let alg = v2 ? 'sha256' : 'sha1';
    if (v2 && f[0]?.tag === 0x30) { alg = digestName(f[0]) ?? 'unknown'; k = 1; }
    const hash = content(expectTag(f[k], 0x04, 'certHash'));
    const want = alg === 'sha256' ? cert.sha256 : createHash(alg).update(cert.der).digest();
    if (!hash.equals(want)) return false;
    const issuerSerial = f[k + 1];
    if (issuerSerial) {
      const [, serial] = children(issuerSerial);
      if (serial && intHex(serial) !== cert.serialHex) return false;
    }
    return true;
  } catch {
    return false;
  }
}

export interface TimestampToken {
  readonly sd: SignedData;
  readonly si: SignerInfo;
  readonly tsaCert: CertInfo | undefined;
  readonly genTime: Date;
  readonly imprintAlg: string;
  readonly imprint: Buffer;
}

export function parseTimestampToken(der: Buffer): TimestampToken {
  const sd = parseSignedData(der);
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) throw new DerError('not a timestamp token');
  if (sd.signerInfos.length !== 1) throw new DerError('timestamp token must have one signer');
  const si = sd.signerInfos[0]!;
  const tst = children(parseDer(sd.eContent));
  const [mAlg, mHash] = children(expectTag(tst[2], 0x30, 'messageImprint'));
  const imprintAlg = digestName(mAlg);
  if (!imprintAlg) throw new DerError('unsupported imprint algorithm');
  return { sd, si, tsaCert: findSignerCert(sd, si), genTime: timeOf(tst[4]!), imprintAlg, imprint: content(expectTag(mHash, 0x04, 'imprint')) };
}

export interface TimestampCheck {
  readonly imprintMatches: boolean;
  readonly signatureValid: boolean;
  readonly tsaCert: CertInfo | undefined;
  readonly problems: string[];
}

/** Verifies the token's own signature and that it stamps `data`. */
export function checkTimestamp(token: TimestampToken, imprintOf: (alg: string) => Buffer): TimestampCheck {
  const problems: string[] = [];
  const imprintMatches = imprintOf(token.imprintAlg).equals(token.imprint);
  if (!imprintMatches) problems.push('timestamp imprint does not match');
  if (!token.tsaCert) return { imprintMatches, signatureValid: false, tsaCert: undefined, problems: [...problems, 'TSA certificate missing'] };
  const digest = createHash(token.si.digest).update(token.sd.eContent!).digest();
  const c = checkSigner(token.si, token.tsaCert, digest, OID.tstInfo);
  if (!c.digestMatches) problems.push('TSTInfo digest mismatch');
  problems.push(...c.attributeProblems);
  if (!c.signatureValid) problems.push('TSA signature invalid');
  if (!token.tsaCert.extKeyUsage.includes(OID.ekuTimeStamping)) problems.push('TSA certificate lacks the timeStamping purpose');
  return { imprintMatches, signatureValid: c.signatureValid && c.digestMatches, tsaCert: token.tsaCert, problems };
}
