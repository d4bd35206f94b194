// A batch of notifications written in one statement must leave the rows the one-at-a-time rule
// leaves: each item claimed once by its key; a notification and one e-mail row per newly
// claimed item; nothing for an item claimed before (a retried activity), even in a mixed batch.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { seedDemo } from '../seed/seed.js';
import { recordClaimedNotifications, type ClaimedNotification } from './workflow-records.js';

describe('recordClaimedNotifications', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let people: number[];
  beforeAll(async () => {
    ({ orm, done } = await migratedTestDatabase());
    await seedDemo(orm.em.fork());
    people = (await orm.em.fork().execute<{ id: number }[]>('select id from person order by id limit 4')).map((r) => r.id);
  });
  afterAll(async () => done());

  const item = (key: string, recipientId: number, title: string): ClaimedNotification => ({
    claimKey: `notify:${key}`, claimPayload: { key }, recipientId, kind: 'info', subjectType: 'document', subjectId: 77, title,
    mailKey: `mail:${key}`, mailPayload: { key, title },
  });
  const rowsFor = async (prefix: string) => {
    const em = orm.em.fork();
    const notes = await em.execute<{ recipient_id: number; title: string; subject_id: number }[]>(
      `select recipient_id, title, subject_id from notification where title like ? order by recipient_id, title`, [`${prefix}%`]);
    const claims = await em.execute<{ key: string; payload: unknown; processed: boolean }[]>(
      `select key, payload, processed_at is not null as processed from outbox where topic = 'workflow.step' and key like ? order by key`, [`notify:${prefix}%`]);
    const mails = await em.execute<{ key: string; payload: unknown; processed: boolean }[]>(
      `select key, payload, processed_at is not null as processed from outbox where topic = 'mail.notification' and key like ? order by key`, [`mail:${prefix}%`]);
    return { notes, claims, mails };
  };

  test('a first batch writes one notification, one claim and one e-mail per item', async () => {
    const batch = [item('a-1', people[0]!, 'a-1 Naskah masuk'), item('a-2', people[1]!, 'a-2 Tembusan masuk'), item('a-3', people[2]!, 'a-3 Naskah masuk')];
    expect(await recordClaimedNotifications(orm.em.fork(), batch)).toBe(3);
    const { notes, claims, mails } = await rowsFor('a-');
    expect(notes).toEqual([
      { recipient_id: people[0], title: 'a-1 Naskah masuk', subject_id: 77 },
      { recipient_id: people[1], title: 'a-2 Tembusan masuk', subject_id: 77 },
      { recipient_id: people[2], title: 'a-3 Naskah masuk', subject_id: 77 },
    ].sort((x, y) => x.recipient_id! - y.recipient_id!));
    // The claim is a step already done (processed); the e-mail waits for the mailer.
    expect(claims).toEqual([{ key: 'notify:a-1', payload: { key: 'a-1' }, processed: true }, { key: 'notify:a-2', payload: { key: 'a-2' }, processed: true }, { key: 'notify:a-3', payload: { key: 'a-3' }, processed: true }]);
    expect(mails).toEqual([
      { key: 'mail:a-1', payload: { key: 'a-1', title: 'a-1 Naskah masuk' }, processed: false },
      { key: 'mail:a-2', payload: { key: 'a-2', title: 'a-2 Tembusan masuk' }, processed: false },
      { key: 'mail:a-3', payload: { key: 'a-3', title: 'a-3 Naskah masuk' }, processed: false },
    ]);
  });

  test('a retried batch adds nothing, and a mixed one adds only its new items', async () => {
    const again = [item('a-1', people[0]!, 'a-1 Naskah masuk'), item('a-2', people[1]!, 'a-2 Tembusan masuk'), item('a-3', people[2]!, 'a-3 Naskah masuk')];
    expect(await recordClaimedNotifications(orm.em.fork(), again)).toBe(0);
    expect((await rowsFor('a-')).notes).toHaveLength(3);
    expect(await recordClaimedNotifications(orm.em.fork(), [...again.slice(1), item('a-4', people[3]!, 'a-4 Naskah masuk')])).toBe(1);
    const { notes, claims, mails } = await rowsFor('a-');
    expect(notes.map((n) => n.title).sort()).toEqual(['a-1 Naskah masuk', 'a-2 Tembusan masuk', 'a-3 Naskah masuk', 'a-4 Naskah masuk']);
    expect(claims.map((c) => c.key)).toEqual(['notify:a-1', 'notify:a-2', 'notify:a-3', 'notify:a-4']);
    expect(mails.map((m) => m.key)).toEqual(['mail:a-1', 'mail:a-2', 'mail:a-3', 'mail:a-4']);
  });

  test('the same key twice in one batch is one notification', async () => {
    expect(await recordClaimedNotifications(orm.em.fork(), [item('b-1', people[0]!, 'b-1 Naskah masuk'), item('b-1', people[0]!, 'b-1 Naskah masuk')])).toBe(1);
    expect((await rowsFor('b-')).notes).toHaveLength(1);
  });

  test('an empty batch writes nothing', async () => {
    const before = await orm.em.fork().execute<[{ n: number }]>('select count(*)::int as n from outbox');
    expect(await recordClaimedNotifications(orm.em.fork(), [])).toBe(0);
    expect(await orm.em.fork().execute<[{ n: number }]>('select count(*)::int as n from outbox')).toEqual(before);
  });
});
