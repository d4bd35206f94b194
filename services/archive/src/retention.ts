import { retentionRuleFor, type DomainEntityManager, type RetentionRuleRow } from '@naskah/domain';
import { ArchiveError } from './errors.js';

export type { RetentionRuleRow };

/** S3 accepts any date; this is the latest one an ISO date can carry, i.e. "never" for a permanent record. */
export const permanentRetainUntil = new Date('9999-12-31T00:00:00.000Z');

/**
 * The JRA rule for a kode klasifikasi: the longest prefix that matches on a
 * segment boundary ("000.1" covers "000.1.2" but not "000.10").
 */
export async function findRetentionRule(em: DomainEntityManager, archiveCode: string): Promise<RetentionRuleRow> {
  const row = await retentionRuleFor(em, archiveCode);
  if (!row) {
    throw new ArchiveError('RETENTION_RULE_MISSING', `No JRA rule covers kode klasifikasi ${archiveCode}; an admin must add one before it can be archived.`, 'archiveCode');
  }
  return row;
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** End of the active period: the record moves to the unit kearsipan as inactive. */
export function activeUntil(archivedAt: Date, rule: Pick<RetentionRuleRow, 'activeYears'>): Date {
  return addYears(archivedAt, rule.activeYears);
}

/** End of active + inactive: destruction (musnah), transfer (permanen) or re-appraisal is due. */
export function retentionEnds(archivedAt: Date, rule: Pick<RetentionRuleRow, 'activeYears' | 'inactiveYears'>): Date {
  return addYears(archivedAt, rule.activeYears + rule.inactiveYears);
}

/** The object lock's retain-until: end of retention, or forever for a permanent record. */
export function retainUntil(archivedAt: Date, rule: Pick<RetentionRuleRow, 'activeYears' | 'inactiveYears' | 'fate'>): Date {
  return rule.fate === 'permanen' ? permanentRetainUntil : retentionEnds(archivedAt, rule);
}
