// Public verification (Verifikasi): the QR code on every TTE stamp opens
// /verifikasi/<token>, whose page asks GET /api/verify/:token; the token is
// 256 random bits stored with the signed version (document_version.
// verification_token), so nobody can walk the signed documents of the region
// by counting. Anyone may also upload a PDF to POST /api/verify. No sign-in,
// so both answer only with what a holder of the paper already sees
// (publicSummary), Rahasia and above even less; both are rate-limited per
// client address (req.ip: TRUST_PROXY decides whom X-Forwarded-For is believed from).
import { Agency, Document, DocumentVersion, type DomainEntityManager } from '@naskah/domain';
import { publicSummary, verifyWithTrust, type LabelledReport, type PublicSummary } from '@naskah/signing';
import { z } from '../openapi/zod.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors/problem.js';
import { fileBody, readLimited } from '../http/file-body.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { verificationTrust } from '../use-cases/verification-trust.js';
import { providerVerdict, type ProviderVerdict } from '../use-cases/provider-verification.js';

const reasonSchema = z.object({ code: z.string(), message: z.string(), id: z.string(), en: z.string() });
/** The anchor a signature chains to and what kind of TTE that makes it (PP 71/2019), in Indonesian and English. */
export const signatureTrustSchema = z.object({
  kind: z.enum(['certified', 'internal', 'untrusted']), anchor: z.string().nullable(), id: z.string(), en: z.string(),
}).openapi('SignatureTrust');
const verificationSchema = z.object({
  verdict: z.enum(['VALID', 'INVALID', 'INDETERMINATE']),
  status: z.enum(['VALID', 'INVALID', 'INDETERMINATE']),
  verdictText: z.object({ id: z.string(), en: z.string() }),
  documentId: z.string().nullable(),
  number: z.string().nullable(),
  hal: z.string().nullable(),
  checkedAt: z.string(),
  reasons: z.array(reasonSchema),
  signatures: z.array(z.object({
    signer: z.string().nullable(), position: z.string().nullable(), agency: z.string().nullable(),
    issuer: z.string().nullable(), signedAt: z.string().nullable(), timestampAt: z.string().nullable(),
    status: z.enum(['VALID', 'INVALID', 'INDETERMINATE']), trust: signatureTrustSchema, reasons: z.array(reasonSchema),
  })),
  provider: z.object({
    name: z.string(),
    available: z.boolean().describe('false: the provider did not answer ("tidak tersedia"); Naskah\'s verdict above stands either way'),
    label: z.object({ id: z.string(), en: z.string() }),
    conclusion: z.string().nullable(),
    signatures: z.array(z.object({
      signer: z.string().nullable(), signatureFormat: z.string().nullable().describe('e.g. PAdES-BASELINE-T (contract v2)'), ltv: z.boolean().nullable(),
      integrityValid: z.boolean(), certificateTrusted: z.boolean(),
    })),
  }).nullable().describe('The certificate provider\'s own verdict, per signature as it reports them (informational; never changes the verdict); null when no provider is configured for the document\'s agency or the PDF was uploaded'),
}).openapi('PublicVerification');
type PublicVerification = z.infer<typeof verificationSchema>;

/** Documents whose paper carries a TTE stamp; earlier states have nothing to verify. */
const signedStatuses = new Set(['signed', 'distributed', 'archived']);
/** Rahasia and above: the page says whether the signatures hold, not the subject, number or who signed. */
const confidential = new Set(['rahasia', 'sangat_rahasia']);

function present(
  report: LabelledReport, document: { id: number; number?: string | null; hal: string; classification: string } | null, provider: ProviderVerdict | null = null,
): PublicVerification {
  const summary: PublicSummary = publicSummary(report);
  const reasons = (list: PublicSummary['reasons']) => list.map((r) => ({ code: r.code, message: r.id, id: r.id, en: r.en }));
  const hidden = document ? confidential.has(document.classification) : false;
  return {
    verdict: summary.verdict,
    status: summary.verdict,
    verdictText: summary.verdictText,
    documentId: document && !hidden ? String(document.id) : null,
    number: document && !hidden ? document.number ?? null : null,
    hal: document && !hidden ? document.hal : null,
    checkedAt: new Date().toISOString(),
    reasons: reasons(summary.reasons),
    signatures: summary.signatures.map((s) => ({
      signer: hidden ? null : s.signer, position: hidden ? null : s.title, agency: hidden ? null : s.agency, issuer: s.issuer, signedAt: s.signedAt, timestampAt: s.timestampAt,
      // verifyWithTrust labels every signature.
      status: s.verdict, trust: s.trust!, reasons: reasons(s.reasons),
    })),
    // Rahasia: the provider names the signers too.
    provider: provider && hidden ? { ...provider, signatures: provider.signatures.map((sig) => ({ ...sig, signer: null })) } : provider,
  };
}

/** Naskah's verification and the provider's (for the document's agency), side by side; the provider never changes the verdict. */
async function verifiedWithProvider(em: DomainEntityManager, verify: (pdf: Buffer) => Promise<LabelledReport>, pdf: Buffer, agencyId: number): Promise<[LabelledReport, ProviderVerdict | null]> {
  const agency = await em.findOne(Agency, { id: agencyId }, { fields: ['code'] });
  return Promise.all([verify(pdf), agency ? providerVerdict(agency.code, pdf) : Promise.resolve(null)]);
}


/** Carries the wait so the route can send Retry-After. */
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `Too many verification requests; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/** base64url, as newVerificationToken makes them; anything else (an old numeric id too) is simply not found. */
const tokenParams = z.object({ token: z.string().min(1).max(128) });
const tokenShape = /^[A-Za-z0-9_-]{22,86}$/;

/** A fixed window per client address: enough for people scanning QR codes, too few to walk every id. */
export class PublicRateLimit {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly perWindow = 30, private readonly windowMs = 60_000, private readonly now: () => number = Date.now) {}

  take(client: string): void {
    const at = this.now();
    if (this.hits.size > 10_000) for (const [key, entry] of this.hits) if (entry.resetAt <= at) this.hits.delete(key);
    const entry = this.hits.get(client);
    if (!entry || entry.resetAt <= at) {
      this.hits.set(client, { count: 1, resetAt: at + this.windowMs });
      return;
    }
    entry.count += 1;
    if (entry.count > this.perWindow) {
      const seconds = Math.ceil((entry.resetAt - at) / 1000);
      throw new RateLimitedError(seconds);
    }
  }
}

export function verifyRoutes(api: ApiRouter, ctx: ApiContext, limit = new PublicRateLimit()): void {
  // The same trust configuration as the archive report and the auditor package.
  const verify = (pdf: Buffer) => verifyWithTrust(pdf, verificationTrust(ctx.config));

  defineRoute(api, {
    method: 'post', path: '/verify', tag: 'verification', access: 'public', status: 200,
    rawBody: { mediaType: 'application/pdf' }, errors: [413, 415, 429],
    summary: 'Verify an uploaded PDF (application/pdf body or multipart field "file"): verdict, signers, times, reasons',
    response: verificationSchema,
  }, async ({ req }) => {
    limit.take(req.ip ?? 'unknown');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > ctx.uploadLimitBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${Math.round(ctx.uploadLimitBytes / 1048576)} MB.`, { field: 'file' });
    }
    const pdf = await readLimited(await fileBody(req), ctx.uploadLimitBytes, () =>
      new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${Math.round(ctx.uploadLimitBytes / 1048576)} MB.`, { field: 'file' }));
    if (pdf.subarray(0, 1024).indexOf('%PDF-') < 0) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'The file is not a PDF.', { field: 'file' });
    }
    return present(await verify(pdf), null);
  });

  defineRoute(api, {
    method: 'get', path: '/verify/:token', tag: 'verification', access: 'public', params: tokenParams, errors: [404, 429],
    summary: 'The QR target: verification of the signed document as stored, found by the token of one of its signed versions (only what the paper already shows)',
    response: verificationSchema,
  }, async ({ req, params }) => {
    limit.take(req.ip ?? 'unknown');
    const em = ctx.orm.em.fork();
    const notFound = () => new AppError('NOT_FOUND', 404, 'No signed document with this verification code.', { field: 'token' });
    if (!tokenShape.test(params.token)) throw notFound();
    const signedVersion = await em.findOne(DocumentVersion, { verificationToken: params.token }, { fields: ['document'] });
    if (!signedVersion) throw notFound();
    const document = await em.findOne(Document, { id: signedVersion.document.id });
    if (!document || !signedStatuses.has(document.status)) throw notFound();
    // The newest version carries every signature added after this one too: the paper's final state.
    const version = await em.findOne(DocumentVersion, { document: document.id }, { orderBy: { no: 'desc' } });
    if (!version) throw notFound();
    const pdf = Buffer.concat(await (await ctx.store.get(version.objectKey)).toArray() as Buffer[]);
    const [report, provider] = await verifiedWithProvider(em, verify, pdf, document.agency.id);
    return present(report, document, provider);
  });

  defineRoute(api, {
    method: 'get', path: '/documents/:id/verification', tag: 'documents', access: 'any', resource: 'document', params: idParams, errors: [404, 409],
    summary: 'The document page: verification of the newest stored version of a signed document, with the same trust configuration as the public page and the archive report',
    response: verificationSchema,
  }, async ({ params }) => {
    const em = ctx.orm.em.fork();
    const document = await em.findOne(Document, { id: params.id });
    if (!document) throw new AppError('NOT_FOUND', 404, `No document ${params.id}.`, { field: 'id' });
    if (!signedStatuses.has(document.status)) {
      throw new AppError('DOCUMENT_NOT_SIGNED', 409, `Document ${params.id} is ${document.status}: there is no signature to verify yet.`, { field: 'id' });
    }
    const version = await em.findOne(DocumentVersion, { document: document.id }, { orderBy: { no: 'desc' } });
    if (!version) throw new AppError('NOT_FOUND', 404, `Document ${params.id} has no stored version.`, { field: 'id' });
    const pdf = Buffer.concat(await (await ctx.store.get(version.objectKey)).toArray() as Buffer[]);
    const [report, provider] = await verifiedWithProvider(em, verify, pdf, document.agency.id);
    // Whoever may open the document sees it in full: no Rahasia hiding here (the policy already decided).
    return present(report, { id: document.id, number: document.number ?? null, hal: document.hal, classification: 'biasa' }, provider);
  });
}
