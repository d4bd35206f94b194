import { trimmed, z } from '../openapi/zod.js';
import { dbId } from './common.js';
import { documentStatuses, documentTypes, securityClassifications, sifatLevels } from '@naskah/domain';

const archiveCodeSchema = z.string().regex(/^\d{3}(\.\d{1,3}){0,4}$/, 'must be a kode klasifikasi arsip such as 000.1.2.3');
const addresseeSchema = z.object({
  positionId: dbId().optional(),
  name: trimmed(1, 300),
}).strict().openapi('Addressee');

const draftFields = {
  type: z.enum(documentTypes),
  hal: trimmed(3, 1000),
  sifat: z.enum(sifatLevels).default('biasa'),
  classification: z.enum(securityClassifications).default('biasa'),
  archiveCode: archiveCodeSchema,
  lampiran: z.number().int().min(0).max(999).default(0),
  kepada: z.array(addresseeSchema).min(1).max(100),
  tembusan: z.array(addresseeSchema).max(100).default([]),
  content: z.record(z.string(), z.unknown()).default({}),
  /** Up to three paraf, in hierarchy order (lowest first). */
  reviewerPositionIds: z.array(dbId()).max(3).default([]),
  signerPositionId: dbId().optional(),
  /**
   * Instead of signerPositionId, several signers: groups sign one after the
   * other, the positions inside a group in parallel (both parties of an
   * agreement). `[[a, b], [c]]`: a and b in either order, then c.
   */
  signerGroups: z.array(z.array(dbId())).optional(),
};

export const createDraftBody = z.object(draftFields).strict().openapi('CreateDraft');
export const updateDraftBody = z.object({
  type: draftFields.type, hal: draftFields.hal, sifat: z.enum(sifatLevels), classification: z.enum(securityClassifications),
  archiveCode: archiveCodeSchema, lampiran: z.number().int().min(0).max(999), kepada: draftFields.kepada,
  tembusan: z.array(addresseeSchema).max(100), content: z.record(z.string(), z.unknown()),
  reviewerPositionIds: z.array(dbId()).max(3), signerPositionId: dbId().nullable(),
  signerGroups: z.array(z.array(dbId())).nullable(),
}).partial().strict().openapi('UpdateDraft');

export const documentSchema = z.object({
  id: z.number().int(), agencyId: z.number().int(), type: z.enum(documentTypes), hal: z.string(), sifat: z.enum(sifatLevels),
  classification: z.enum(securityClassifications), archiveCode: z.string(), lampiran: z.number().int(),
  kepada: z.array(addresseeSchema), tembusan: z.array(addresseeSchema), drafterId: z.number().int(), drafterName: z.string(),
  signerPositionId: z.number().int().nullable(), status: z.enum(documentStatuses), number: z.string().nullable(),
  createdAt: z.string(), updatedAt: z.string(),
}).openapi('Document');

export const documentDetailSchema = documentSchema.extend({
  content: z.record(z.string(), z.unknown()),
  versions: z.array(z.object({ no: z.number().int(), sha256: z.string(), size: z.number(), reason: z.string(), authorId: z.number().int(), createdAt: z.string() })),
  steps: z.array(z.object({ id: z.number().int(), kind: z.enum(['paraf', 'sign']), order: z.number().int(), positionId: z.number().int(), state: z.string(), note: z.string().nullable(), actedAt: z.string().nullable() })),
  /** Certified signing requests sent whose answer never came: the provider may have signed; the signer must confirm before sending again. */
  signingOutcomesUnknown: z.array(z.object({ personId: z.number().int(), version: z.number().int(), provider: z.string(), at: z.string() })),
}).openapi('DocumentDetail');
