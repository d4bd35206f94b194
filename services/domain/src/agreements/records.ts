// The records of a perjanjian kinerja / kerja sama: the one module that names
// the agreement, indicator and progress_report tables. The konsep is written
// here when the drafter makes it (like a document's konsep, before any
// process); from submission on, only the AgreementWorkflow's activities call
// the writes below (status, quarter reports, revisions, the year's close),
// each in the activity's transaction with its audit event.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import type { AgreementStatus, EvidenceFileRef, EvidenceMediaType, IndicatorDirection } from '../rulebook/vocabularies.js';
import type { ListSource } from '../list-source.js';

/** An indicator (IKU) as the agreement states it; `code` names it within the agreement and across its revisions. */
export interface AgreementIndicator {
  code: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  targetYear: number;
  targetQuarters: [number, number, number, number];
}

export interface AgreementDraft {
  kind: 'kinerja' | 'kerja_sama';
  agencyId: number;
  title: string;
  year: number;
  /** Position ids of the parties: the first is the official who commits, the next their superior. */
  parties: number[];
  parallel: boolean;
  indicators: AgreementIndicator[];
}

/** The konsep with its indicators, in one transaction with its audit event. */
export async function draftAgreement(em: EntityManager, actor: AuditActor, draft: AgreementDraft): Promise<{ id: number }> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into agreement (kind, agency_id, title, year, version, parties, parallel, status, created_at) values (?, ?, ?, ?, 1, ?::jsonb, ?, 'draft', now()) returning id`,
      [draft.kind, draft.agencyId, draft.title, draft.year, JSON.stringify(draft.parties), draft.parallel]);
    const id = row!.id;
    for (const indicator of draft.indicators) {
      const [q1, q2, q3, q4] = indicator.targetQuarters;
      await tx.execute(
        `insert into indicator (agreement_id, code, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, indicator.code, indicator.name, indicator.unit, indicator.direction, indicator.targetYear, q1, q2, q3, q4]);
    }
    await recordAudit(tx, {
      actor, action: 'agreement.created', subjectType: 'agreement', subjectId: id, agencyId: draft.agencyId,
      data: { kind: draft.kind, title: draft.title, year: draft.year, parties: draft.parties, indicators: draft.indicators.length },
    });
    return { id };
  });
}

export interface AgreementRecord {
  id: number;
  agencyId: number;
  agencyCode: string;
  title: string;
  year: number;
  version: number;
  parties: number[];
  parallel: boolean;
  status: AgreementStatus;
  documentId: number | null;
  indicators: AgreementIndicator[];
}

/** The agreement and its indicators as the workflow is started with them; undefined when there is none. */
export async function loadAgreement(em: EntityManager, agreementId: number): Promise<AgreementRecord | undefined> {
  const [g] = await em.execute<{ id: number; agency_id: number; code: string; title: string; year: number; version: number; parties: number[]; parallel: boolean; status: AgreementStatus; document_id: number | null }[]>(
    `select g.id, g.agency_id, a.code, g.title, g.year, g.version, g.parties, g.parallel, g.status, g.document_id from agreement g join agency a on a.id = g.agency_id where g.id = ?`,
    [agreementId]);
  if (!g) return undefined;
  const rows = await em.execute<{ code: string; name: string; unit: string; direction: IndicatorDirection; y: number; q1: number; q2: number; q3: number; q4: number }[]>(
    `select code, name, unit, direction, target_year::float8 as y, target_q1::float8 as q1, target_q2::float8 as q2, target_q3::float8 as q3, target_q4::float8 as q4
       from indicator where agreement_id = ? order by code`, [agreementId]);
  return {
    id: g.id, agencyId: g.agency_id, agencyCode: g.code, title: g.title, year: g.year, version: g.version, parties: g.parties, parallel: g.parallel,
    status: g.status, documentId: g.document_id,
    indicators: rows.map((r) => ({ code: r.code, name: r.name, unit: r.unit, direction: r.direction, targetYear: r.y, targetQuarters: [r.q1, r.q2, r.q3, r.q4] })),
  };
}

export interface IndicatorProgress {
  id: number;
  code: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  targetYear: number;
  targetQ1: number;
  targetQ2: number;
  targetQ3: number;
  targetQ4: number;
  reports: {
    quarter: number; realisation: number; achievement: number; evidence: string; evidenceObjectKey: string | null;
    /** The bukti dukung file, downloadable by its sha256; null when the report carries only text. */
    evidenceFile: { sha256: string; name: string; contentType: string; size: number } | null;
    reportedAt: string;
  }[];
}

/** Indicators with their quarterly realisation and achievement, by code. */
export async function indicatorProgress(em: EntityManager, agreementId: number): Promise<IndicatorProgress[]> {
  return em.execute<IndicatorProgress[]>(
    `select i.id, i.code, i.name, i.unit, i.direction, i.target_year::float8 as "targetYear", i.target_q1::float8 as "targetQ1",
        i.target_q2::float8 as "targetQ2", i.target_q3::float8 as "targetQ3", i.target_q4::float8 as "targetQ4",
        coalesce((select json_agg(json_build_object('quarter', r.quarter, 'realisation', r.realisation::float8, 'achievement', r.achievement::float8,
            'evidence', r.evidence, 'evidenceObjectKey', r.evidence_object_key,
            'evidenceFile', case when r.evidence_sha256 is null then null else json_build_object('sha256', r.evidence_sha256, 'name', r.evidence_name,
              'contentType', r.evidence_content_type, 'size', r.evidence_size) end,
            'reportedAt', r.reported_at) order by r.quarter)
          from progress_report r where r.indicator_id = i.id), '[]') as reports
      from indicator i where i.agreement_id = ? order by i.code`, [agreementId]);
}

/** The status the workflow reports, and the document being signed (or signed) when there is one. */
export async function setAgreementStatus(em: EntityManager, agreementId: number, status: AgreementStatus, documentId?: number): Promise<void> {
  await em.execute('update agreement set status = ?, document_id = coalesce(?, document_id) where id = ?', [status, documentId ?? null, agreementId]);
}

export interface QuarterRealisation {
  code: string;
  value: number;
  evidence: string;
  evidenceObjectKey: string | null;
  evidenceFile?: EvidenceFileRef | null;
  /** The rulebook's achievementPercent, as the workflow computed it. */
  achievement: number;
}

/**
 * One progress_report row per indicator for the quarter: inserted once, a retry
 * finds the row (unique per indicator and quarter) and leaves it.
 */
export async function recordQuarterRealisations(em: EntityManager, agreementId: number, quarter: number, reportedBy: number, realisations: QuarterRealisation[]): Promise<void> {
  for (const r of realisations) {
    await em.execute(
      `insert into progress_report (indicator_id, quarter, realisation, evidence, evidence_object_key, evidence_sha256, evidence_name, evidence_content_type, evidence_size,
         achievement, reported_by_id, reported_at)
       select i.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() from indicator i where i.agreement_id = ? and i.code = ?
       on conflict (indicator_id, quarter) do nothing`,
      [quarter, r.value, r.evidence, r.evidenceFile?.objectKey ?? r.evidenceObjectKey, r.evidenceFile?.sha256 ?? null, r.evidenceFile?.name ?? null,
        r.evidenceFile?.contentType ?? null, r.evidenceFile?.size ?? null, r.achievement, reportedBy, agreementId, r.code]);
  }
}

/**
 * A revision of the targets: the indicators take the revised targets (matched
 * by code; new codes are added), the version goes up and the signed revision's
 * document becomes the agreement's. The earlier targets go into the audit
 * event, so every version can be read back from the trail.
 */
export async function reviseAgreementTargets(em: EntityManager, actor: AuditActor, agreementId: number, version: number, documentId: number, indicators: AgreementIndicator[]): Promise<void> {
  const before = await loadAgreement(em, agreementId);
  if (!before) throw new Error(`agreement ${agreementId} not found`);
  for (const indicator of indicators) {
    const [q1, q2, q3, q4] = indicator.targetQuarters;
    const updated = await em.execute<{ id: number }[]>(
      `update indicator set name = ?, unit = ?, direction = ?, target_year = ?, target_q1 = ?, target_q2 = ?, target_q3 = ?, target_q4 = ? where agreement_id = ? and code = ? returning id`,
      [indicator.name, indicator.unit, indicator.direction, indicator.targetYear, q1, q2, q3, q4, agreementId, indicator.code]);
    if (updated.length === 0) {
      await em.execute(
        `insert into indicator (agreement_id, code, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [agreementId, indicator.code, indicator.name, indicator.unit, indicator.direction, indicator.targetYear, q1, q2, q3, q4]);
    }
  }
  await em.execute('update agreement set version = ?, document_id = ? where id = ?', [version, documentId, agreementId]);
  await recordAudit(em, {
    actor, action: 'agreement.revised', subjectType: 'agreement', subjectId: agreementId, agencyId: before.agencyId,
    data: { version, previousVersion: before.version, documentId, previousDocumentId: before.documentId, before: before.indicators, after: indicators },
  });
}

/**
 * A bukti dukung file reported for one of the agreement's indicators, by its
 * hash; undefined when no report of this agreement carries it (whoever may see
 * the agreement may download what its reports carry, nothing else).
 */
export async function agreementEvidenceFile(em: EntityManager, agreementId: number, sha256: string): Promise<EvidenceFileRef | undefined> {
  const [row] = await em.execute<{ object_key: string; name: string; content_type: EvidenceMediaType; size: string | number }[]>(
    `select r.evidence_object_key as object_key, r.evidence_name as name, r.evidence_content_type as content_type, r.evidence_size as size
       from progress_report r join indicator i on i.id = r.indicator_id
      where i.agreement_id = ? and r.evidence_sha256 = ? and r.evidence_object_key is not null order by r.id limit 1`, [agreementId, sha256]);
  return row ? { objectKey: row.object_key, sha256, name: row.name, contentType: row.content_type, size: Number(row.size) } : undefined;
}

/** The agency an agreement belongs to (its audit events carry it). */
export async function agreementAgency(em: EntityManager, agreementId: number): Promise<number | null> {
  const [row] = await em.execute<{ agency_id: number }[]>('select agency_id from agreement where id = ?', [agreementId]);
  return row?.agency_id ?? null;
}

/** Perjanjian kinerja and kerja sama as listed. */
export const agreementListSource = {
  from: 'agreement g',
  columns: { id: 'g.id', kind: 'g.kind', agencyId: 'g.agency_id', title: 'g.title', year: 'g.year', version: 'g.version', previousId: 'g.previous_id',
    parties: 'g.parties', parallel: 'g.parallel', documentId: 'g.document_id', status: 'g.status', createdAt: 'g.created_at' },
} as const satisfies ListSource;
