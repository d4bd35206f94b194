// A disposition made through the console's endpoint runs in the letter's
// DispositionWorkflow on the time-skipping test server, with the real worker
// (PostgreSQL activities) behind the real API: the recipient is reminded at the
// sifat's lead time, the disposer hears of it at the deadline and their superior
// an urgency period later, and every row and notification is written once.
// Expected times are the rule (workflows/src/messages.ts): reminder lead biasa
// 2 days / sangat segera 2 hours; default deadline and the wait before the
// superior biasa 3 days / sangat segera 4 hours.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { createTimeSkippingEnv } from '@naskah/workflows/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let t: TestApi;
let db: pg.Client;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  t = await startTestApi({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default' }, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await t?.stop();
  await env?.teardown();
});

const pos = (key: string) => t.seed.positionIds[key]!;
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}
const personAt = async (key: string) => (await sql<{ id: number }>('select id from person where position_id = $1', [pos(key)]))[0]!.id;

async function register(hal: string, sifat: string): Promise<number> {
  const res = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
    senderName: 'Badan Siber dan Sandi Negara', senderNumber: `B-${hal.length}/BSSN/2026`, senderDate: '2026-11-20', hal, sifat, addressedToId: pos('kadis.kominfo'),
  } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

/** Notifications about the letter's dispositions, as [kind, recipient person] in the order written. */
async function notices(letterId: number): Promise<[string, number][]> {
  const rows = await sql<{ kind: string; recipient_id: number }>(
    `select n.kind, n.recipient_id from notification n join disposition x on n.subject_type = 'disposition' and n.subject_id = x.id
      where x.incoming_letter_id = $1 order by n.id`, [letterId]);
  return rows.map((r) => [r.kind, r.recipient_id]);
}

async function eventually<T>(read: () => Promise<T>, test: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !test(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('disposition timers through the console endpoint', () => {
  test('biasa: a reminder two days before the deadline, the disposer at the deadline, their superior three days later; each written once', async () => {
    const letter = await register('Undangan rapat koordinasi SPBE', 'biasa');
    const [kadis, kabid, sekda] = [await personAt('kadis.kominfo'), await personAt('kabid.aptika'), await personAt('sekda')];
    const deadline = new Date((await env.currentTimeMs()) + 5 * DAY).toISOString();
    const res = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
      incomingLetterId: letter, toPositionIds: [pos('kabid.aptika')], instruction: 'Mohon ditindaklanjuti', note: 'hadiri', deadline,
    } });
    expect(res.status).toBe(201);
    const { ids } = (await res.json()) as { ids: number[] };
    expect(ids).toHaveLength(1);
    const rows = await sql<{ id: number; state: string; to_position_id: number; from_person_id: number; workflow_id: string; branch_id: string; deadline: Date }>(
      'select id, state, to_position_id, from_person_id, workflow_id, branch_id, deadline from disposition where incoming_letter_id = $1', [letter]);
    expect(rows.map((r) => ({ ...r, deadline: r.deadline.toISOString() }))).toEqual([{
      id: ids[0], state: 'sent', to_position_id: pos('kabid.aptika'), from_person_id: kadis, workflow_id: `disposition-${letter}`, branch_id: 'b1', deadline,
    }]);
    expect(await notices(letter)).toEqual([['task', kabid]]);

    // Two days before the deadline (three days from now), not earlier.
    await env.sleep(3 * DAY - HOUR);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices(letter)).toEqual([['task', kabid]]);
    await env.sleep(2 * HOUR);
    expect(await eventually(() => notices(letter), (n) => n.length === 2)).toEqual([['task', kabid], ['reminder', kabid]]);

    // The recipient sees the reminder in the inbox's notifications; nobody else does.
    const mine = await t.request('GET', '/inbox/notifications', { token: await t.login('kabid.aptika') });
    expect(mine.status).toBe(200);
    const listed = (await mine.json()) as { unread: number; items: { kind: string; subjectType: string; subjectId: number }[] };
    expect(listed.items.filter((n) => n.subjectType === 'disposition' && n.subjectId === ids[0]).map((n) => n.kind)).toEqual(['reminder', 'task']);
    expect(listed.unread).toBeGreaterThanOrEqual(2);
    const others = (await (await t.request('GET', '/inbox/notifications', { token: await t.login('staf.kominfo') })).json()) as { items: { subjectType: string }[] };
    expect(others.items.filter((n) => n.subjectType === 'disposition')).toEqual([]);

    // At the deadline: the Kepala Dinas who disposed it; three days (biasa) later: his superior, the Sekda.
    await env.sleep(2 * DAY);
    expect(await eventually(() => notices(letter), (n) => n.length === 3)).toEqual([['task', kabid], ['reminder', kabid], ['escalation', kadis]]);
    await env.sleep(2 * DAY);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices(letter)).toHaveLength(3);
    await env.sleep(DAY + HOUR);
    expect(await eventually(() => notices(letter), (n) => n.length === 4)).toEqual([['task', kabid], ['reminder', kabid], ['escalation', kadis], ['escalation', sekda]]);

    // The follow-up closes the only branch, so the letter is done.
    const followUp = await t.request('POST', `/dispositions/${ids[0]}/follow-up`, { token: await t.login('kabid.aptika'), body: { report: 'Rapat dihadiri, notulen terlampir.' } });
    expect(followUp.status).toBe(200);
    const done = await eventually(() => sql<{ action: string }>(`select action from audit_event where subject_type = 'incoming_letter' and subject_id = $1 and action = 'incoming_letter.done'`, [String(letter)]), (r) => r.length > 0);
    expect(done).toHaveLength(1);
    expect(await sql('select state, follow_up from disposition where incoming_letter_id = $1', [letter])).toEqual([{ state: 'done', follow_up: 'Rapat dihadiri, notulen terlampir.' }]);
    const audit = await sql<{ action: string }>(`select action from audit_event where subject_type = 'disposition' and subject_id = $1 order by id`, [String(ids[0])]);
    expect(audit.map((a) => a.action)).toEqual(['disposition.sent', 'disposition.overdue', 'disposition.escalated', 'disposition.followed_up']);
    // Nothing more once done, however long.
    await env.sleep(10 * DAY);
    expect(await notices(letter)).toHaveLength(4);
    const late = await t.request('POST', `/dispositions/${ids[0]}/follow-up`, { token: await t.login('kabid.aptika'), body: { report: 'Sekali lagi.' } });
    expect(late.status).toBe(409);
  });

  test('sangat segera: the default deadline is four hours, the reminder two hours before it; a read branch cannot be withdrawn (409 naming the rule)', async () => {
    const letter = await register('Permintaan data insiden siber hari ini', 'sangat_segera');
    const [kadis, kabid, sekdis, sekda] = [await personAt('kadis.kominfo'), await personAt('kabid.aptika'), await personAt('sekdis.kominfo'), await personAt('sekda')];
    const started = await env.currentTimeMs();
    const res = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
      incomingLetterId: letter, toPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], instruction: 'Siapkan bahan',
    } });
    expect(res.status).toBe(201);
    const { ids } = (await res.json()) as { ids: number[] };
    const [deadline] = await sql<{ ms: string }>('select extract(epoch from deadline) * 1000 as ms from disposition where id = $1', [ids[0]]);
    expect(Number(deadline!.ms) - started).toBeGreaterThanOrEqual(4 * HOUR);
    expect(Number(deadline!.ms) - started).toBeLessThan(4 * HOUR + 60_000);

    // Read by the Sekretaris: its disposer can no longer withdraw it; the Kabid's, unread, is withdrawn.
    expect((await t.request('POST', `/dispositions/${ids[1]}/read`, { token: await t.login('sekdis.kominfo') })).status).toBe(200);
    const refused = await t.request('POST', `/dispositions/${ids[1]}/withdraw`, { token: await t.login('kadis.kominfo') });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('DISPOSITION_ALREADY_READ');
    expect((await t.request('POST', `/dispositions/${ids[0]}/withdraw`, { token: await t.login('kadis.kominfo') })).status).toBe(200);
    expect(await sql('select state, read_at is not null as read from disposition where incoming_letter_id = $1 order by id', [letter]))
      .toEqual([{ state: 'withdrawn', read: false }, { state: 'read', read: true }]);

    await env.sleep(2 * HOUR - 10 * 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices(letter)).toEqual([['task', kabid], ['task', sekdis]]);
    await env.sleep(20 * 60_000);
    expect(await eventually(() => notices(letter), (n) => n.length === 3)).toEqual([['task', kabid], ['task', sekdis], ['reminder', sekdis]]);
    await env.sleep(2 * HOUR);
    expect(await eventually(() => notices(letter), (n) => n.length === 4)).toEqual([['task', kabid], ['task', sekdis], ['reminder', sekdis], ['escalation', kadis]]);
    await env.sleep(4 * HOUR);
    expect(await eventually(() => notices(letter), (n) => n.length === 5)).toEqual([['task', kabid], ['task', sekdis], ['reminder', sekdis], ['escalation', kadis], ['escalation', sekda]]);
    // Written once each: one notification row and one claimed step per key, however often the loop ran.
    const [notifications] = await sql<{ n: number }>(`select count(*)::int as n from outbox where topic = 'workflow.step' and key like $1`, [`notify:disposition-${letter}:%`]);
    expect(notifications!.n).toBe(5);
  });
});
