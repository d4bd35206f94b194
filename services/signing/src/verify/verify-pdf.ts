// verifyPdf: one report for every signature in a PDF, and a verdict for the
// document. Never throws for a bad file: unreadable or hostile input becomes
// an INVALID report with a reason code.
import { createHash, type Hash } from 'node:crypto';
import { buildChain, loadCertificates, certInfo, type CertInfo } from './certificates.js';
import { OID, checkSigner, checkTimestamp, findSignerCert, parseSignedData, parseTimestampToken, type SignedData, type SignerInfo, type TimestampToken } from './cms.js';
import { RevisionAnalyzer, decodePdfText, exceeds, maxLevel, type ChangeLevel, type RevisionDiff } from './modifications.js';
import { BufferSource, FileSource, PdfDocument, type PdfSource } from '../pdf/document.js';
import { PdfDict, PdfRef, PdfStream, PdfString, nameOf, type PdfObj } from '../pdf/objects.js';
import { Budget, DEFAULT_LIMITS, PdfSyntaxError, type VerifyLimits } from '../pdf/syntax.js';
import { reason, verdictOf, type Reason, type Verdict } from './reasons.js';
import {
  httpOcsp, parseCrl, parseOcspResponse, statusFromEvidence, statusOnline,
  type OcspClient, type RevocationEvidence, type RevocationResult, type RevocationSource, type RevocationStatus,
} from './revocation.js';

type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
type Coverage = 'ENTIRE_FILE' | 'ENTIRE_REVISION' | 'PARTIAL' | 'UNKNOWN';

export interface VerifyOptions {
  /** Trust anchors, DER or PEM (a PEM may hold several certificates). */
  readonly trustAnchors: readonly Buffer[];
  /** Ask the certificate's OCSP responder when the document carries no revocation data. */
  readonly allowOnlineRevisionCheck?: boolean;
  /**
   * Where online OCSP answers come from: a function, or the signing side's
   * `RevocationSource` (`inProcessRevocationSource(pki)`); default HTTP to the AIA address.
   */
  readonly revocationSource?: RevocationSource | OcspClient;
  /** false: do not check revocation at all (like pyHanko --no-revocation-check). Default true. */
  readonly checkRevocation?: boolean;
  readonly now?: Date;
  readonly limits?: Partial<VerifyLimits>;
}

interface CertificateSummary {
  readonly subject: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

interface SignerSummary {
  readonly name: string | null;
  readonly nik: string | null;
  readonly agency: string | null;
  readonly title: string | null;
  readonly certificateSerial: string;
  readonly issuer: string;
}

interface TimestampSummary {
  readonly time: string;
  readonly tsa: string | null;
  readonly valid: boolean;
  readonly trusted: boolean;
}

interface ChangeSummary {
  readonly revision: number;
  readonly level: ChangeLevel;
  readonly changes: ReadonlyArray<{ level: ChangeLevel; what: string; code?: string }>;
}

export interface SignatureReport {
  readonly field: string;
  readonly kind: 'approval' | 'certification' | 'document-timestamp';
  readonly subFilter: string | null;
  readonly revision: number;
  readonly signer: SignerSummary | null;
  /** The claimed time (/M), not proven. */
  readonly signedAt: string | null;
  readonly timestamp: TimestampSummary | null;
  readonly level: PadesLevel | null;
  readonly intact: boolean;
  readonly cmsValid: boolean;
  readonly trusted: boolean;
  readonly chain: CertificateSummary[];
  readonly keyUsage: { digitalSignature: boolean; nonRepudiation: boolean } | null;
  readonly certificateValidAtSigningTime: boolean | null;
  readonly revocation: { status: RevocationStatus; source: string | null; revokedAt?: string };
  readonly docMdp: { permissions: 1 | 2 | 3 } | null;
  /** FieldMDP: the form fields this signature locks (null: none). */
  readonly fieldLock: FieldLock | null;
  /** The DSS /VRI entry for this signature; `used`: revocation data for its chain (or its time-stamp's) came from it. */
  readonly vri: { key: string; used: boolean } | null;
  readonly byteRange: number[] | null;
  readonly coverage: Coverage;
  readonly modificationsAfter: 'none' | 'allowed' | 'disallowed';
  readonly changesAfter: ChangeSummary[];
  readonly verdict: Verdict;
  readonly reasons: Reason[];
}

export interface VerificationReport {
  readonly verdict: Verdict;
  readonly reasons: Reason[];
  readonly readable: boolean;
  readonly fileSize: number;
  readonly sha256: string;
  readonly revisions: number;
  readonly signatures: SignatureReport[];
  readonly checkedAt: string;
  readonly durationMs: number;
}

interface FoundSignature {
  name: string;
  sig: PdfDict;
  sigNum: number | null;
  /** The signature field (terminal field or its merged widget): where /Lock lives. */
  field: PdfDict;
}

/**
 * FieldMDP (ISO 32000-1 §12.8.2.4, ISO 32000-2 §12.7.5.5): the form fields a
 * signature locks. After it, changing a locked field's value or appearance
 * (signing a locked empty signature field included, as pyHanko judges it) is a
 * disallowed modification for that signature.
 */
export interface FieldLock {
  readonly action: 'All' | 'Include' | 'Exclude';
  readonly fields: readonly string[];
  /** Where it was read: the signature's /Reference (signed with it) or the field's /Lock. */
  readonly source: 'reference' | 'lock';
  /** PDF 2.0: a DocMDP permission (1 no changes, 2 form filling and signing, 3 also annotations) for everything after this signature. */
  readonly p?: 1 | 2 | 3;
}

function isLocked(lock: FieldLock, name: string): boolean {
  if (lock.action === 'All') return true;
  // A listed non-terminal field locks the whole subtree beneath it.
  const listed = lock.fields.some((f) => name === f || name.startsWith(`${f}.`));
  return lock.action === 'Include' ? listed : !listed;
}

function str(o: PdfObj | undefined): string | null {
  return o instanceof PdfString ? decodePdfText(o.bytes) : null;
}

/** PDF date (D:YYYYMMDDHHmmSS+07'00') to ISO; null when unreadable. */
function pdfDate(s: string | null): string | null {
  if (!s) return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return null;
  const tz = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5) || '00'}`;
  const d = new Date(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${tz}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function summary(c: CertInfo): CertificateSummary {
  return { subject: c.subjectText, serialNumber: c.serialHex, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), sha256: c.sha256.toString('hex') };
}

/** Feeds `source`'s bytes [from, to) to `hash` in windows, so a file on disk is never read whole. */
function hashSpan(hash: Hash, source: PdfSource, from: number, to: number): Hash {
  for (let pos = from; pos < to; pos += HASH_WINDOW) hash.update(source.read(pos, Math.min(HASH_WINDOW, to - pos)));
  return hash;
}
const HASH_WINDOW = 1 << 20;

function failedReport(source: PdfSource | null, start: number, r: Reason, now: Date): VerificationReport {
  return {
    verdict: 'INVALID', reasons: [r], readable: false, fileSize: source?.size ?? 0,
    sha256: source ? hashSpan(createHash('sha256'), source, 0, source.size).digest('hex') : '', revisions: 0, signatures: [],
    checkedAt: now.toISOString(), durationMs: performance.now() - start,
  };
}

export async function verifyPdf(input: Buffer | Uint8Array | string, options: VerifyOptions): Promise<VerificationReport> {
  const start = performance.now();
  const now = options.now ?? new Date();
  // A file on disk is read in windows (the reader's, and the hashes'): a 500 MB archive never sits in memory.
  let source: PdfSource;
  try {
    source = typeof input === 'string' ? new FileSource(input)
      : new BufferSource(Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  } catch (e) {
    return failedReport(null, start, reason('PDF_UNREADABLE', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? 'error'}`), now);
  }
  try {
    return await verifySource(source, options, now, start);
  } catch (e) {
    if (e instanceof PdfSyntaxError) return failedReport(source, start, reason(e.code, e.message), now);
    // Any other failure on hostile input is still a verdict, never a crash.
    return failedReport(source, start, reason('PDF_UNREADABLE', e instanceof Error ? e.message : 'unexpected structure'), now);
  } finally {
    source.close();
  }
}

class Verification {
  readonly doc: PdfDocument;
  readonly anchors: CertInfo[];
  readonly analyzer: RevisionAnalyzer;
  private readonly diffs = new Map<number, RevisionDiff>();
  evidence: RevocationEvidence = { ocsps: [], crls: [] };
  dssCerts: CertInfo[] = [];
  /** DSS /VRI entries by key (upper-case hex SHA-1 of a signature's /Contents): that signature's own validation data. */
  readonly vri = new Map<string, VriEntry>();
  readonly dssRevisions: number[] = [];
  /** Evidence checks per (certificate, issuer): the issuing CA is shared by every signature. */
  readonly revocationCache = new Map<string, RevocationResult | undefined>();

  constructor(readonly source: PdfSource, readonly options: VerifyOptions, readonly now: Date, budget: Budget) {
    this.doc = new PdfDocument(source, budget);
    this.anchors = loadCertificates(options.trustAnchors);
    this.analyzer = new RevisionAnalyzer(this.doc);
  }

  diff(j: number): RevisionDiff {
    let d = this.diffs.get(j);
    if (!d) { d = this.analyzer.diff(j); this.diffs.set(j, d); }
    return d;
  }

  signatureFields(): FoundSignature[] {
    const doc = this.doc;
    const cat = doc.dictAt(doc.lastRevision.trailer.get('Root'));
    const af = doc.dictAt(cat?.get('AcroForm'));
    const out: FoundSignature[] = [];
    const seen = new Set<number>();
    const walk = (o: PdfObj | undefined, parentName: string, inheritedFt: string | undefined, depth: number): void => {
      if (depth > 32 || out.length > doc.budget.limits.maxSignatures) return;
      if (o instanceof PdfRef) { if (seen.has(o.num)) return; seen.add(o.num); }
      const f = doc.dictAt(o);
      if (!f) return;
      const partial = str(f.get('T'));
      const name = partial === null ? parentName : parentName ? `${parentName}.${partial}` : partial;
      const ft = nameOf(f.get('FT')) ?? inheritedFt;
      const kids = doc.resolve(f.get('Kids'));
      if (Array.isArray(kids) && kids.some((k) => doc.dictAt(k)?.has('T'))) {
        for (const k of kids) walk(k, name, ft, depth + 1);
        return;
      }
      if (ft !== 'Sig') return;
      const vRef = f.get('V');
      const v = doc.resolve(vRef);
      if (v instanceof PdfDict) out.push({ name: name || '(unnamed)', sig: v, sigNum: vRef instanceof PdfRef ? vRef.num : null, field: f });
    };
    const fields = doc.resolve(af?.get('Fields'));
    if (Array.isArray(fields)) for (const f of fields) walk(f, '', undefined, 0);
    if (out.length > doc.budget.limits.maxSignatures) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'too many signatures');
    return out;
  }

  loadDss(): void {
    const doc = this.doc;
    // Revisions that add or extend the DSS: LTV data for every signature before them.
    let prevKey = '';
    for (let r = 0; r < doc.revisions.length; r++) {
      const cat = doc.dictAt(doc.revisions[r]!.trailer.get('Root'), r);
      const ref = cat?.get('DSS');
      const d = doc.dictAt(ref, r);
      const key = !d ? '' : [ref instanceof PdfRef ? doc.locationKey(ref.num, r) : 'direct', ...['Certs', 'OCSPs', 'CRLs'].map((k) => {
        const v = d.get(k);
        return v instanceof PdfRef ? doc.locationKey(v.num, r) : JSON.stringify(Array.isArray(v) ? v.map((x) => (x instanceof PdfRef ? x.num : 0)) : null);
      })].join('|');
      if (key && key !== prevKey) this.dssRevisions.push(r);
      prevKey = key;
    }
    const cat = doc.dictAt(doc.lastRevision.trailer.get('Root'));
    const dss = doc.dictAt(cat?.get('DSS'));
    if (!dss) return;
    const streams = (key: string, from: PdfDict = dss): Buffer[] => {
      const arr = doc.resolve(from.get(key));
      if (!Array.isArray(arr)) return [];
      return arr.slice(0, 1000).flatMap((x) => {
        const s = doc.resolve(x);
        return s instanceof PdfStream ? [doc.decodeStream(s)] : [];
      });
    };
    this.dssCerts = streams('Certs').flatMap((b) => { try { return [certInfo(b)]; } catch { return []; } });
    this.evidence = {
      ocsps: streams('OCSPs').map(parseOcspResponse).filter((x) => x !== undefined),
      crls: streams('CRLs').map(parseCrl).filter((x) => x !== undefined),
    };
    const vri = doc.dictAt(dss.get('VRI'));
    for (const [key, value] of vri ? [...vri.map].slice(0, doc.budget.limits.maxSignatures) : []) {
      const e = doc.dictAt(value);
      if (!e) continue;
      this.vri.set(key.toUpperCase(), {
        key: key.toUpperCase(),
        certs: streams('Cert', e).flatMap((b) => { try { return [certInfo(b)]; } catch { return []; } }),
        evidence: {
          ocsps: streams('OCSP', e).map(parseOcspResponse).filter((x) => x !== undefined),
          crls: streams('CRL', e).map(parseCrl).filter((x) => x !== undefined),
        },
      });
    }
  }

  private readonly sha256Ranges = new Map<string, Buffer>();
  fileSha256: Buffer | null = null;

  /**
   * SHA-256 of every byte range and of the whole file in one pass: the ranges
   * all start at 0, so the hash of each first range is a copy of the running
   * file hash at its end, continued over the second range.
   */
  hashRanges(ranges: number[][]): void {
    const valid = ranges.filter((br) => br.length === 4 && br[0] === 0 && br[2]! >= br[1]! && br[2]! + br[3]! <= this.source.size);
    valid.sort((x, y) => x[1]! - y[1]!);
    const file = createHash('sha256');
    let pos = 0;
    for (const [, a, b, c] of valid as Array<[number, number, number, number]>) {
      hashSpan(file, this.source, pos, a);
      pos = a;
      this.sha256Ranges.set(`${a},${b},${c}`, hashSpan(file.copy(), this.source, b, b + c).digest());
    }
    hashSpan(file, this.source, pos, this.source.size);
    this.fileSha256 = file.digest();
  }

  rangeDigest(br: number[], alg: string): Buffer {
    const [, a, b, c] = br as [number, number, number, number];
    const hit = alg === 'sha256' ? this.sha256Ranges.get(`${a},${b},${c}`) : undefined;
    return hit ?? hashSpan(hashSpan(createHash(alg), this.source, 0, a), this.source, b, b + c).digest();
  }

  /** The revision whose end the byte range reaches, if it ends exactly at one. */
  revisionEndingAt(end: number): number | undefined {
    const i = this.doc.revisions.findIndex((r) => end >= r.eofAt && end <= r.end);
    return i < 0 ? undefined : i;
  }

  revisionHolding(offset: number): number {
    return this.doc.revisions.findIndex((r) => offset >= r.start && offset < r.end);
  }
}

/** One /VRI entry (ETSI EN 319 142-1 §5.4.2.2 / ISO 32000-2 §12.8.4.4): /Cert, /OCSP, /CRL for one signature. */
interface VriEntry {
  readonly key: string;
  readonly certs: CertInfo[];
  readonly evidence: RevocationEvidence;
}

interface Prepared {
  readonly found: FoundSignature;
  readonly reasons: Reason[];
  readonly byteRange: number[] | null;
  readonly revision: number;
  readonly contents: Buffer | null;
  readonly subFilter: string | null;
  readonly kind: SignatureReport['kind'];
  readonly docMdpP: 1 | 2 | 3 | null;
  readonly fieldLock: FieldLock | null;
  /** PDF 2.0: the /P of the field's /Lock, a DocMDP permission this (approval) signature imposes on later revisions. */
  readonly lockP: 1 | 2 | 3 | null;
  /** The DSS /VRI entry keyed by this signature's /Contents, if any. */
  readonly vri: VriEntry | null;
}

function prepare(v: Verification, found: FoundSignature): Prepared {
  const sig = found.sig;
  const reasons: Reason[] = [];
  const type = nameOf(sig.get('Type'));
  const subFilter = nameOf(sig.get('SubFilter')) ?? null;
  const kind: SignatureReport['kind'] = type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : docMdpOf(v, sig) !== null ? 'certification' : 'approval';
  const contentsObj = sig.get('Contents');
  let contents: Buffer | null = null;
  const value = contentsObj instanceof PdfString ? contentsObj.derPrefix() : null;
  if (!value || value.length === 0 || (value[0] === 0 && value.equals(Buffer.alloc(value.length)))) {
    reasons.push(reason('SIG_CONTENTS_INVALID', contentsObj === undefined ? '/Contents missing' : '/Contents empty or not a string'));
  } else contents = value;

  const br = v.doc.resolve(sig.get('ByteRange'));
  let byteRange: number[] | null = null;
  let revision = v.doc.revisions.length - 1;
  if (!Array.isArray(br) || br.length !== 4 || !br.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
    reasons.push(reason('SIG_BYTERANGE_INVALID', br === undefined ? '/ByteRange missing' : '/ByteRange must be four non-negative integers'));
  } else {
    byteRange = br as number[];
    const [a0, a, b, c] = byteRange as [number, number, number, number];
    if (a0 !== 0) reasons.push(reason('SIG_BYTERANGE_NOT_FROM_START', `range starts at ${a0}`));
    else if (b < a || b + c > v.source.size) reasons.push(reason('SIG_BYTERANGE_INVALID', 'range outside the file'));
    else {
      // Exactly one gap, and it is exactly this signature's /Contents string in the file.
      const sigOffset = found.sigNum === null ? undefined : v.doc.offsetOf(found.sigNum);
      const inFile = contentsObj instanceof PdfString && sigOffset !== undefined && contentsObj.start > sigOffset;
      if (!inFile || contentsObj.start !== a || contentsObj.end !== b) {
        reasons.push(reason('SIG_BYTERANGE_GAP_MISMATCH', inFile ? `gap ${a}..${b}, /Contents at ${contentsObj.start}..${contentsObj.end}` : 'the signature dictionary is not stored where the gap can be checked'));
      }
      const r = v.revisionEndingAt(b + c);
      if (r === undefined) reasons.push(reason('SIG_BYTERANGE_NOT_REVISION_END', `range ends at ${b + c}, not at the end of a revision`));
      else {
        revision = r;
        if (sigOffset !== undefined && v.revisionHolding(sigOffset) !== r) reasons.push(reason('SIG_BYTERANGE_NOT_REVISION_END', 'the signature dictionary is not in the revision its range covers'));
      }
    }
  }
  const lockDict = v.doc.dictAt(found.field.get('Lock'));
  const fieldLock = fieldLockOf(v, sig, lockDict);
  // PDF 2.0 puts the lock's /P in the FieldMDP transform parameters too (pyHanko does); else the field's /Lock.
  const lp = fieldLock?.p ?? lockDict?.get('P');
  return { found, reasons, byteRange, revision, contents, subFilter, kind, docMdpP: docMdpOf(v, sig), fieldLock, lockP: lp === 1 || lp === 2 || lp === 3 ? lp : null, vri: vriOf(v, contentsObj) };
}

/**
 * The key is the SHA-1 of the /Contents bytes as written, padding included
 * (what Naskah's signer and pyHanko hash); the unpadded DER is accepted too.
 */
function vriOf(v: Verification, contents: PdfObj | undefined): VriEntry | null {
  if (v.vri.size === 0 || !(contents instanceof PdfString)) return null;
  for (const b of [contents.bytes, contents.derPrefix()]) {
    const e = v.vri.get(createHash('sha1').update(b).digest('hex').toUpperCase());
    if (e) return e;
  }
  return null;
}

function readLock(v: Verification, d: PdfDict | undefined, source: FieldLock['source']): FieldLock | null {
  if (!d) return null;
  const action = nameOf(d.get('Action'));
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return null;
  const arr = v.doc.resolve(d.get('Fields'));
  const fields = Array.isArray(arr) ? arr.flatMap((x) => { const t = v.doc.resolve(x); return t instanceof PdfString ? [decodePdfText(t.bytes)] : []; }) : [];
  const p = d.get('P');
  return { action, fields, source, ...(p === 1 || p === 2 || p === 3 ? { p } : {}) };
}

/**
 * The signature's own FieldMDP reference is what it signed; without one, the
 * field's /Lock still says what signing it locks (pyHanko reads only the
 * reference; a signer that left it out does not unlock the fields).
 */
function fieldLockOf(v: Verification, sig: PdfDict, lockDict: PdfDict | undefined): FieldLock | null {
  const refs = v.doc.resolve(sig.get('Reference'));
  if (Array.isArray(refs)) {
    for (const r of refs) {
      const d = v.doc.dictAt(r);
      if (d && nameOf(d.get('TransformMethod')) === 'FieldMDP') {
        const lock = readLock(v, v.doc.dictAt(d.get('TransformParams')), 'reference');
        if (lock) return lock;
      }
    }
  }
  return readLock(v, lockDict, 'lock');
}

function docMdpOf(v: Verification, sig: PdfDict): 1 | 2 | 3 | null {
  const refs = v.doc.resolve(sig.get('Reference'));
  if (!Array.isArray(refs)) return null;
  for (const r of refs) {
    const d = v.doc.dictAt(r);
    if (d && nameOf(d.get('TransformMethod')) === 'DocMDP') {
      const p = v.doc.dictAt(d.get('TransformParams'))?.get('P');
      return p === 1 || p === 3 ? p : 2;
    }
  }
  return null;
}


interface CryptoOutcome {
  signer: CertInfo | undefined;
  intact: boolean;
  cmsValid: boolean;
  sd: SignedData | null;
  si: SignerInfo | null;
  token: TimestampToken | null;
  timestamp: { time: Date; tsa: CertInfo | undefined; valid: boolean; trusted: boolean } | null;
  b_b: boolean;
}

function checkCrypto(v: Verification, p: Prepared, reasons: Reason[]): CryptoOutcome {
  const out: CryptoOutcome = { signer: undefined, intact: false, cmsValid: false, sd: null, si: null, token: null, timestamp: null, b_b: false };
  if (!p.contents || !p.byteRange || reasons.some((r) => r.code === 'SIG_BYTERANGE_INVALID' || r.code === 'SIG_BYTERANGE_NOT_FROM_START')) return out;
  const br = p.byteRange;
  if (p.kind === 'document-timestamp') {
    let token: TimestampToken;
    try { token = parseTimestampToken(p.contents); } catch (e) { reasons.push(reason('CMS_MALFORMED', (e as Error).message)); return out; }
    out.token = token;
    const check = checkTimestamp(token, (alg) => v.rangeDigest(br, alg));
    out.intact = check.imprintMatches;
    out.cmsValid = check.signatureValid;
    out.signer = token.tsaCert;
    if (!check.imprintMatches) reasons.push(reason('DIGEST_MISMATCH'));
    if (!check.signatureValid || check.problems.length) reasons.push(reason('TIMESTAMP_INVALID', check.problems.join('; ')));
    out.timestamp = { time: token.genTime, tsa: token.tsaCert, valid: check.imprintMatches && check.signatureValid && check.problems.length === 0, trusted: false };
    return out;
  }
  if (p.subFilter !== 'ETSI.CAdES.detached' && p.subFilter !== 'adbe.pkcs7.detached') {
    reasons.push(reason('SIG_UNSUPPORTED', `SubFilter ${p.subFilter ?? '(none)'}`));
    return out;
  }
  let sd: SignedData;
  try { sd = parseSignedData(p.contents); } catch (e) { reasons.push(reason('CMS_MALFORMED', (e as Error).message)); return out; }
  if (sd.signerInfos.length !== 1) { reasons.push(reason('CMS_MALFORMED', 'exactly one SignerInfo expected')); return out; }
  if (sd.eContent !== null) { reasons.push(reason('CMS_MALFORMED', 'signature is not detached')); return out; }
  const si = sd.signerInfos[0]!;
  out.sd = sd;
  out.si = si;
  const signer = findSignerCert(sd, si);
  if (!signer) { reasons.push(reason('SIGNER_CERT_MISSING')); return out; }
  out.signer = signer;
  const digest = v.rangeDigest(br, si.digest);
  const check = checkSigner(si, signer, digest, OID.data, () => {
    const [, a, b, c] = br as [number, number, number, number];
    return Buffer.concat([v.source.read(0, a), v.source.read(b, c)]);
  });
  out.intact = check.digestMatches;
  out.cmsValid = check.signatureValid;
  if (!check.digestMatches) reasons.push(reason('DIGEST_MISMATCH'));
  if (!check.signatureValid) reasons.push(reason('CMS_SIGNATURE_INVALID'));
  if (check.attributeProblems.length) reasons.push(reason('CMS_ATTRIBUTES_INVALID', check.attributeProblems.join('; ')));
  out.b_b = p.subFilter === 'ETSI.CAdES.detached' && check.hasSigningCertV2 && !check.hasSigningTimeAttr && check.attributeProblems.length === 0;

  const tsAttr = si.unsignedAttrs.get(OID.signatureTimeStamp);
  if (tsAttr?.[0]) {
    try {
      const t = tsAttr[0];
      const token = parseTimestampToken(t.buf.subarray(t.start, t.end));
      out.token = token;
      const tc = checkTimestamp(token, (alg) => createHash(alg).update(si.signature).digest());
      const ok = tc.imprintMatches && tc.signatureValid && tc.problems.length === 0;
      if (!ok) reasons.push(reason('TIMESTAMP_INVALID', tc.problems.join('; ')));
      out.timestamp = { time: token.genTime, tsa: token.tsaCert, valid: ok, trusted: false };
    } catch (e) {
      reasons.push(reason('TIMESTAMP_INVALID', (e as Error).message));
    }
  }
  return out;
}

/**
 * `freshAfter`: the time of signing (proven, else claimed); evidence from the
 * document must be issued at or after it to show "good" (see statusFromEvidence).
 */
async function revocationOf(v: Verification, chain: CertInfo[], provenTime: Date | null, freshAfter: Date | null, vri: VriEntry | null): Promise<{ result: RevocationResult; allFromDss: boolean; usedVri: boolean }> {
  if (v.options.checkRevocation === false) return { result: { status: 'not-checked', source: null }, allFromDss: false, usedVri: false };
  let usedVri = false;
  let worst: RevocationResult = { status: 'good', source: null };
  let allFromDss = true;
  // Every certificate below the anchor needs evidence; the anchor itself is trusted as configured.
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    // This signature's /VRI data first; answers about other certificates in it simply do not match (ocspCovers).
    const fromVri = vri ? statusFromEvidence(cert, issuer, vri.evidence, freshAfter ?? undefined) : undefined;
    if (fromVri) usedVri = true;
    const cacheKey = `${cert.sha256.toString('hex')}|${issuer.sha256.toString('hex')}|${freshAfter?.getTime() ?? ''}`;
    let r = fromVri ?? (v.revocationCache.has(cacheKey) ? v.revocationCache.get(cacheKey) : statusFromEvidence(cert, issuer, v.evidence, freshAfter ?? undefined));
    if (!fromVri) v.revocationCache.set(cacheKey, r);
    if (!r && v.options.allowOnlineRevisionCheck) {
      allFromDss = false;
      r = await statusOnline(cert, issuer, v.options.revocationSource ?? httpOcsp);
    }
    if (!r) { allFromDss = false; worst = worst.status === 'revoked' ? worst : { status: 'unknown', source: null }; continue; }
    if (r.source !== 'dss-ocsp' && r.source !== 'dss-crl') allFromDss = false;
    if (r.status === 'revoked') {
      // Revoked after a proven signing time does not undo the signature.
      if (provenTime && r.revokedAt && r.revokedAt > provenTime) continue;
      worst = r;
    } else if (worst.status === 'good' && i === 0) worst = r;
  }
  return { result: worst, allFromDss, usedVri };
}

async function verifySource(source: PdfSource, options: VerifyOptions, now: Date, start: number): Promise<VerificationReport> {
  const budget = new Budget({ ...DEFAULT_LIMITS, ...options.limits });
  const v = new Verification(source, options, now, budget);
  const docReasons: Reason[] = [];
  const garbage = v.doc.trailingGarbage();
  if (garbage > 0) docReasons.push(reason('TRAILING_DATA', `${garbage} bytes after the last %%EOF`));
  v.loadDss();
  const prepared = v.signatureFields().map((f) => prepare(v, f)).sort((x, y) => x.revision - y.revision);
  v.hashRanges(prepared.flatMap((p) => (p.byteRange ? [p.byteRange] : [])));
  if (prepared.length === 0) docReasons.push(reason('NO_SIGNATURES'));
  const last = v.doc.revisions.length - 1;
  const certification = prepared.find((p) => p.kind === 'certification');
  if (certification && prepared.some((p) => p.revision < certification.revision && p.kind !== 'document-timestamp')) {
    docReasons.push(reason('CERTIFICATION_NOT_FIRST'));
  }
  const allowedUnder = (mdp: 1 | 2 | 3): ChangeLevel => (mdp === 1 ? 'ltv' : 'form-filling');

  // First pass: crypto of every signature (document timestamps give later signatures proof of existence).
  const outcomes = prepared.map((p) => {
    const reasons = [...p.reasons];
    return { p, reasons, c: checkCrypto(v, p, reasons) };
  });
  const pool = [...new Map([...outcomes.flatMap((o) => [...(o.c.sd?.certificates ?? []), ...(o.c.token?.sd.certificates ?? [])]), ...v.dssCerts, ...[...v.vri.values()].flatMap((e) => e.certs)].map((c) => [c.sha256.toString('hex'), c])).values()];
  // A /VRI entry no signature's /Contents hashes to is ignored, and said so (not an error: ETSI makes /VRI optional).
  const matched = new Set(prepared.flatMap((p) => (p.vri ? [p.vri.key] : [])));
  const unmatched = [...v.vri.keys()].filter((k) => !matched.has(k));
  if (unmatched.length) docReasons.push(reason('DSS_VRI_UNMATCHED', unmatched.slice(0, 5).join(', ')));

  const reports: SignatureReport[] = [];
  for (const { p, reasons, c } of outcomes) {
    const tsTrusted = (cert: CertInfo | undefined): boolean => !!cert && buildChain(cert, pool, v.anchors).trusted;
    if (c.timestamp) c.timestamp.trusted = tsTrusted(c.timestamp.tsa);
    if (c.timestamp?.valid && !c.timestamp.trusted) reasons.push(reason('TIMESTAMP_NOT_TRUSTED'));
    // The time-stamp authority's chain is checked like the signer's: a token from a certificate
    // revoked at its genTime proves no time. Revoked later does not undo it (same rule as signers).
    let tsaRevocation: { result: RevocationResult; allFromDss: boolean; usedVri: boolean } | null = null;
    let usedVri = false;
    if (c.timestamp?.valid && c.timestamp.trusted && c.timestamp.tsa && p.kind !== 'document-timestamp' && options.checkRevocation !== false) {
      tsaRevocation = await revocationOf(v, buildChain(c.timestamp.tsa, pool, v.anchors).chain, c.timestamp.time, c.timestamp.time, p.vri);
      usedVri = tsaRevocation.usedVri;
      const status = tsaRevocation.result.status;
      if (status === 'revoked') {
        c.timestamp.valid = false;
        reasons.push(reason('TIMESTAMP_TSA_REVOKED', tsaRevocation.result.revokedAt ? `revoked at ${tsaRevocation.result.revokedAt.toISOString()}, time-stamp at ${c.timestamp.time.toISOString()}` : undefined));
      } else if (status === 'unknown') reasons.push(reason('REVOCATION_UNKNOWN', 'time-stamp authority certificate'));
    }
    // A valid, trusted timestamp proves existence: its own, or a later document timestamp.
    const laterDts = outcomes.find((o) => o.p.kind === 'document-timestamp' && o.p.revision > p.revision && o.c.timestamp?.valid && tsTrusted(o.c.timestamp.tsa) && o.reasons.length === 0);
    const provenTime = c.timestamp?.valid && c.timestamp.trusted ? c.timestamp.time : laterDts ? laterDts.c.timestamp!.time : null;

    let chain: CertInfo[] = [];
    let trusted = false;
    let validAt: boolean | null = null;
    let revocation: RevocationResult = { status: 'unknown', source: null };
    let ltv = false;
    if (c.signer) {
      const built = buildChain(c.signer, pool, v.anchors);
      chain = built.chain;
      trusted = built.trusted && !built.broken;
      if (built.broken) reasons.push(reason('CERT_CHAIN_INVALID', built.broken));
      else if (!built.trusted) reasons.push(reason('CERT_NOT_TRUSTED', `issuer: ${c.signer.issuerText}`));
      const at = provenTime ?? now;
      validAt = chain.every((x) => x.notBefore <= at && at <= x.notAfter);
      if (!validAt) {
        const claimed = pdfDate(str(p.found.sig.get('M')));
        if (provenTime || !claimed || !chain.every((x) => x.notBefore <= new Date(claimed) && new Date(claimed) <= x.notAfter)) reasons.push(reason('CERT_EXPIRED_AT_SIGNING'));
        else reasons.push(reason('CERT_EXPIRED_NO_PROOF'));
      }
      if (p.kind !== 'document-timestamp') {
        const ku = c.signer.keyUsage;
        if (ku && !ku.nonRepudiation) reasons.push(reason('CERT_KEY_USAGE'));
      }
      if (trusted) {
        // A document timestamp is the newest proof of time and is judged as of now: the DSS before
        // it cannot be newer than it, so freshness applies to signatures and their time-stamps.
        const claimed = pdfDate(str(p.found.sig.get('M')));
        const freshAfter = p.kind === 'document-timestamp' ? null : provenTime ?? (claimed ? new Date(claimed) : null);
        const rev = await revocationOf(v, chain, provenTime, freshAfter, p.vri);
        revocation = rev.result;
        usedVri ||= rev.usedVri;
        if (revocation.status === 'revoked') reasons.push(reason('CERT_REVOKED', revocation.revokedAt ? `revoked at ${revocation.revokedAt.toISOString()}` : undefined));
        else if (revocation.status === 'unknown') reasons.push(reason('REVOCATION_UNKNOWN'));
        // B-LT needs the validation data of the time-stamp's chain in the DSS too.
        ltv = rev.allFromDss && revocation.status === 'good' && (tsaRevocation === null || (tsaRevocation.allFromDss && tsaRevocation.result.status === 'good'));
      }
    }

    // Byte-range coverage and what later revisions did.
    const br = p.byteRange;
    const end = br ? br[2]! + br[3]! : -1;
    const structuralOk = !p.reasons.length && br !== null;
    const coverage: Coverage = !structuralOk ? 'UNKNOWN' : end >= source.size - Math.max(0, source.size - v.doc.lastRevision.end) && p.revision === last ? 'ENTIRE_FILE' : p.revision < last ? 'ENTIRE_REVISION' : 'PARTIAL';
    const changesAfter: ChangeSummary[] = [];
    let worst: ChangeLevel = 'none';
    if (structuralOk) {
      for (let j = p.revision + 1; j <= last; j++) {
        const d = v.diff(j);
        let level = d.level;
        const afterCertification = certification !== undefined && certification.revision < j;
        const changes = d.changes.map((x) => {
          if (x.drawingWidget && afterCertification) {
            level = 'disallowed';
            return { level: 'disallowed' as const, what: x.what, code: 'CHANGE_WIDGET_AFTER_CERTIFICATION' };
          }
          return x.code ? { level: x.level, what: x.what, code: x.code } : { level: x.level, what: x.what };
        });
        if (certification && afterCertification && level !== 'disallowed' && exceeds(level, allowedUnder(certification.docMdpP ?? 2))) {
          level = 'disallowed';
          changes.push({ level: 'disallowed', what: `${d.level} changes not permitted by DocMDP P=${certification.docMdpP}`, code: 'CHANGE_FORBIDDEN_BY_DOCMDP' });
        }
        // This signature's own locks: FieldMDP fields, and PDF 2.0's /Lock /P.
        const lock = p.fieldLock;
        if (lock) {
          for (const x of d.changes) {
            if (x.field !== undefined && isLocked(lock, x.field)) {
              level = 'disallowed';
              changes.push({ level: 'disallowed', what: `form field "${x.field}" locked by this signature (FieldMDP /${lock.action}) was changed`, code: 'CHANGE_LOCKED_FIELD' });
            }
          }
        }
        if (p.lockP && p.kind !== 'certification' && level !== 'disallowed') {
          if (exceeds(level, allowedUnder(p.lockP))) {
            level = 'disallowed';
            changes.push({ level: 'disallowed', what: `${d.level} changes not permitted by this signature's field lock P=${p.lockP}`, code: 'CHANGE_FORBIDDEN_BY_DOCMDP' });
          } else if (d.changes.some((x) => x.drawingWidget)) {
            // The lock's /P restricts like a certification: later signers sign invisibly or into existing fields (pyHanko alike).
            level = 'disallowed';
            changes.push({ level: 'disallowed', what: `a new signature field that draws on the page after this signature's field lock P=${p.lockP}`, code: 'CHANGE_FORBIDDEN_BY_DOCMDP' });
          }
        }
        worst = maxLevel(worst, level);
        changesAfter.push({ revision: j, level, changes });
      }
      const codes = new Set(changesAfter.flatMap((ch) => ch.changes.filter((x) => x.level === 'disallowed').map((x) => x.code ?? 'CHANGE_DISALLOWED')));
      for (const code of codes) reasons.push(reason(code as 'CHANGE_DISALLOWED', changesAfter.flatMap((ch) => ch.changes.filter((x) => (x.code ?? 'CHANGE_DISALLOWED') === code).map((x) => `revision ${ch.revision}: ${x.what}`)).slice(0, 5).join('; ')));
    }

    const ltvRevision = v.dssRevisions.find((r) => r > p.revision);
    const level: PadesLevel | null = p.kind === 'document-timestamp' || !c.b_b ? null
      : !provenTime ? 'B-B'
      : !(ltv && ltvRevision !== undefined) ? 'B-T'
      : outcomes.some((o) => o.p.kind === 'document-timestamp' && o.p.revision >= ltvRevision && o.c.timestamp?.valid && o.reasons.length === 0) ? 'B-LTA' : 'B-LT';

    const signer: SignerSummary | null = c.signer ? { ...c.signer.subject, certificateSerial: c.signer.serialHex, issuer: c.signer.issuerText } : null;
    const dedup = [...new Map(reasons.map((r) => [`${r.code}|${r.detail ?? ''}`, r])).values()];
    reports.push({
      field: p.found.name,
      kind: p.kind,
      subFilter: p.subFilter,
      revision: p.revision,
      signer,
      signedAt: pdfDate(str(p.found.sig.get('M'))),
      timestamp: c.timestamp ? { time: c.timestamp.time.toISOString(), tsa: c.timestamp.tsa?.subject.name ?? null, valid: c.timestamp.valid, trusted: c.timestamp.trusted } : null,
      level,
      intact: c.intact,
      cmsValid: c.cmsValid,
      trusted,
      chain: chain.map(summary),
      keyUsage: c.signer?.keyUsage ? { digitalSignature: c.signer.keyUsage.digitalSignature, nonRepudiation: c.signer.keyUsage.nonRepudiation } : null,
      certificateValidAtSigningTime: validAt,
      revocation: revocation.revokedAt ? { status: revocation.status, source: revocation.source, revokedAt: revocation.revokedAt.toISOString() } : { status: revocation.status, source: revocation.source },
      docMdp: p.docMdpP ? { permissions: p.docMdpP } : null,
      fieldLock: p.fieldLock,
      vri: p.vri ? { key: p.vri.key, used: usedVri } : null,
      byteRange: br,
      coverage,
      modificationsAfter: worst === 'none' ? 'none' : worst === 'disallowed' ? 'disallowed' : 'allowed',
      changesAfter,
      verdict: verdictOf(dedup),
      reasons: dedup,
    });
  }

  // After the newest signature, only LTV data and new (signed) signature fields may follow unsigned.
  const newest = reports.reduce((m, r) => (r.coverage !== 'UNKNOWN' ? Math.max(m, r.revision) : m), -1);
  if (newest >= 0 && newest < last) {
    for (let j = newest + 1; j <= last; j++) {
      const d = v.diff(j);
      if (exceeds(d.level, 'signing')) docReasons.push(reason('CHANGE_UNSIGNED_UPDATE', `revision ${j}: ${d.changes.map((x) => x.what).slice(0, 3).join('; ') || d.level}`));
    }
  }
  const allReasons = [...docReasons, ...reports.filter((r) => r.verdict !== 'VALID').flatMap((r) => r.reasons)];
  return {
    verdict: verdictOf(allReasons),
    reasons: docReasons,
    readable: true,
    fileSize: source.size,
    sha256: (v.fileSha256 ?? hashSpan(createHash('sha256'), source, 0, source.size).digest()).toString('hex'),
    revisions: v.doc.revisions.length,
    signatures: reports,
    checkedAt: now.toISOString(),
    durationMs: performance.now() - start,
  };
}
