// Archive actions beyond the list/read in records.ts: the auditor package,
// the final PDF, legal hold, the JRA table, and the life-cycle pass.
import type { Readable } from 'node:stream';
import type { Response } from 'express';
import type { Client as MinioClient } from 'minio';
import { trimmed, z } from '../openapi/zod.js';
import { dbIdParam } from '../schemas/common.js';
import {
  approveDestructionProposal, archiveErrorStatus, archiveStorage, getDestructionProposal, listDestructionProposals, openArchivedPdf,
  openArchiveVerification, openAuditorPackage, openDestructionDocument, rejectDestructionProposal, reviewArchiveLifecycle, setLegalHold,
  type ArchiveContext, type ArchiveVerificationReport,
} from '@naskah/archive';
import { listRetentionRules, retentionRuleListSource } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { registerProblemCodes } from '../errors/problem.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { updateRetentionRule } from './update-retention-rule.js';
import { verificationTrust } from '../use-cases/verification-trust.js';
import { signatureTrustSchema } from './verify.js';

registerProblemCodes(archiveErrorStatus);


const rules = retentionRuleListSource.columns;

const retentionRuleSchema = z.object({
  id: z.number().int(), codePrefix: z.string(), description: z.string(), activeYears: z.number().int(), inactiveYears: z.number().int(),
  fate: z.enum(['musnah', 'permanen', 'dinilai_kembali']),
}).openapi('RetentionRule');

const reasonSchema = z.object({ code: z.string(), message: z.string(), id: z.string(), en: z.string() });
const verdictSchema = z.enum(['VALID', 'INVALID', 'INDETERMINATE']);
const archiveVerificationSchema = z.object({
  archiveId: z.number().int(), documentId: z.number().int(), number: z.string().nullable(), hal: z.string(), sha256: z.string(),
  checkedAt: z.string(), status: verdictSchema, verdictText: z.object({ id: z.string(), en: z.string() }), reasons: z.array(reasonSchema),
  signatures: z.array(z.object({
    signer: z.string().nullable(), position: z.string().nullable(), agency: z.string().nullable(), issuer: z.string().nullable(),
    signedAt: z.string().nullable(), timestampAt: z.string().nullable(), status: verdictSchema, trust: signatureTrustSchema, reasons: z.array(reasonSchema),
  })),
  /** The verifier's full report (every check, certificate chain, revocation data), as the auditor package ships it. */
  report: z.record(z.string(), z.unknown()),
}).openapi('ArchiveVerification');

function presentVerification(v: ArchiveVerificationReport): z.infer<typeof archiveVerificationSchema> {
  const reasons = (list: readonly { code: string; id: string; en: string }[]) => list.map((r) => ({ code: r.code, message: r.id, id: r.id, en: r.en }));
  return {
    archiveId: v.archiveId, documentId: v.documentId, number: v.number, hal: v.hal, sha256: v.sha256, checkedAt: v.checkedAt.toISOString(),
    status: v.summary.verdict, verdictText: v.summary.verdictText, reasons: reasons(v.summary.reasons),
    signatures: v.summary.signatures.map((s) => ({
      signer: s.signer, position: s.title, agency: s.agency, issuer: s.issuer, signedAt: s.signedAt, timestampAt: s.timestampAt,
      status: s.verdict, trust: s.trust!, reasons: reasons(s.reasons),
    })),
    report: JSON.parse(JSON.stringify(v.report)) as Record<string, unknown>,
  };
}

const destructionProposalSchema = z.object({
  id: z.number().int(), objectKey: z.string(), proposedAt: z.string(), status: z.enum(['diajukan', 'disetujui', 'ditolak', 'dimusnahkan']),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(), beritaAcaraKey: z.string().nullable(),
  records: z.array(z.object({
    archiveId: z.number().int(), documentId: z.number().int(), number: z.string().nullable(), hal: z.string(), archiveCode: z.string(), objectKey: z.string(),
    sha256: z.string(), size: z.number().int(), retentionUntil: z.string(), legalHold: z.boolean(), destroyedAt: z.string().nullable(),
  })),
}).openapi('DestructionProposal');
const decisionBody = z.object({ note: trimmed(3, 1000) }).strict();

/** Who decides on an usul musnah: admins and the records unit (secretariat). */
const destructionDeciders = ['admin', 'secretariat'] as const;

/** Who reads the JRA: admins, auditors, and the records unit (the secretariat role: TU/sekretariat keeps the agency's records). */
const jraReaders = ['admin', 'auditor', 'secretariat'] as const;

export function archivePackageRoutes(api: ApiRouter, ctx: ApiContext, storage: MinioClient): void {
  const archive: ArchiveContext = { orm: ctx.orm, storage: archiveStorage(ctx.config, storage) };
  // The public page's trust configuration: one verdict for one file wherever it is asked.
  const trust = () => verificationTrust(ctx.config);

  /** Pipes an archived object into the answer, whose other headers are set. They are gone once bytes flow: a storage failure mid-stream is logged and can only cut the download short. */
  const streamOut = (res: Response, stream: Readable, subject: Record<string, unknown>, failure: string): Promise<undefined> => new Promise((resolve) => {
    // Archived records (and packages of them) may be classified: no cache keeps a copy.
    res.setHeader('Cache-Control', 'no-store');
    stream.on('error', (error) => { ctx.logger.error({ err: error, ...subject }, failure); res.destroy(); resolve(undefined); });
    res.on('close', () => resolve(undefined));
    stream.pipe(res);
  });

  defineRoute(api, {
    method: 'get', path: '/archive/:id/package', tag: 'archive', access: ['auditor', 'admin'], resource: 'archive_record', params: idParams, errors: [404],
    summary: 'Auditor package (ZIP): final PDF, every version, verification report and audit trail (JSON + PDF), manifest of SHA-256s',
    response: { mediaType: 'application/zip' },
  }, async ({ res, viewer, params }) => {
    const pkg = await openAuditorPackage(archive, params.id, viewer, { trust: trust() });
    res.status(200).setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${pkg.filename}"`);
    return streamOut(res, pkg.stream, { archiveId: params.id }, 'archive package stream failed');
  });

  defineRoute(api, {
    method: 'get', path: '/archive/:id/verification', tag: 'archive', access: ['auditor', 'admin'], resource: 'archive_record', params: idParams, errors: [404],
    summary: 'Verification report of the archived final PDF (the same verifier and trust configuration as the public page and the auditor package; audited)',
    response: archiveVerificationSchema,
  }, async ({ viewer, params }) => presentVerification(await openArchiveVerification(archive, params.id, viewer, { trust: trust() })));

  defineRoute(api, {
    method: 'get', path: '/archive/:id/pdf', tag: 'archive', access: ['auditor', 'admin'], resource: 'archive_record', params: idParams, errors: [404],
    summary: 'The archived final PDF, from its locked version (X-Content-SHA256 carries its recorded hash; audited)', response: { mediaType: 'application/pdf' },
  }, async ({ res, viewer, params }) => {
    const pdf = await openArchivedPdf(archive, params.id, viewer);
    res.status(200).setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${pdf.filename}"`);
    res.setHeader('X-Content-SHA256', pdf.sha256);
    return streamOut(res, pdf.stream, { archiveId: params.id }, 'archive pdf stream failed');
  });

  defineRoute(api, {
    method: 'get', path: '/archive/retention-schedule', tag: 'archive', access: jraReaders,
    summary: 'The JRA (jadwal retensi arsip): per kode klasifikasi prefix, years active and inactive and the final fate',
    response: z.array(retentionRuleSchema),
  }, async () => listRetentionRules(ctx.orm.em.fork()));

  defineRoute(api, {
    method: 'get', path: '/archive/destruction-proposals', tag: 'archive', access: destructionDeciders,
    summary: 'Usul musnah (destruction proposals), newest first, with the records each lists', response: z.array(destructionProposalSchema),
  }, async () => listDestructionProposals(archive));

  defineRoute(api, {
    method: 'get', path: '/archive/destruction-proposals/:id', tag: 'archive', access: destructionDeciders, resource: 'destruction_proposal', params: idParams, errors: [404],
    summary: 'One usul musnah with its records', response: destructionProposalSchema,
  }, async ({ params }) => getDestructionProposal(archive, params.id));

  defineRoute(api, {
    method: 'post', path: '/archive/destruction-proposals/:id/approve', tag: 'archive', access: destructionDeciders, resource: 'destruction_proposal', params: idParams, body: decisionBody,
    status: 200, errors: [404, 409],
    summary: 'Approve an usul musnah and carry it out: locked object versions deleted once retention ended, records marked destroyed, Berita Acara Pemusnahan Arsip kept (409 naming any record under legal hold, not yet past retention, or refused by storage)',
    response: destructionProposalSchema,
  }, async ({ viewer, params, body }) => approveDestructionProposal(archive, params.id, { personId: viewer.personId, name: viewer.name }, body.note));

  defineRoute(api, {
    method: 'post', path: '/archive/destruction-proposals/:id/reject', tag: 'archive', access: destructionDeciders, resource: 'destruction_proposal', params: idParams, body: decisionBody,
    status: 200, errors: [404, 409], summary: 'Reject an usul musnah with a note (the records stay archived)', response: destructionProposalSchema,
  }, async ({ viewer, params, body }) => rejectDestructionProposal(archive, params.id, { personId: viewer.personId, name: viewer.name }, body.note));

  defineRoute(api, {
    method: 'get', path: '/archive/destruction-proposals/:id/:document', tag: 'archive', access: destructionDeciders, resource: 'destruction_proposal',
    params: z.object({ id: dbIdParam(), document: z.enum(['usul', 'berita-acara']) }), errors: [404],
    summary: 'The usul musnah PDF, or the Berita Acara Pemusnahan Arsip once carried out', response: { mediaType: 'application/pdf' },
  }, async ({ res, params }) => {
    const pdf = await openDestructionDocument(archive, params.id, params.document);
    res.status(200).setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${pdf.filename}"`);
    return streamOut(res, pdf.stream, { proposalId: params.id }, 'usul musnah pdf stream failed');
  });

  defineRoute(api, {
    method: 'put', path: '/archive/:id/legal-hold', tag: 'archive', access: ['admin'], resource: 'archive_record', params: idParams, errors: [404],
    body: z.object({ on: z.boolean(), reason: z.string().min(3).max(500) }).strict(),
    summary: 'Legal hold on or off for an investigation (audited)', response: z.object({ legalHold: z.boolean() }),
  }, async ({ viewer, params, body }) => setLegalHold(archive, params.id, body.on, { id: viewer.personId, name: viewer.name }, body.reason));

  defineRoute(api, {
    method: 'post', path: '/archive/lifecycle/review', tag: 'archive', access: ['admin'], status: 200,
    summary: 'Run the life-cycle pass: inactive custody, usul musnah with berita acara, permanen flagged for transfer',
    response: z.object({ movedInactive: z.array(z.number()), destructionProposal: z.object({ id: z.number(), key: z.string(), archiveIds: z.array(z.number()) }).nullable(),
      flaggedForTransfer: z.array(z.number()), flaggedForReappraisal: z.array(z.number()) }),
  }, async () => reviewArchiveLifecycle(archive));

  readResource(api, ctx, {
    name: 'retention-rules', tag: 'archive', access: 'any', resource: 'retention_rule', schema: retentionRuleSchema, description: 'JRA retention rules',
    spec: () => ({
      ...retentionRuleListSource,
      filters: { id: { sql: rules.id, kind: 'int' }, fate: { sql: rules.fate, kind: 'eq' }, q: { search: [rules.codePrefix, rules.description], kind: 'search' } },
      sortable: ['id', 'codePrefix'], defaultSort: { field: 'codePrefix', order: 'ASC' },
    }),
  });
  defineRoute(api, {
    method: 'put', path: '/retention-rules/:id', tag: 'archive', access: ['admin'], resource: 'retention_rule', params: idParams, errors: [404],
    body: z.object({ description: z.string().min(3).max(255), activeYears: z.number().int().min(0).max(100), inactiveYears: z.number().int().min(0).max(100),
      fate: z.enum(['musnah', 'permanen', 'dinilai_kembali']) }).partial().strict(),
    summary: 'Edit a JRA rule (applies to records archived from now on; audited)', response: retentionRuleSchema,
  }, async ({ viewer, params, body }) => updateRetentionRule(ctx.orm.em.fork(), viewer, params.id, body));
}
