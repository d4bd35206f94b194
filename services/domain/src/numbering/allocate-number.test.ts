import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { seedDemo, type SeedResult } from '../seed/seed.js';
import { allocateNumber, cancelNumber } from './allocate-number.js';
import { formatNumber } from '../rulebook/numbering.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';

describe('gap-free numbering', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let seed: SeedResult;
  const actor = { id: null, name: 'test' };
  beforeAll(async () => {
    ({ orm, done } = await migratedTestDatabase());
    seed = await seedDemo(orm.em.fork());
  });
  afterAll(async () => done());

  async function newDocument(): Promise<number> {
    const [row] = await orm.em.fork().execute<{ id: number }[]>(
      `insert into document (agency_id, type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
       select ?, 'nota_dinas', 'Uji penomoran', 'biasa', 'biasa', '000.1.2.3', 0, '[]', '[]', '{}', id, 'approved', now(), now() from person limit 1 returning id`,
      [seed.agencyIds['Diskominfosp']]);
    return row!.id;
  }
  const request = (documentId: number) => ({
    documentId, agencyId: seed.agencyIds['Diskominfosp']!, archiveCode: '000.1.2.3', unitCode: 'Diskominfosp', year: 2025, actor,
  });

  test('formats numbers like 000.1.2.3/0157/Diskominfosp/2025', () => {
    expect(formatNumber('000.1.2.3', 157, 'Diskominfosp', 2025)).toBe('000.1.2.3/0157/Diskominfosp/2025');
  });

  test('concurrent allocations get 1..n with no gap and no duplicate', async () => {
    const ids = await Promise.all(Array.from({ length: 25 }, () => newDocument()));
    const numbers = await Promise.all(ids.map((id) => orm.em.fork().transactional((tx) => allocateNumber(tx, request(id)))));
    expect(numbers.map((n) => n.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const [doc] = await orm.em.fork().execute<{ number: string }[]>('select number from document where id = ?', [ids[0]]);
    expect(doc!.number).toBe(numbers[0]!.number);
  });

  test('a rolled-back allocation gives its value back', async () => {
    const a = await newDocument();
    await expect(orm.em.fork().transactional(async (tx) => {
      await allocateNumber(tx, request(a));
      throw new Error('signing failed');
    })).rejects.toThrow('signing failed');
    const b = await newDocument();
    const next = await orm.em.fork().transactional((tx) => allocateNumber(tx, request(b)));
    expect(next.value).toBe(26);
  });

  test('allocating twice for one document returns the same number (idempotent retry)', async () => {
    const id = await newDocument();
    const first = await orm.em.fork().transactional((tx) => allocateNumber(tx, request(id)));
    const again = await orm.em.fork().transactional((tx) => allocateNumber(tx, request(id)));
    expect(again).toEqual(first);
  });

  test('a cancelled number is recorded and never reused', async () => {
    const id = await newDocument();
    const first = await orm.em.fork().transactional((tx) => allocateNumber(tx, request(id)));
    await orm.em.fork().transactional((tx) => cancelNumber(tx, id, 'naskah dibatalkan', actor));
    const second = await orm.em.fork().transactional((tx) => allocateNumber(tx, request(id)));
    expect(second.value).toBe(first.value + 1);
    const rows = await orm.em.fork().execute<{ status: string }[]>('select status from number_allocation where document_id = ? order by value', [id]);
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'allocated']);
  });

  test('sequences are separate per agency and year; each allocation is audited', async () => {
    const id = await newDocument();
    const other = await orm.em.fork().transactional((tx) => allocateNumber(tx, { ...request(id), year: 2026 }));
    expect(other.number).toBe('000.1.2.3/0001/Diskominfosp/2026');
    expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: true });
    const [n] = await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from audit_event where action = 'document.numbered'`);
    expect(n!.n).toBe(25 + 1 + 1 + 2 + 1);
  });
});
