import { lockRetentionRule, recordAudit, saveRetentionRule, type DomainEntityManager, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

export interface RetentionRuleChange {
  description?: string;
  activeYears?: number;
  inactiveYears?: number;
  fate?: 'musnah' | 'permanen' | 'dinilai_kembali';
}

/**
 * Changes one JRA row with an audit event naming before and after. Objects
 * already archived keep the retention they were locked with: COMPLIANCE
 * retention can be extended, never shortened, so a change is forward-only.
 */
export async function updateRetentionRule(em: DomainEntityManager, viewer: Viewer, id: number, change: RetentionRuleChange) {
  return em.transactional(async (tx) => {
    const before = await lockRetentionRule(tx, id);
    if (!before) throw new AppError('NOT_FOUND', 404, `No retention rule ${id}.`, { field: 'id' });
    const after = {
      description: change.description ?? before.description, activeYears: change.activeYears ?? before.activeYears,
      inactiveYears: change.inactiveYears ?? before.inactiveYears, fate: change.fate ?? before.fate,
    };
    await saveRetentionRule(tx, { id, ...after });
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'retention_rule.updated', subjectType: 'retention_rule', subjectId: id,
      data: { codePrefix: before.codePrefix, before: { description: before.description, activeYears: before.activeYears, inactiveYears: before.inactiveYears, fate: before.fate }, after },
    });
    return { id, codePrefix: before.codePrefix, ...after };
  });
}
