import { z } from '../openapi/zod.js';
import { archiveListSource, auditEventListSource, certificateListSource, verifyAuditChain, visibleScope } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';

export const certificateSchema = z.object({
  id: z.number().int(), personId: z.number().int(), personName: z.string(), serial: z.string(), subject: z.string(), issuer: z.string(),
  status: z.enum(['active', 'revoked', 'expired']), notBefore: z.string(), notAfter: z.string(), provider: z.enum(['internal', 'gateway']),
  /** PUBLIC_BASE_URL the internal CA issued it with (its AIA/OCSP/CRL addresses hang under <this>/api/pki); null for a provider's. */
  publicBaseUrl: z.string().nullable(),
}).openapi('Certificate');
const archiveSchema = z.object({
  id: z.number().int(), documentId: z.number().int(), hal: z.string(), number: z.string().nullable(), agencyId: z.number().int(),
  objectKey: z.string(), versionId: z.string().nullable(), sha256: z.string(), size: z.number().int(), archiveCode: z.string(), retentionUntil: z.string(),
  fate: z.enum(['musnah', 'permanen', 'dinilai_kembali']), legalHold: z.boolean(), archivedAt: z.string(), type: z.string(), classification: z.string(),
}).openapi('ArchiveRecord');
const auditEventSchema = z.object({
  id: z.number().int(), seq: z.number().int(), actorId: z.number().int().nullable(), actorName: z.string(), onBehalfOf: z.string().nullable(),
  action: z.string(), subjectType: z.string(), subjectId: z.string(), agencyId: z.number().int().nullable(), at: z.string(),
  data: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string(),
}).openapi('AuditEvent');
const verifySchema = z.object({
  ok: z.boolean(), checked: z.number().int(), headHash: z.string(),
  firstBreak: z.object({ seq: z.number().int(), id: z.number().int(), reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap']), expectedSeq: z.number().int().optional() }).nullable(),
}).openapi('AuditVerification');

const cert = certificateListSource.columns;
const arsip = archiveListSource.columns;
const audit = auditEventListSource.columns;

export function recordRoutes(api: ApiRouter, ctx: ApiContext): void {
  // Keys stay in the signing engine's keystore: rows only. Signers see their own, admins and auditors all.
  readResource(api, ctx, {
    name: 'certificates', tag: 'certificates', access: 'any', resource: 'certificate', schema: certificateSchema, description: 'signing certificates',
    spec: (viewer) => ({
      ...certificateListSource,
      filters: { id: { sql: cert.id, kind: 'int' }, personId: { sql: cert.personId, kind: 'int' }, status: { sql: cert.status, kind: 'eq' }, serial: { sql: cert.serial, kind: 'eq' } },
      sortable: ['id', 'notAfter', 'status'], defaultSort: { field: 'id', order: 'ASC' },
      where: visibleScope(viewer, 'certificate'),
    }),
  });
  readResource(api, ctx, {
    name: 'archive', tag: 'archive', access: 'any', resource: 'archive_record', schema: archiveSchema, description: 'archived records (arsip) of documents visible to you',
    spec: (viewer) => ({
      ...archiveListSource,
      filters: { q: { search: [arsip.hal, arsip.number], kind: 'search' }, id: { sql: arsip.id, kind: 'int' }, archiveCode: { sql: arsip.archiveCode, kind: 'eq' },
        fate: { sql: arsip.fate, kind: 'eq' }, legalHold: { sql: arsip.legalHold, kind: 'bool' }, agencyId: { sql: arsip.agencyId, kind: 'int' },
        number: { sql: arsip.number, kind: 'eq' }, type: { sql: arsip.type, kind: 'eq' }, classification: { sql: arsip.classification, kind: 'eq' },
        from: { sql: arsip.archivedAt, kind: 'dateFrom' }, to: { sql: arsip.archivedAt, kind: 'dateTo' } },
      sortable: ['id', 'archivedAt', 'retentionUntil', 'archiveCode'], defaultSort: { field: 'archivedAt', order: 'DESC' },
      where: visibleScope(viewer, 'archive_record'),
      // Auditors see every record of the Pemda: not counted on every page.
      partialPagination: true,
    }),
  });
  readResource(api, ctx, {
    name: 'audit-events', tag: 'audit', access: ['auditor', 'admin'], resource: 'audit_event', schema: auditEventSchema, description: 'audit trail events',
    spec: () => ({
      ...auditEventListSource,
      // Filters on the bare columns (the listed id and seq are cast to float8), so their indexes serve.
      filters: { id: { sql: 'e.id', kind: 'int' }, action: { sql: audit.action, kind: 'eq' }, actorId: { sql: audit.actorId, kind: 'int' },
        subjectType: { sql: audit.subjectType, kind: 'eq' }, subjectId: { sql: audit.subjectId, kind: 'eq' }, agencyId: { sql: audit.agencyId, kind: 'int' },
        from: { sql: audit.at, kind: 'dateFrom' }, to: { sql: audit.at, kind: 'dateTo' } },
      sortable: ['id', 'seq', 'at', 'action'], defaultSort: { field: 'seq', order: 'DESC' },
    }),
  });
  defineRoute(api, {
    method: 'get', path: '/audit/verify', tag: 'audit', access: ['auditor', 'admin'],
    summary: 'Re-walk the audit hash chain; names the first broken link', response: verifySchema,
  }, async () => verifyAuditChain(ctx.orm.em.fork()));
}
