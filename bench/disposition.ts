// Kill-the-worker reliability run for disposisi and perjanjian kinerja, in the style of
// bench/routing.ts: everything goes through the API while the worker (its own process) is
// SIGKILLed and restarted at random points.
//
// Each incoming letter is registered by the TU and gets a three-level disposition tree: the
// Kepala Dinas disposes to the Kabid Aptika and the Sekretaris Dinas; the Kabid forwards to two
// staff positions, the Sekdis to the TU; every recipient reads, the lowest level follows up, then
// the middle level, and the letter is done (the workflow closes it once every branch is closed).
// Alongside, perjanjian kinerja are drafted, submitted, initialled, signed by both parties and
// their first quarter's realisation reported.
//
//   npm run reliability:disposition -- [--letters 50] [--agreements 10] [--kills 20] [--kill-every 2] [--concurrency 6]
//
// It fails on a lost action (a letter not done, a branch not followed up, an agreement report
// missing), a duplicated disposition row, audit event or notification, any 5xx and any "retry" 409.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { stackEnv, stackProfile, startStack } from '@naskah/infra/stack';
import { createRunNamespace } from '@naskah/infra/testing';
import { openOrm } from '@naskah/domain';
import { initPki, issueCertificate } from '@naskah/pki';

const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const letters = arg('letters', 50);
const agreements = arg('agreements', 10);
const kills = arg('kills', 20);
const concurrency = arg('concurrency', 6);
/** Mean seconds a restarted worker works before the next kill: the kills spread over the run. */
const killEvery = arg('kill-every', 2);

const profile = stackProfile('test');
await startStack(profile);
Object.assign(process.env, stackEnv(profile), { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const keystore = mkdtempSync(path.join(tmpdir(), 'naskah-reliability-keystore-'));
process.env['NASKAH_KEYSTORE_DIR'] = keystore;
const taskQueue = `reliability-disposition-${Date.now().toString(36)}`;
const namespace = await createRunNamespace(process.env['TEMPORAL_ADDRESS']!, 'reliab');
process.env['TEMPORAL_NAMESPACE'] = namespace;
const { startTestApi } = await import('@naskah/api/testing/api');
const t = await startTestApi({ TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: namespace, LOG_LEVEL: 'silent' });
const orm = await openOrm({ databaseUrl: t.db.url });

const pos = (key: string) => t.seed.positionIds[key]!;
const personAt = async (key: string) => (await orm.em.fork().execute<{ id: number }[]>('select id from person where position_id = ?', [pos(key)]))[0]!.id;

// Both parties of an agreement sign with keys from a fresh internal CA.
const passphrase = 'reliability-passphrase';
const pki = await initPki(path.join(keystore, 'pki'));
for (const [key, nik] of [['kadis.kominfo', '6310031802750004'], ['bupati', '6310031802650001']] as const) {
  const issued = await issueCertificate(pki, { name: key, nik, passphrase });
  writeFileSync(path.join(keystore, `${key}.p12`), issued.p12);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, ?, 'reliability CA', 'active', now() - interval '1 day', now() + interval '1 year', 'internal', ?)`,
    [await personAt(key), issued.serialHex, key, `${key}.p12`]);
}

// The worker runs as its own process so it can be killed.
let worker: ChildProcess | undefined;
/** The worker said it polls (its workflow bundle built): from then on a kill hits it while it works. */
let polling = false;
function startWorker(): void {
  polling = false;
  worker = spawn(process.execPath, ['infra/stack/run-typescript.mjs', 'workflows/src/worker.ts'], {
    cwd: root, env: { ...process.env, DATABASE_URL: t.db.url, TEMPORAL_TASK_QUEUE: taskQueue }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  worker.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('polling task queue')) polling = true; });
}
startWorker();
process.on('exit', () => worker?.kill('SIGKILL'));

const users = ['tu.kominfo', 'kadis.kominfo', 'kabid.aptika', 'sekdis.kominfo', 'staf.kominfo', 'admin', 'bupati'] as const;
type User = (typeof users)[number];
const tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await t.login(u)]))) as Record<User, string>;
const tokenOwner = new Map<string, User>(Object.entries(tokens).map(([u, token]) => [token, u as User]));

/** A session outlives its access token (a long run): signed in again, as the console refreshes it. */
async function call(method: string, p: string, token: string, body?: unknown, raw?: Buffer): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const user = tokenOwner.get(token);
      // An older token of a user signed in again since: their current one.
      if (user && tokens[user] !== token) token = tokens[user];
      const res = await t.request(method, p, raw ? { token, raw, headers: { 'content-type': 'application/pdf' } } : { token, body });
      if (res.status !== 401 || !user || attempt > 3) return res;
      tokens[user] = await t.login(user);
      token = tokens[user];
      tokenOwner.set(token, user);
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded waits: a lost action shows in the checks below instead of hanging the run. */
async function until(what: string, test: () => Promise<boolean>, ms = 300_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await test()) return true;
    await sleep(100);
  }
  console.log(`  gave up waiting: ${what}`);
  return false;
}

/**
 * What the API answered to the users' clicks. None of the 5xx or "retry" 409 is acceptable; a 202
 * "diproses" is the click recorded durably. A refused duplicate disposition (a click repeated after
 * a lost answer) is the rule working and is counted apart.
 */
const answers = { ok2xx: 0, diproses202: 0, serverError5xx: 0, retry409: 0, duplicateRefused409: 0, outOfTurn409: 0 };
const clickMs: Record<string, number[]> = { dispose: [], read: [], 'follow-up': [], submit: [], paraf: [], sign: [], realisation: [] };

async function act(label: string, p: string, token: string, body?: unknown): Promise<Response | undefined> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    const res = await call('POST', p, token, body);
    clickMs[label]?.push(performance.now() - t0);
    if (res.status === 202) { answers.diproses202 += 1; answers.ok2xx += 1; return res; }
    if (res.status >= 200 && res.status < 300) { answers.ok2xx += 1; return res; }
    const text = await res.text();
    // Counted, then clicked again as a user would: the run goes on to check the records.
    if (res.status >= 500) { answers.serverError5xx += 1; console.log(`  ${p} → ${res.status} ${text.slice(0, 160)}`); await sleep(200); continue; }
    if (res.status === 409 && /retry/i.test(text)) { answers.retry409 += 1; console.log(`  ${p} → 409 ${text.slice(0, 160)}`); await sleep(200); continue; }
    if (res.status === 409 && /DISPOSITION_DUPLICATE/.test(text)) { answers.duplicateRefused409 += 1; return undefined; }
    // The queue shows a step a moment before the workflow has resolved who may act on it: a user clicks again.
    if (res.status === 409 && /OUT_OF_TURN|QUARTER_NOT_OPEN/.test(text) && attempt < 600) { answers.outOfTurn409 += 1; await sleep(100); continue; }
    throw new Error(`${p} → ${res.status} ${text}`);
  }
}

interface Row { id: number; toPositionId: number; fromPositionId: number; parentId: number | null; state: string; readAt: string | null }

/** A recipient waits for the disposition in their Disposisi list, as a user does. */
async function received(letterId: number, user: User, toKey: string, parentId: number | null): Promise<Row | undefined> {
  let found: Row | undefined;
  const filter = encodeURIComponent(JSON.stringify({ incomingLetterId: letterId, toPositionId: pos(toKey) }));
  await until(`letter ${letterId}: disposition to ${toKey}`, async () => {
    const res = await call('GET', `/dispositions?filter=${filter}`, tokens[user]);
    if (res.status !== 200) return false;
    found = ((await res.json()) as Row[]).find((r) => r.parentId === parentId && r.state !== 'withdrawn');
    return found !== undefined;
  });
  return found;
}

let repeated = 0;
const deadline = () => new Date(Date.now() + 3 * 86_400_000).toISOString();
const letterIds: number[] = [];

/** A branch's recipient: opens it (read), forwards it down (or not), waits for those below, then follows up. */
async function branch(letterId: number, user: User, toKey: string, parentId: number | null, down: { user: User; key: string }[]): Promise<void> {
  const row = await received(letterId, user, toKey, parentId);
  if (!row) return;
  await act('read', `/dispositions/${row.id}/read`, tokens[user]);
  if (down.length > 0) {
    await act('dispose', '/dispositions', tokens[user], {
      incomingLetterId: letterId, parentId: row.id, toPositionIds: down.map((d) => pos(d.key)), instructions: ['Siapkan bahan'], note: 'segera', deadline: deadline(),
    });
    await Promise.all(down.map((d) => branch(letterId, d.user, d.key, row.id, [])));
    // The middle level reports once those below have: it sees their branches closed in its list.
    const filter = encodeURIComponent(JSON.stringify({ incomingLetterId: letterId, parentId: row.id }));
    await until(`letter ${letterId}: branches under ${toKey} followed up`, async () => {
      const res = await call('GET', `/dispositions?filter=${filter}`, tokens[user]);
      return res.status === 200 && ((await res.json()) as Row[]).filter((r) => r.state === 'done').length === down.length;
    });
  }
  await act('follow-up', `/dispositions/${row.id}/follow-up`, tokens[user], { report: `Tindak lanjut ${toKey} surat ${letterId}` });
}

async function letter(i: number): Promise<void> {
  const registered = await act('register', '/incoming-letters', tokens['tu.kominfo'], {
    senderName: 'Kementerian Dalam Negeri', senderNumber: `B-${i}/RELIAB/2026`, senderDate: '2026-11-20', hal: `Surat uji keandalan disposisi ${i}`, addressedToId: pos('kadis.kominfo'),
  });
  const { id } = (await registered!.json()) as { id: number };
  letterIds.push(id);
  const disposal = {
    incomingLetterId: id, toPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], instructions: ['Mohon ditindaklanjuti', 'Koordinasikan'], note: 'harap segera', deadline: deadline(),
  };
  await act('dispose', '/dispositions', tokens['kadis.kominfo'], disposal);
  // Every fifth letter the head clicks DISPOSISIKAN again (a new request, as after an answer lost with the
  // API): refused (409 DISPOSITION_DUPLICATE, or told in the inbox when it was taken as "diproses"), never a second tree.
  if (i % 5 === 0) {
    repeated += 1;
    await act('dispose', '/dispositions', tokens['kadis.kominfo'], disposal);
  }
  await Promise.all([
    branch(id, 'kabid.aptika', 'kabid.aptika', null, [{ user: 'staf.kominfo', key: 'staf.kominfo' }, { user: 'admin', key: 'admin' }]),
    branch(id, 'sekdis.kominfo', 'sekdis.kominfo', null, [{ user: 'tu.kominfo', key: 'tu.kominfo' }]),
  ]);
  if (i >= 0 && (i + 1) % 10 === 0) console.log(`  ${i + 1} letters followed up so far (${killed} worker kills)`);
}

const pdfBytes = async (text: string) => {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText(text, { x: 72, y: 770, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
};

async function inQueue(id: number, user: User, queue: 'to-paraf' | 'to-sign'): Promise<boolean> {
  return until(`document ${id} in ${user}'s ${queue}`, async () => {
    const res = await call('GET', `/inbox?queue=${queue}&range=${encodeURIComponent('[0,99]')}`, tokens[user]);
    return res.status === 200 && ((await res.json()) as { items: { documentId: number | null }[] }).items.some((x) => x.documentId === id);
  });
}

// A year whose first quarter has ended: its reporting window opens as soon as the agreement is signed.
const year = new Date().getUTCFullYear() - 1;
const agreementIds: number[] = [];

async function agreement(i: number): Promise<void> {
  const drafter = tokens['kabid.aptika'];
  const created = await act('draft', '/agreements', drafter, {
    kind: 'kinerja', title: `Perjanjian Kinerja uji keandalan ${i}`, year, parties: [pos('kadis.kominfo'), pos('bupati')],
    indicators: [
      { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 4, targetQuarters: [2, 2.5, 3, 4] },
      { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', targetYear: 3, targetQuarters: [5, 4, 4, 3] },
    ],
  });
  const { id } = (await created!.json()) as { id: number };
  agreementIds.push(id);
  const doc = (await (await act('draft', '/documents', drafter, {
    type: 'perjanjian_kinerja', hal: `Perjanjian Kinerja ${year} (${i})`, archiveCode: '000.1.2.3', kepada: [{ positionId: pos('bupati'), name: 'Bupati Tanah Bumbu' }],
    reviewerPositionIds: [pos('sekdis.kominfo')], signerGroups: [[pos('kadis.kominfo'), pos('bupati')]],
  }))!.json()) as { id: number };
  await call('POST', `/documents/${doc.id}/versions`, drafter, undefined, await pdfBytes(`Perjanjian Kinerja ${i}`));
  await act('submit', `/agreements/${id}/submit`, drafter, { documentId: doc.id });
  if (!(await inQueue(doc.id, 'sekdis.kominfo', 'to-paraf'))) return;
  await act('paraf', `/documents/${doc.id}/paraf`, tokens['sekdis.kominfo'], {});
  for (const party of ['kadis.kominfo', 'bupati'] as const) {
    if (!(await inQueue(doc.id, party, 'to-sign'))) return;
    await act('sign', `/documents/${doc.id}/sign`, tokens[party], { passphrase });
  }
  const status = async () => {
    const res = await call('GET', `/agreements/${id}`, drafter);
    return res.status === 200 ? ((await res.json()) as { status: string }).status : '';
  };
  if (!(await until(`agreement ${id} reporting`, async () => (await status()) === 'reporting'))) return;
  // Realisation 2.5 of a target 2 (higher is better) and 4 days of a target 5 (lower is better).
  await act('realisation', `/agreements/${id}/realisation`, tokens['kadis.kominfo'], {
    quarter: 1, realisations: [{ code: 'IKU-1', value: 2.5, evidence: 'Hasil evaluasi mandiri' }, { code: 'IKU-2', value: 4 }],
  });
}

// Random SIGKILLs of the worker while the letters run.
let killed = 0;
let running = true;
const killing = async () => {
  while (running && killed < kills) {
    // A kill while the worker is still building its bundle would only delay the run: each one hits a worker that has been
    // polling (working) for a random 0.4–1.6 × --kill-every seconds.
    while (running && !polling) await sleep(100);
    await sleep(killEvery * 1000 * (0.4 + Math.random() * 1.2));
    if (!running) break;
    worker?.kill('SIGKILL');
    killed += 1;
    await sleep(200 + Math.random() * 800);
    startWorker();
  }
};

// One letter first so the worker has bundled its workflows before the clock starts.
await letter(-1);
for (const k of Object.keys(clickMs)) clickMs[k] = [];
Object.assign(answers, { ok2xx: 0, diproses202: 0, serverError5xx: 0, retry409: 0, duplicateRefused409: 0, outOfTurn409: 0 });
letterIds.length = 0;
repeated = 0;
const killer = killing();

const started = performance.now();
let nextLetter = 0;
let nextAgreement = 0;
await Promise.all([
  ...Array.from({ length: concurrency }, async () => { while (nextLetter < letters) await letter(nextLetter++); }),
  (async () => { while (nextAgreement < agreements) await agreement(nextAgreement++); })(),
]);
const elapsedMs = performance.now() - started;
// Every kill asked for happens, even when the work finished first.
while (killed < kills) await sleep(200);
running = false;
await killer;

// The letters close themselves once every branch is followed up: wait (bounded) for the last ones.
const em = orm.em.fork();
const q = async (sql: string, params: unknown[] = []) => Number((await em.execute<{ n: string }[]>(sql, params))[0]!.n);
const letterList = `{${letterIds.join(',')}}`;
const letterText = `{${letterIds.map(String).join(',')}}`;
await until('every letter done', async () => (await q(`select count(*) as n from audit_event where action = 'incoming_letter.done' and subject_type = 'incoming_letter' and subject_id = any(?::text[])`, [letterText])) >= letterIds.length, 120_000);

const dispositionIds = `(select id::text from disposition where incoming_letter_id = any('${letterList}'::int[]))`;
const agreementList = `{${agreementIds.join(',')}}`;
const branchesPerLetter = 5;
const checks = {
  lettersDone: await q(`select count(distinct subject_id) as n from audit_event where action = 'incoming_letter.done' and subject_type = 'incoming_letter' and subject_id = any(?::text[])`, [letterText]),
  letterDoneEvents: await q(`select count(*) as n from audit_event where action = 'incoming_letter.done' and subject_type = 'incoming_letter' and subject_id = any(?::text[])`, [letterText]),
  dispositionRows: await q(`select count(*) as n from disposition where incoming_letter_id = any(?::int[])`, [letterList]),
  dispositionsFollowedUp: await q(`select count(*) as n from disposition where incoming_letter_id = any(?::int[]) and state = 'done' and follow_up is not null and read_at is not null`, [letterList]),
  duplicateDispositionRows: await q(`select count(*) as n from (select 1 from disposition where incoming_letter_id = any(?::int[]) group by incoming_letter_id, parent_id, from_position_id, to_position_id having count(*) > 1) d`, [letterList]),
  sentAuditEvents: await q(`select count(*) as n from audit_event where subject_type = 'disposition' and action = 'disposition.sent' and subject_id in ${dispositionIds}`),
  readAuditEvents: await q(`select count(*) as n from audit_event where subject_type = 'disposition' and action = 'disposition.read' and subject_id in ${dispositionIds}`),
  forwardedAuditEvents: await q(`select count(*) as n from audit_event where subject_type = 'disposition' and action = 'disposition.forwarded' and subject_id in ${dispositionIds}`),
  followedUpAuditEvents: await q(`select count(*) as n from audit_event where subject_type = 'disposition' and action = 'disposition.followed_up' and subject_id in ${dispositionIds}`),
  repeatedClicksRefused: 0,
  duplicateAuditEvents: await q(`select count(*) as n from (select 1 from audit_event where subject_type in ('disposition', 'agreement') and (subject_id in ${dispositionIds} or (subject_type = 'agreement' and subject_id = any(?::text[]) and action <> 'agreement.status')) group by subject_type, subject_id, action having count(*) > 1) d`, [`{${agreementIds.join(',')}}`]),
  taskNotifications: await q(`select count(*) as n from notification where subject_type = 'disposition' and kind = 'task' and subject_id in (select id from disposition where incoming_letter_id = any(?::int[]))`, [letterList]),
  duplicateNotifications: await q(`select count(*) as n from (select 1 from notification where subject_type in ('disposition', 'agreement', 'incoming_letter') and (subject_type <> 'disposition' or subject_id in (select id from disposition where incoming_letter_id = any(?::int[]))) group by recipient_id, kind, subject_type, subject_id, title having count(*) > 1) d`, [letterList]),
  agreementsReporting: await q(`select count(*) as n from agreement where id = any(?::int[]) and status in ('reporting', 'active')`, [agreementList]),
  quarterReports: await q(`select count(*) as n from progress_report p join indicator i on i.id = p.indicator_id where i.agreement_id = any(?::int[]) and p.quarter = 1`, [agreementList]),
  quarterReportedEvents: await q(`select count(*) as n from audit_event where subject_type = 'agreement' and action = 'agreement.quarter_reported' and subject_id = any(?::text[])`, [`{${agreementIds.join(',')}}`]),
  signedAgreementVersions: await q(`select count(*) as n from document_version v join agreement a on a.document_id = v.document_id where a.id = any(?::int[]) and v.reason = 'signed'`, [agreementList]),
};
// A repeated click is refused either as its answer (409) or, taken as "diproses", by a notice in the head's inbox.
const refusedRepeatNotices = await q(`select count(*) as n from notification where subject_type = 'incoming_letter' and subject_id = any(?::int[]) and title like 'Disposisi tidak dapat diproses%'`, [letterList]);
checks.repeatedClicksRefused = answers.duplicateRefused409 + refusedRepeatNotices;
const L = letterIds.length;
const A = agreementIds.length;
const expected: Record<keyof typeof checks, number> = {
  lettersDone: L, letterDoneEvents: L, dispositionRows: L * branchesPerLetter, dispositionsFollowedUp: L * branchesPerLetter, duplicateDispositionRows: 0,
  sentAuditEvents: L * branchesPerLetter, readAuditEvents: L * branchesPerLetter, forwardedAuditEvents: L * 2, followedUpAuditEvents: L * branchesPerLetter,
  duplicateAuditEvents: 0, taskNotifications: L * branchesPerLetter, repeatedClicksRefused: repeated, duplicateNotifications: 0,
  agreementsReporting: A, quarterReports: A * 2, quarterReportedEvents: A, signedAgreementVersions: A * 2,
};

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0; };
const metrics: Record<string, { value: number; unit: string }> = {
  letters_per_minute: { value: +((L / elapsedMs) * 60_000).toFixed(1), unit: 'letters/min' },
  elapsed_s: { value: +(elapsedMs / 1000).toFixed(1), unit: 's' },
};
for (const [action, xs] of Object.entries(clickMs)) {
  const key = action.replace(/[^a-z0-9]+/g, '_');
  metrics[`click_${key}_p50_ms`] = { value: +pct(xs, 50).toFixed(1), unit: 'ms' };
  metrics[`click_${key}_p95_ms`] = { value: +pct(xs, 95).toFixed(1), unit: 'ms' };
}

console.log(`\nreliability:disposition — ${L} letters (3-level tree, ${branchesPerLetter} branches each), ${A} agreements (paraf, 2 TTE, Q1 realisation), concurrency ${concurrency}, worker SIGKILLs ${killed}`);
console.table(metrics);
console.table(Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, { actual: v, expected: expected[k as keyof typeof checks], ok: v === expected[k as keyof typeof checks] }])));
const lost = (L - checks.lettersDone) + Math.max(0, L * branchesPerLetter - checks.dispositionsFollowedUp) + Math.max(0, A - checks.quarterReportedEvents);
const duplicates = checks.duplicateDispositionRows + checks.duplicateAuditEvents + checks.duplicateNotifications + Math.max(0, checks.letterDoneEvents - L);
console.log(`answers to user actions: ${answers.ok2xx} × 2xx (${answers.diproses202} × 202 diproses), ${answers.serverError5xx} × 5xx, ${answers.retry409} × 409 "retry", `
  + `${answers.duplicateRefused409} × 409 DISPOSITION_DUPLICATE, ${answers.outOfTurn409} × 409 out of turn (clicked again)`);
console.log(`repeated DISPOSISIKAN clicks: ${repeated}, refused ${answers.duplicateRefused409} × 409 DISPOSITION_DUPLICATE + ${refusedRepeatNotices} told in the inbox (taken as diproses)`);
console.log(`records: lost ${lost}, duplicates ${duplicates}`);
const ok = Object.entries(checks).every(([k, v]) => v === expected[k as keyof typeof checks]) && answers.serverError5xx === 0 && answers.retry409 === 0 && killed >= kills;

mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/disposition-reliability.json'), JSON.stringify({
  name: 'disposition-reliability', at: new Date().toISOString(), letters: L, agreements: A, concurrency, workerKills: killed, answers, lost, duplicates, metrics, checks, expected, ok,
}, null, 2) + '\n');

worker?.kill('SIGTERM');
await orm.close(true);
await t.stop();
process.exit(ok ? 0 : 1);
