import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { recordAudit } from './record-audit.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { canonicalJson } from './canonical-json.js';

describe('audit hash chain', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  beforeAll(async () => ({ orm, done } = await migratedTestDatabase()));
  afterAll(async () => done());
  beforeEach(async () => {
    await orm.em.fork().execute('truncate audit_event restart identity');
    for (let i = 1; i <= 6; i++) {
      await orm.em.fork().transactional((tx) => recordAudit(tx, {
        actor: { id: i, name: `Pegawai ${i}`, onBehalfOf: i === 3 ? 'Plh. Kepala Dinas' : null },
        action: 'document.drafted', subjectType: 'document', subjectId: 100 + i, agencyId: 1, data: { hal: `Undangan rapat ${i}`, n: i },
      }));
    }
  });

  test('an untouched chain verifies', async () => {
    const report = await verifyAuditChain(orm.em.fork());
    expect(report).toMatchObject({ ok: true, checked: 6, firstBreak: null });
  });

  test('an edited row is the first broken link', async () => {
    await orm.em.fork().execute(`update audit_event set data = '{"hal":"diubah","n":4}' where seq = 4`);
    const report = await verifyAuditChain(orm.em.fork());
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ seq: 4, reason: 'hash_mismatch' });
  });

  test('an edited actor or time is detected too', async () => {
    await orm.em.fork().execute(`update audit_event set at = at + interval '1 second' where seq = 2`);
    expect((await verifyAuditChain(orm.em.fork())).firstBreak).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
  });

  test('a deleted row is detected at the link after it', async () => {
    await orm.em.fork().execute('delete from audit_event where seq = 3');
    const report = await verifyAuditChain(orm.em.fork());
    expect(report.firstBreak).toMatchObject({ seq: 4, reason: 'sequence_gap', expectedSeq: 3 });
  });

  test('a deleted row with the later seqs renumbered is still detected', async () => {
    await orm.em.fork().execute('delete from audit_event where seq = 3');
    await orm.em.fork().execute('update audit_event set seq = seq - 1 where seq > 3');
    expect((await verifyAuditChain(orm.em.fork())).firstBreak).toMatchObject({ seq: 3, reason: 'prev_hash_mismatch' });
  });

  test('reordered rows (swapped positions) are detected', async () => {
    const em = orm.em.fork();
    await em.execute('update audit_event set seq = -2 where seq = 2');
    await em.execute('update audit_event set seq = 2 where seq = 5');
    await em.execute('update audit_event set seq = 5 where seq = -2');
    const report = await verifyAuditChain(orm.em.fork());
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.seq).toBe(2);
  });

  test('a rolled-back transaction leaves no link and the chain stays whole', async () => {
    await expect(orm.em.fork().transactional(async (tx) => {
      await recordAudit(tx, { actor: { id: 1, name: 'x' }, action: 'document.drafted', subjectType: 'document', subjectId: 1 });
      throw new Error('change failed');
    })).rejects.toThrow('change failed');
    expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: true, checked: 6 });
  });

  test('concurrent appends never fork the chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => orm.em.fork().transactional((tx) =>
      recordAudit(tx, { actor: { id: i, name: 'p' }, action: 'x.y', subjectType: 'document', subjectId: i }))));
    expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: true, checked: 26 });
  });

  test('recordAudit refuses to run outside a transaction', async () => {
    await expect(recordAudit(orm.em.fork(), { actor: { id: 1, name: 'x' }, action: 'a', subjectType: 's', subjectId: 1 })).rejects.toThrow(/inside the transaction/);
  });

  test('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
