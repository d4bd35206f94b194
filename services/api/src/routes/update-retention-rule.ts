import { recordAudit, type DomainEntityManager, type Viewer } from '@naskah/domain';
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
    const [before] = await tx.execute<{ id: number; code_prefix: string; description: string; active_years: number; inactive_years: number; fate: string }[]>(
      'select id, code_prefix, description, active_years, inactive_years, fate from retention_rule where id = ? for update', [id]);
    if (!before) throw new AppError('NOT_FOUND', 404, `No retention rule ${id}.`, { field: 'id' });
    const after = {
      description: change.description ?? before.description, activeYears: change.activeYears ?? before.active_years,
      inactiveYears: change.inactiveYears ?? before.inactive_years, fate: change.fate ?? before.fate,
    };
    await tx.execute('update retention_rule set description = ?, active_years = ?, inactive_years = ?, fate = ? where id = ?',
      [after.description, after.activeYears, after.inactiveYears, after.fate, id]);
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'retention_rule.updated', subjectType: 'retention_rule', subjectId: id,
      data: { codePrefix: before.code_prefix, before: { description: before.description, activeYears: before.active_years, inactiveYears: before.inactive_years, fate: before.fate }, after },
    });
    return { id, codePrefix: before.code_prefix, ...after };
  });
}
