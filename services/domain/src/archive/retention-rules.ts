// The JRA (jadwal retensi arsip): retention_rule rows.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArchiveFate } from '../entities/archive.js';
import type { ListSource } from '../list-source.js';

export interface RetentionRuleRow {
  id: number;
  codePrefix: string;
  description: string;
  activeYears: number;
  inactiveYears: number;
  fate: ArchiveFate;
}

interface Row { id: number; code_prefix: string; description: string; active_years: number; inactive_years: number; fate: ArchiveFate }
const columns = 'id, code_prefix, description, active_years, inactive_years, fate';
const present = (row: Row): RetentionRuleRow => ({
  id: row.id, codePrefix: row.code_prefix, description: row.description, activeYears: row.active_years, inactiveYears: row.inactive_years, fate: row.fate,
});

/**
 * The JRA rule for a kode klasifikasi: the longest prefix that matches on a
 * segment boundary ("000.1" covers "000.1.2" but not "000.10"). Plain SQL:
 * the prefix match is one indexed-order query, not expressible as a filter.
 */
export async function retentionRuleFor(em: EntityManager, archiveCode: string): Promise<RetentionRuleRow | undefined> {
  const [row] = await em.execute<Row[]>(
    `select ${columns} from retention_rule where ? = code_prefix or ? like code_prefix || '.%' order by length(code_prefix) desc limit 1`, [archiveCode, archiveCode]);
  return row ? present(row) : undefined;
}

/** The whole schedule, by kode klasifikasi prefix. */
export async function listRetentionRules(em: EntityManager): Promise<RetentionRuleRow[]> {
  return (await em.execute<Row[]>(`select ${columns} from retention_rule order by code_prefix`)).map(present);
}

/** One rule, its row locked for the rest of the transaction (an edit reads before and writes after). */
export async function lockRetentionRule(em: EntityManager, id: number): Promise<RetentionRuleRow | undefined> {
  const [row] = await em.execute<Row[]>(`select ${columns} from retention_rule where id = ? for update`, [id]);
  return row ? present(row) : undefined;
}

export async function saveRetentionRule(em: EntityManager, rule: Omit<RetentionRuleRow, 'codePrefix'>): Promise<void> {
  await em.execute('update retention_rule set description = ?, active_years = ?, inactive_years = ?, fate = ? where id = ?',
    [rule.description, rule.activeYears, rule.inactiveYears, rule.fate, rule.id]);
}

export const retentionRuleListSource = {
  from: 'retention_rule r',
  columns: { id: 'r.id', codePrefix: 'r.code_prefix', description: 'r.description', activeYears: 'r.active_years', inactiveYears: 'r.inactive_years', fate: 'r.fate' },
} as const satisfies ListSource;
