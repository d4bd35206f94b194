// Long-term archival of signed files (PAdES B-LTA, ETSI EN 319 142-1): a
// provider's B-T signature upgraded with validation data and a document
// time-stamp, and that time-stamp renewed before its TSA certificate expires.
// It reads the signatures already in the file, so it uses the verifier's CMS
// reader; signing a document never comes here.
import { SigningError } from './errors.js';
import { HASH_BY_OID } from './cms/oids.js';
import { parseCertificate } from './cms/certificate.js';
import { parseTimestampToken } from './cms/timestamp-token.js';
import type { RevocationSource, TimestampClient } from './cms/types.js';
import type { KeyHolder } from './keys/key-holder.js';
import { asSigningError, PdfDocument } from './pdf/document.js';
import { PdfDict, PdfName, PdfString, type PdfObj } from './pdf/objects.js';
import { InMemoryPdf, type GrowingPdf } from './pdf/writer.js';
import { appendDocumentTimestamp, appendDss } from './sign.js';
import { findSignerCert, OID as CMS_OID, parseSignedData } from './verify/cms.js';
import { loadCertificates } from './verify/certificates.js';
import { raw, readTlv } from './verify/der.js';

export interface UpgradeToLtaOptions {
  /** OCSP responses and CRLs for the signer's chain and the signature time-stamp's TSA chain. */
  revocation: RevocationSource;
  /** The configured TSA, for the document time-stamp over the new /DSS. */
  timestamp: TimestampClient;
  /**
   * OCSP/CRL for the configured TSA's chain (default `revocation`): appended in
   * a last /DSS revision after the document time-stamp, so that it too
   * validates from the file alone.
   */
  timestampRevocation?: RevocationSource;
  /**
   * Certificates (DER or PEM) that complete chains the signature does not carry (a
   * provider's CMS often stops below its root): the provider's root and
   * intermediates, the TSA's.
   */
  trust?: readonly Buffer[];
}

interface LastSignature {
  /** The /Contents string as written (with its zero padding), for the /VRI key. */
  contents: Buffer;
  signer: Pick<KeyHolder, 'certificate' | 'chain'>;
  timestampToken?: Buffer;
}

/** A filled signature field: where its byte range ends, its /Contents as written, and whether it is a document time-stamp. */
interface SignedField {
  end: number;
  contents: Buffer;
  documentTimestamp: boolean;
}

/** Every filled signature field of the form (nested /Kids too), in no particular order. */
function signedFields(doc: PdfDocument): SignedField[] {
  const found: SignedField[] = [];
  const visit = (v: PdfObj | undefined, depth: number): void => {
    const field = doc.resolve(v);
    if (!(field instanceof PdfDict) || depth > 32) return;
    const kids = doc.resolve(field.get('Kids'));
    if (Array.isArray(kids)) kids.forEach((k) => visit(k, depth + 1));
    const sig = doc.resolve(field.get('V'));
    if (!(sig instanceof PdfDict)) return;
    const contents = doc.resolve(sig.get('Contents'));
    const range = doc.resolve(sig.get('ByteRange'));
    if (!(contents instanceof PdfString) || !Array.isArray(range) || range.length !== 4) return;
    const [, , b, c] = range.map((x) => Number(doc.resolve(x)));
    const end = b! + c!;
    if (!Number.isFinite(end)) return;
    const subFilter = doc.resolve(sig.get('SubFilter'));
    const type = doc.resolve(sig.get('Type'));
    const documentTimestamp = (subFilter instanceof PdfName && subFilter.name === 'ETSI.RFC3161') || (type instanceof PdfName && type.name === 'DocTimeStamp');
    found.push({ end, contents: contents.bytes, documentTimestamp });
  };
  const form = doc.resolve(doc.catalog().get('AcroForm'));
  const fields = form instanceof PdfDict ? doc.resolve(form.get('Fields')) : undefined;
  if (Array.isArray(fields)) fields.forEach((f) => visit(f, 0));
  return found;
}

/** The furthest-reaching of `fields`, or undefined. */
const furthest = (fields: SignedField[]): SignedField | undefined => fields.reduce<SignedField | undefined>((a, f) => (!a || f.end > a.end ? f : a), undefined);

/** The signature (not a document time-stamp) whose byte range reaches furthest into the file. */
function lastSignature(doc: PdfDocument, trust: readonly Buffer[]): LastSignature {
  const best = furthest(signedFields(doc).filter((f) => !f.documentTimestamp));
  if (!best) throw new SigningError('PDF_MALFORMED', 'The document has no signature to add validation data for.');
  let sd: ReturnType<typeof parseSignedData>;
  try {
    sd = parseSignedData(best.contents);
  } catch {
    throw new SigningError('PDF_MALFORMED', "The last signature's /Contents is not a CMS SignedData.");
  }
  const si = sd.signerInfos[0];
  const cert = si && findSignerCert(sd, si);
  if (!si || !cert) throw new SigningError('CERT_INVALID', "The last signature's CMS does not carry its signer certificate.");
  const tokenTlv = si.unsignedAttrs.get(CMS_OID.signatureTimeStamp)?.[0];
  const token = tokenTlv && Buffer.from(raw(tokenTlv));
  const tsaCerts = token ? parseTimestampToken(token).certificates : [];
  // The chains from the signer and the TSA up to self-signed roots, from the CMS's certificates and the given ones.
  const pool = [...sd.certificates.map((c) => c.der), ...tsaCerts, ...loadCertificates(trust).map((c) => c.der)].map((der) => parseCertificate(der));
  const chain = [...issuersOf(cert.der, pool), ...tsaCerts.flatMap((c) => issuersOf(c, pool))];
  return { contents: best.contents, signer: { certificate: cert.der, chain }, ...(token ? { timestampToken: token } : {}) };
}

function issuersOf(der: Buffer, pool: ReturnType<typeof parseCertificate>[]): Buffer[] {
  const chain: Buffer[] = [];
  let current = parseCertificate(der);
  while (!current.issuerDer.equals(current.subjectDer) && chain.length < 8) {
    const issuer = pool.find((c) => c.subjectDer.equals(current.issuerDer) && !c.der.equals(current.der));
    if (!issuer) throw new SigningError('CERT_INVALID', `The issuer of certificate ${current.serialHex} is neither in the signature nor among the trusted certificates.`);
    chain.push(issuer.der);
    current = issuer;
  }
  return chain;
}

/**
 * PAdES B-T → B-LTA for a signature made elsewhere (a certified provider signs
 * at B-T, without validation data): appends a /DSS revision with the chain of
 * the document's last signature and of its signature time-stamp, an OCSP
 * response for each of their certificates and the CAs' CRLs, then a document
 * time-stamp from the configured TSA over it, the same revisions
 * `signPdf` appends for its own B-LTA, and a last /DSS revision with the
 * validation data of that TSA. Earlier bytes are kept as they are.
 */
export async function upgradeToLta(pdf: Buffer, options: UpgradeToLtaOptions): Promise<Buffer> {
  const out = new InMemoryPdf(pdf);
  const last = await PdfDocument.editing(out.source(), (doc) => lastSignature(doc, options.trust ?? []));
  await appendDss(out, options.revocation, last.signer, last);
  // The configured TSA may belong to another PKI than the provider's: its chain and
  // revocation data go in after the document time-stamp (as a renewal would add them).
  await appendTimestampWithValidation(out, options);
  return out.bytes();
}

/** The newest document time-stamp of a file, as a renewal decides on it. */
export interface ArchivalTimestamp {
  /** When the TSA's certificate expires: the time-stamp must be renewed before then. */
  tsaNotAfter: Date;
  /** The time the TSA certified. */
  genTime: Date;
  /** The message imprint's hash algorithm (sha1, sha256, …): a deprecated one is renewed at once. */
  hashAlgorithm: string;
  /** The /Contents value as written, for the /VRI key of its validation data. */
  contents: Buffer;
  token: Buffer;
}

/** What an archive needs to know of a file: is there a signature, and the newest document time-stamp after it. */
export interface ArchivalState {
  signed: boolean;
  /** The newest document time-stamp, when one covers the newest signature (PAdES B-LTA); undefined for B-B…B-LT. */
  documentTimestamp?: ArchivalTimestamp;
}

export function archivalState(pdf: Buffer): ArchivalState {
  const source = new InMemoryPdf(pdf).source();
  try {
    const doc = PdfDocument.open(source);
    const fields = signedFields(doc);
    const signatureEnd = furthest(fields.filter((f) => !f.documentTimestamp))?.end ?? -1;
    const newest = furthest(fields.filter((f) => f.documentTimestamp));
    if (!newest || newest.end < signatureEnd) return { signed: signatureEnd >= 0 };
    const token = Buffer.from(raw(readTlv(newest.contents, 0)));
    const info = parseTimestampToken(token);
    const tsaCert = info.certificates[0];
    if (!tsaCert) throw new SigningError('TSA_UNAVAILABLE', 'The newest document time-stamp does not carry the TSA certificate.');
    return {
      signed: signatureEnd >= 0,
      documentTimestamp: {
        tsaNotAfter: parseCertificate(tsaCert).notAfter, genTime: info.genTime, hashAlgorithm: HASH_BY_OID[info.hashAlgorithm] ?? info.hashAlgorithm,
        contents: newest.contents, token,
      },
    };
  } catch (e) {
    throw asSigningError(e);
  } finally {
    source.close();
  }
}

/**
 * Renews an archived B-LTA file before its newest document time-stamp's TSA
 * certificate expires (ETSI EN 319 142-1 §5.5): a /DSS revision with fresh
 * OCSP/CRL for that TSA's chain, a new document time-stamp from the configured
 * TSA over everything, then that TSA's own validation data. Earlier bytes are
 * kept as they are; each renewal extends the evidence of all before it.
 */
export async function renewDocumentTimestamp(pdf: Buffer, options: UpgradeToLtaOptions): Promise<Buffer> {
  const state = archivalState(pdf);
  if (!state.documentTimestamp) throw new SigningError('PDF_MALFORMED', 'The document has no document time-stamp to renew; upgrade it to B-LTA first.');
  const out = new InMemoryPdf(pdf);
  const trust = loadCertificates(options.trust ?? []).map((c) => c.der);
  const previous = parseTimestampToken(state.documentTimestamp.token).certificates;
  const oldPool = [...previous, ...trust].map((der) => parseCertificate(der));
  await appendDss(out, options.timestampRevocation ?? options.revocation, { certificate: previous[0]!, chain: issuersOf(previous[0]!, oldPool) }, { contents: state.documentTimestamp.contents });
  await appendTimestampWithValidation(out, options);
  return out.bytes();
}

/** A document time-stamp from the configured TSA, then a last /DSS revision with that TSA's chain and OCSP/CRL. */
async function appendTimestampWithValidation(out: GrowingPdf, options: UpgradeToLtaOptions): Promise<void> {
  const documentTimestamp = await appendDocumentTimestamp(out, options.timestamp);
  const token = Buffer.from(raw(readTlv(documentTimestamp, 0)));
  const tsaCerts = parseTimestampToken(token).certificates;
  const tsaCert = tsaCerts[0];
  if (!tsaCert) throw new SigningError('TSA_UNAVAILABLE', 'The document time-stamp does not carry the TSA certificate.');
  const pool = [...tsaCerts, ...loadCertificates(options.trust ?? []).map((c) => c.der)].map((der) => parseCertificate(der));
  await appendDss(out, options.timestampRevocation ?? options.revocation, { certificate: tsaCert, chain: issuersOf(tsaCert, pool) }, { contents: documentTimestamp });
}

