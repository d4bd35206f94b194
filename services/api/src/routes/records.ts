import { z } from '../openapi/zod.js';
import { verifyAuditChain, visibleScope } from '@naskah/domain';
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

export function recordRoutes(api: ApiRouter, ctx: ApiContext): void {
  // Keys stay in the signing engine's keystore: rows only. Signers see their own, admins and auditors all.
  readResource(api, ctx, {
    name: 'certificates', tag: 'certificates', access: 'any', resource: 'certificate', schema: certificateSchema, description: 'signing certificates',
    spec: (viewer) => ({
      from: 'certificate c join person p on p.id = c.person_id',
      columns: { id: 'c.id', personId: 'c.person_id', personName: 'p.name', serial: 'c.serial', subject: 'c.subject', issuer: 'c.issuer',
        status: 'c.status', notBefore: 'c.not_before', notAfter: 'c.not_after', provider: 'c.provider', publicBaseUrl: 'c.public_base_url' },
      filters: { id: { sql: 'c.id', kind: 'int' }, personId: { sql: 'c.person_id', kind: 'int' }, status: { sql: 'c.status', kind: 'eq' }, serial: { sql: 'c.serial', kind: 'eq' } },
      sortable: ['id', 'notAfter', 'status'], defaultSort: { field: 'id', order: 'ASC' },
      where: visibleScope(viewer, 'certificate'),
    }),
  });
  readResource(api, ctx, {
    name: 'archive', tag: 'archive', access: 'any', resource: 'archive_record', schema: archiveSchema, description: 'archived records (arsip) of documents visible to you',
    spec: (viewer) => ({
      from: 'archive_record ar join document d on d.id = ar.document_id',
      columns: { id: 'ar.id', documentId: 'ar.document_id', hal: 'd.hal', number: 'd.number', agencyId: 'd.agency_id', objectKey: 'ar.object_key',
        // float8: pg hands bigint over as a string; a PDF size is exact in a double.
        versionId: 'ar.version_id', sha256: 'ar.sha256', size: 'ar.size::float8', archiveCode: 'ar.archive_code', retentionUntil: 'ar.retention_until', fate: 'ar.fate',
        legalHold: 'ar.legal_hold', archivedAt: 'ar.archived_at', type: 'd.type', classification: 'd.classification' },
      filters: { q: { search: ['d.hal', 'd.number'], kind: 'search' }, id: { sql: 'ar.id', kind: 'int' }, archiveCode: { sql: 'ar.archive_code', kind: 'eq' },
        fate: { sql: 'ar.fate', kind: 'eq' }, legalHold: { sql: 'ar.legal_hold', kind: 'bool' }, agencyId: { sql: 'd.agency_id', kind: 'int' },
        number: { sql: 'd.number', kind: 'eq' }, type: { sql: 'd.type', kind: 'eq' }, classification: { sql: 'd.classification', kind: 'eq' },
        from: { sql: 'ar.archived_at', kind: 'dateFrom' }, to: { sql: 'ar.archived_at', kind: 'dateTo' } },
      sortable: ['id', 'archivedAt', 'retentionUntil', 'archiveCode'], defaultSort: { field: 'archivedAt', order: 'DESC' },
      where: visibleScope(viewer, 'archive_record'),
    }),
  });
  readResource(api, ctx, {
    name: 'audit-events', tag: 'audit', access: ['auditor', 'admin'], resource: 'audit_event', schema: auditEventSchema, description: 'audit trail events',
    spec: () => ({
      from: 'audit_event e',
      // bigint columns: pg hands them over as strings; float8 keeps them numbers (exact up to 2^53, the schema's integer).
      columns: { id: 'e.id::float8', seq: 'e.seq::float8', actorId: 'e.actor_id', actorName: 'e.actor_name', onBehalfOf: 'e.on_behalf_of', action: 'e.action',
        subjectType: 'e.subject_type', subjectId: 'e.subject_id', agencyId: 'e.agency_id', at: 'e.at', data: 'e.data', prevHash: 'e.prev_hash', hash: 'e.hash' },
      filters: { id: { sql: 'e.id', kind: 'int' }, action: { sql: 'e.action', kind: 'eq' }, actorId: { sql: 'e.actor_id', kind: 'int' },
        subjectType: { sql: 'e.subject_type', kind: 'eq' }, subjectId: { sql: 'e.subject_id', kind: 'eq' }, agencyId: { sql: 'e.agency_id', kind: 'int' },
        from: { sql: 'e.at', kind: 'dateFrom' }, to: { sql: 'e.at', kind: 'dateTo' } },
      sortable: ['id', 'seq', 'at', 'action'], defaultSort: { field: 'seq', order: 'DESC' },
    }),
  });
  defineRoute(api, {
    method: 'get', path: '/audit/verify', tag: 'audit', access: ['auditor', 'admin'],
    summary: 'Re-walk the audit hash chain; names the first broken link', response: verifySchema,
  }, async () => verifyAuditChain(ctx.orm.em.fork()));
}
