// The generated access matrix (issue 15, item 3): every operation of
// /api/openapi.json whose path names a record × every demo user × every seeded
// record of that type. Who may see what is written below as a small table from
// services/domain/src/access/README.md ("Who sees what"); it never asks the
// policy module or the code under test. A record the user may not see must
// answer exactly 404 with a body that names no hal, number or person; a record
// they may see must answer anything but 404 (200, 403 for a role, 409 for a
// state, 422 for the body...). An operation with a path id that this table
// does not map fails the suite, so a new route cannot slip by unchecked.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { PDFDocument } from 'pdf-lib';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { archiveLatestVersion } from '@naskah/archive';
import { createTestBucket, type TestBucket } from '@naskah/infra/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';

// ---------------------------------------------------------------------------
// Who is who: the demo organisation as the rules need it (seed/tanah-bumbu.ts).
// ---------------------------------------------------------------------------

type Agency = 'Setda' | 'Diskominfosp' | 'Bappeda' | 'Inspektorat' | 'DPMPTSP' | 'BPKAD';
/** Position key → agency and superior. */
const org: Record<string, { agency: Agency; superior: string | null }> = {
  bupati: { agency: 'Setda', superior: null },
  sekda: { agency: 'Setda', superior: 'bupati' },
  'kabag.umum': { agency: 'Setda', superior: 'sekda' },
  'kadis.kominfo': { agency: 'Diskominfosp', superior: 'sekda' },
  'sekdis.kominfo': { agency: 'Diskominfosp', superior: 'kadis.kominfo' },
  'kabid.aptika': { agency: 'Diskominfosp', superior: 'kadis.kominfo' },
  'staf.kominfo': { agency: 'Diskominfosp', superior: 'kabid.aptika' },
  admin: { agency: 'Diskominfosp', superior: 'kabid.aptika' },
  'tu.kominfo': { agency: 'Diskominfosp', superior: 'sekdis.kominfo' },
  'kadis.bappeda': { agency: 'Bappeda', superior: 'sekda' },
  'kabid.bappeda': { agency: 'Bappeda', superior: 'kadis.bappeda' },
  'tu.bappeda': { agency: 'Bappeda', superior: 'kadis.bappeda' },
  'staf.bappeda': { agency: 'Bappeda', superior: 'kabid.bappeda' },
  inspektur: { agency: 'Inspektorat', superior: 'sekda' },
  'auditor.inspektorat': { agency: 'Inspektorat', superior: 'inspektur' },
  'auditor.rahasia': { agency: 'Inspektorat', superior: 'inspektur' },
  'kadis.dpmptsp': { agency: 'DPMPTSP', superior: 'sekda' },
  'kaban.bpkad': { agency: 'BPKAD', superior: 'sekda' },
};

type Role = 'admin' | 'auditor' | 'secretariat' | 'leader' | 'drafter' | 'signer' | 'reviewer';
interface DemoUser { position: string; roles: Role[]; grant?: boolean; /** Positions held as Plh during the run (seeded below). */ plh?: string[] }
/** Every demo login; each holds the position of the same key. */
const demoUsers: Record<string, DemoUser> = {
  bupati: { position: 'bupati', roles: ['signer', 'leader'] },
  sekda: { position: 'sekda', roles: ['signer', 'leader', 'reviewer'] },
  'kadis.kominfo': { position: 'kadis.kominfo', roles: ['signer', 'leader', 'reviewer'] },
  'sekdis.kominfo': { position: 'sekdis.kominfo', roles: ['reviewer', 'drafter', 'signer'] },
  'kabid.aptika': { position: 'kabid.aptika', roles: ['reviewer', 'drafter'] },
  'staf.kominfo': { position: 'staf.kominfo', roles: ['drafter'] },
  'tu.kominfo': { position: 'tu.kominfo', roles: ['secretariat'] },
  admin: { position: 'admin', roles: ['admin'] },
  'kadis.bappeda': { position: 'kadis.bappeda', roles: ['signer', 'leader', 'reviewer'] },
  // Plh Kepala Bappeda for the whole run: acts for that position as well as their own.
  'kabid.bappeda': { position: 'kabid.bappeda', roles: ['reviewer', 'drafter'], plh: ['kadis.bappeda'] },
  'tu.bappeda': { position: 'tu.bappeda', roles: ['secretariat'] },
  'staf.bappeda': { position: 'staf.bappeda', roles: ['drafter'] },
  inspektur: { position: 'inspektur', roles: ['leader', 'reviewer'], grant: true },
  'auditor.inspektorat': { position: 'auditor.inspektorat', roles: ['auditor'] },
  'auditor.rahasia': { position: 'auditor.rahasia', roles: ['auditor'], grant: true },
};
const users = Object.keys(demoUsers);

const agencyOf = (u: string): Agency => org[demoUsers[u]!.position]!.agency;
const has = (u: string, role: Role) => demoUsers[u]!.roles.includes(role);
const grant = (u: string) => demoUsers[u]!.grant === true;
/** *acts for* P. */
const actsFor = (u: string, p: string) => demoUsers[u]!.position === p || (demoUsers[u]!.plh ?? []).includes(p);
/** *over* P: acts for P or for a position above it, any number of levels up. */
function over(u: string, p: string): boolean {
  for (let at: string | null = p; at; at = org[at]!.superior) if (actsFor(u, at)) return true;
  return false;
}
/** *over P in the agency*. */
const overInAgency = (u: string, p: string) => over(u, p) && org[p]!.agency === agencyOf(u);

type Classification = 'biasa' | 'terbatas' | 'rahasia' | 'sangat_rahasia';
const classifications: Classification[] = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'];
const isOpen = (c: Classification) => c === 'biasa' || c === 'terbatas';

// ---------------------------------------------------------------------------
// The seeded records, described as the rules read them.
// ---------------------------------------------------------------------------

type DocStatus = 'draft' | 'in_review' | 'signed' | 'distributed' | 'archived';
const konsepStatuses: DocStatus[] = ['draft', 'in_review'];
interface DocRec {
  id: number; agency: Agency; status: DocStatus; classification: Classification; hal: string; number: string | null;
  drafter: string; reviewers: string[]; signer: string; recipients: { position: string; delivered: boolean }[];
}
interface LetterRec { id: number; agency: Agency; classification: Classification; hal: string; registrar: string; addressee: string; dispositions: { from: string; to: string }[] }
interface DispositionRec { id: number; letter: LetterRec; from: string; to: string }
interface AgreementRec { id: number; agency: Agency; parties: string[]; title: string }
interface ArchiveRec { id: number; doc: DocRec }
interface CertificateRec { id: number; holder: string }
interface DelegationRec { id: number; position: string; delegate: string }
interface UserRec { id: number; username: string }
interface PlainRec { id: number }

/** The README's "Who sees what", one rule per record type. */
function seesDocument(u: string, d: DocRec): boolean {
  const steps = [...d.reviewers, d.signer];
  const konsepParty = actsFor(u, d.drafter) || steps.some((p) => actsFor(u, p));
  if (konsepStatuses.includes(d.status)) return konsepParty;
  const delivered = d.recipients.filter((r) => r.delivered).map((r) => r.position);
  if (konsepParty || delivered.some((p) => actsFor(u, p))) return true;
  if (isOpen(d.classification)) {
    return agencyOf(u) === d.agency || [...delivered, ...steps].some((p) => over(u, p)) || has(u, 'auditor');
  }
  return [...delivered, ...steps].some((p) => overInAgency(u, p) || (grant(u) && over(u, p))) || (has(u, 'auditor') && grant(u));
}
function seesLetter(u: string, l: LetterRec): boolean {
  if (u === l.registrar) return true;
  if (actsFor(u, l.addressee) || l.dispositions.some((x) => actsFor(u, x.from) || actsFor(u, x.to))) return true;
  const overed = [l.addressee, ...l.dispositions.map((x) => x.to)];
  if (isOpen(l.classification)) return agencyOf(u) === l.agency || overed.some((p) => over(u, p)) || has(u, 'auditor');
  return overed.some((p) => overInAgency(u, p) || (grant(u) && over(u, p))) || (has(u, 'auditor') && grant(u));
}
const seesDisposition = (u: string, x: DispositionRec) => seesLetter(u, x.letter)
  && (over(u, x.from) || over(u, x.to) || (has(u, 'secretariat') && agencyOf(u) === x.letter.agency) || has(u, 'auditor'));
const seesAgreement = (u: string, g: AgreementRec) => agencyOf(u) === g.agency || g.parties.some((p) => over(u, p)) || has(u, 'auditor');
const seesCertificate = (u: string, c: CertificateRec) => u === c.holder || has(u, 'admin') || has(u, 'auditor');
const seesDelegation = (u: string, d: DelegationRec) => u === d.delegate || over(u, d.position)
  || ((has(u, 'leader') || has(u, 'secretariat')) && agencyOf(u) === org[d.position]!.agency) || has(u, 'admin') || has(u, 'auditor');

interface Kinds {
  document: DocRec; incoming_letter: LetterRec; disposition: DispositionRec; agreement: AgreementRec; archive_record: ArchiveRec;
  certificate: CertificateRec; delegation: DelegationRec; user: UserRec; destruction_proposal: PlainRec; audit_event: PlainRec;
  agency: PlainRec; position: PlainRec; person: PlainRec; retention_rule: PlainRec;
}
type Kind = keyof Kinds;
const sees: { [K in Kind]: (u: string, r: Kinds[K]) => boolean } = {
  document: seesDocument,
  incoming_letter: seesLetter,
  disposition: seesDisposition,
  agreement: seesAgreement,
  // "exactly who sees its document"
  archive_record: (u, r) => seesDocument(u, r.doc),
  certificate: seesCertificate,
  delegation: seesDelegation,
  // "admins (a user's own account through /auth/me)"
  user: (u) => has(u, 'admin'),
  // "admins and the secretariat (the records unit)"
  destruction_proposal: (u) => has(u, 'admin') || has(u, 'secretariat'),
  audit_event: (u) => has(u, 'admin') || has(u, 'auditor'),
  // "agencies, positions, people, JRA rules: every signed-in user"
  agency: () => true, position: () => true, person: () => true, retention_rule: () => true,
};

// ---------------------------------------------------------------------------
// Every operation with a path id, mapped to the record type its {id} names.
// ---------------------------------------------------------------------------

/**
 * phase: reads first (0), then actions that leave who-sees-what as it was (1),
 * then actions that end a record's life or start a workflow (2: nothing runs after them
 * on the same record, and the run has no worker, so a started workflow is never asked again).
 * body: overrides the generated minimal body where the generated one could change who sees what.
 */
interface OperationSpec { resource: Kind; phase?: 0 | 1 | 2; body?: (record: never) => unknown; subIds?: Record<string, string> }
let personIdOf: (positionKey: string) => number = () => 0;
const operations: Record<string, OperationSpec> = {
  'GET /documents/{id}': { resource: 'document' },
  'PUT /documents/{id}': { resource: 'document', phase: 1, body: () => ({}) },
  'POST /documents/{id}/versions': { resource: 'document', phase: 1 },
  'GET /documents/{id}/versions/{no}/pdf': { resource: 'document', subIds: { no: '1' } },
  'POST /documents/{id}/render': { resource: 'document', phase: 1 },
  'GET /documents/{id}/lampiran': { resource: 'document' },
  'POST /documents/{id}/lampiran': { resource: 'document', phase: 1 },
  // After POST lampiran (phase 1) added a second one: only the drafter passes the role, once per record.
  'DELETE /documents/{id}/lampiran/{no}': { resource: 'document', phase: 2, subIds: { no: '1' } },
  'POST /documents/{id}/submit': { resource: 'document', phase: 2 },
  'POST /documents/{id}/paraf': { resource: 'document', phase: 1 },
  'POST /documents/{id}/return': { resource: 'document', phase: 1 },
  'POST /documents/{id}/withdraw': { resource: 'document', phase: 1 },
  'POST /documents/{id}/sign': { resource: 'document', phase: 1 },
  'GET /documents/{id}/routing': { resource: 'document' },
  'GET /documents/{id}/verification': { resource: 'document' },
  'GET /incoming-letters/{id}': { resource: 'incoming_letter' },
  // An empty correction: a changed addressee or classification would change who sees the letter mid-run.
  'PUT /incoming-letters/{id}': { resource: 'incoming_letter', phase: 1, body: () => ({}) },
  'POST /incoming-letters/{id}/scan': { resource: 'incoming_letter', phase: 1 },
  'GET /incoming-letters/{id}/scan': { resource: 'incoming_letter' },
  'GET /incoming-letters/{id}/disposition-recipients': { resource: 'incoming_letter' },
  'POST /incoming-letters/{id}/done': { resource: 'incoming_letter', phase: 1 },
  'GET /dispositions/{id}': { resource: 'disposition' },
  'POST /dispositions/{id}/read': { resource: 'disposition', phase: 1 },
  'POST /dispositions/{id}/follow-up': { resource: 'disposition', phase: 1 },
  'POST /dispositions/{id}/withdraw': { resource: 'disposition', phase: 1 },
  'POST /dispositions/{id}/follow-up/attachment': { resource: 'disposition', phase: 1 },
  'GET /dispositions/{id}/follow-up/attachment': { resource: 'disposition' },
  'GET /agreements/{id}': { resource: 'agreement' },
  'GET /agreements/{id}/indicators': { resource: 'agreement' },
  'POST /agreements/{id}/submit': { resource: 'agreement', phase: 1 },
  'GET /agreements/{id}/workflow': { resource: 'agreement' },
  // The agreement's own indicator, so that a party or the secretariat reaches the workflow itself (not submitted: 409).
  'POST /agreements/{id}/realisation': { resource: 'agreement', phase: 1, body: () => ({ quarter: 1, realisations: [{ code: 'IKU1', value: 20 }] }) },
  'POST /agreements/{id}/revise': { resource: 'agreement', phase: 1 },
  // Sent without a file: a reporter gets 415, who only sees it 403, everyone else 404 before the body is read.
  'POST /agreements/{id}/evidence': { resource: 'agreement', phase: 1 },
  // Not a SHA-256: who sees the agreement gets 400 for the path; a well-formed hash no report carries would answer 404 to everyone.
  'GET /agreements/{id}/evidence/{sha256}': { resource: 'agreement', subIds: { sha256: 'kein-hash' } },
  'GET /archive/{id}': { resource: 'archive_record' },
  'GET /archive/{id}/pdf': { resource: 'archive_record' },
  'GET /archive/{id}/verification': { resource: 'archive_record' },
  'GET /archive/{id}/package': { resource: 'archive_record' },
  'PUT /archive/{id}/legal-hold': { resource: 'archive_record', phase: 1, body: () => ({ on: false, reason: 'Uji matriks akses' }) },
  'GET /archive/destruction-proposals/{id}': { resource: 'destruction_proposal' },
  'GET /archive/destruction-proposals/{id}/{document}': { resource: 'destruction_proposal', subIds: { document: 'usul' } },
  'POST /archive/destruction-proposals/{id}/reject': { resource: 'destruction_proposal', phase: 2 },
  'POST /archive/destruction-proposals/{id}/approve': { resource: 'destruction_proposal', phase: 2 },
  'GET /retention-rules/{id}': { resource: 'retention_rule' },
  'PUT /retention-rules/{id}': { resource: 'retention_rule', phase: 1 },
  'GET /certificates/{id}': { resource: 'certificate' },
  'PUT /certificates/{id}': { resource: 'certificate', phase: 2 },
  'GET /delegations/{id}': { resource: 'delegation' },
  'DELETE /delegations/{id}': { resource: 'delegation', phase: 2 },
  'GET /users/{id}': { resource: 'user' },
  // An empty change: new roles or a grant would change what the user sees mid-run.
  'PUT /users/{id}': { resource: 'user', phase: 1, body: () => ({}) },
  'GET /agencies/{id}': { resource: 'agency' },
  'PUT /agencies/{id}': { resource: 'agency', phase: 1, body: () => ({}) },
  'GET /positions/{id}': { resource: 'position' },
  'GET /people/{id}': { resource: 'person' },
  'PUT /people/{id}': { resource: 'person', phase: 1, body: () => ({}) },
  'GET /audit-events/{id}': { resource: 'audit_event' },
};
/** Operations with a path id deliberately outside the matrix, each with its reason. */
const excluded: Record<string, string> = {
  'GET /verify/{token}': 'public QR verification (no sign-in): it answers everyone alike and has its own tests (routes/verify.test.ts)',
};

// ---------------------------------------------------------------------------
// Seeding.
// ---------------------------------------------------------------------------

let t: TestApi;
let db: pg.Client;
let orm: DomainOrm;
let versions: TestBucket;
let arsip: TestBucket;
let openapi: { paths: Record<string, Record<string, OpenApiOperation>>; components?: { schemas?: Record<string, JsonSchema> } };
const records: { [K in Kind]: Kinds[K][] } = {
  document: [], incoming_letter: [], disposition: [], agreement: [], archive_record: [], certificate: [], delegation: [], user: [],
  destruction_proposal: [], audit_event: [], agency: [], position: [], person: [], retention_rule: [],
};
/** Every demo person's name: no 404 body may carry one. */
let personNames: string[] = [];
const tokens: Record<string, string> = {};
let pdfBytes: Buffer;

const pos = (key: string) => t.seed.positionIds[key]!;
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}
async function ok<T>(res: Response, status: number, what: string): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function seedDocuments(): Promise<void> {
  const routes: Record<'Diskominfosp' | 'Bappeda', { drafter: string; reviewers: string[]; signer: string; kepada: string; tembusan: string }> = {
    // A letter from the Aptika field to the Kepala Bappeda, copied to the Sekretaris Dinas.
    Diskominfosp: { drafter: 'staf.kominfo', reviewers: ['kabid.aptika'], signer: 'kadis.kominfo', kepada: 'kadis.bappeda', tembusan: 'sekdis.kominfo' },
    // A Bappeda letter down to a Kepala Bidang of another agency, copied to the Inspektur.
    Bappeda: { drafter: 'staf.bappeda', reviewers: ['kabid.bappeda'], signer: 'kadis.bappeda', kepada: 'kabid.aptika', tembusan: 'inspektur' },
  };
  const statuses: DocStatus[] = ['draft', 'in_review', 'signed', 'distributed', 'archived'];
  let serial = 0;
  const jobs: Promise<void>[] = [];
  for (const agency of ['Diskominfosp', 'Bappeda'] as const) {
    const r = routes[agency];
    for (const status of statuses) {
      for (const classification of classifications) {
        serial += 1;
        const n = serial;
        jobs.push((async () => {
          const hal = `Naskah uji matriks ${n} ${agency} ${status} ${classification}`;
          const token = tokens[r.drafter]!;
          const { id } = await ok<{ id: number }>(await t.request('POST', '/documents', { token, body: {
            type: 'nota_dinas', hal, archiveCode: '000.1.2.3', classification,
            kepada: [{ positionId: pos(r.kepada), name: 'Yth. Penerima' }], tembusan: [{ positionId: pos(r.tembusan), name: 'Tembusan' }],
            reviewerPositionIds: r.reviewers.map(pos), signerPositionId: pos(r.signer),
          } }), 201, `draft ${hal}`);
          await ok(await t.request('POST', `/documents/${id}/versions`, { token, raw: pdfBytes, headers: { 'content-type': 'application/pdf' } }), 201, `version of ${id}`);
          await ok(await t.request('POST', `/documents/${id}/lampiran`, { token, raw: pdfBytes, headers: { 'content-type': 'application/pdf' } }), 201, `lampiran of ${id}`);
          const final = !konsepStatuses.includes(status);
          const number = final ? `000.1.2.3/${String(900 + n)}/${agency.toUpperCase()}/2026` : null;
          // Reaching these states through the API needs the whole routing (keys, worker): the states are set directly.
          await sql('update document set status = $2, number = $3 where id = $1', [id, status, number]);
          const delivered = status === 'distributed' || status === 'archived';
          if (delivered) await sql('update document_recipient set delivered_at = now() where document_id = $1', [id]);
          records.document.push({ id, agency, status, classification, hal, number, drafter: r.drafter, reviewers: r.reviewers, signer: r.signer,
            recipients: [{ position: r.kepada, delivered }, { position: r.tembusan, delivered }] });
        })());
      }
    }
  }
  await Promise.all(jobs);
  records.document.sort((a, b) => a.id - b.id);
  // The archived documents of every classification have an archive record (with their PDF in the locked bucket).
  const ctx = { orm, storage: { client: versions.client, buckets: { versions: versions.name, arsip: arsip.name } } };
  for (const doc of records.document.filter((d) => d.status === 'archived')) {
    records.archive_record.push({ id: (await archiveLatestVersion(ctx, doc.id)).archiveId, doc });
  }
}

async function seedLetters(): Promise<void> {
  const heads = { Diskominfosp: { tu: 'tu.kominfo', head: 'kadis.kominfo', below: 'kabid.aptika' }, Bappeda: { tu: 'tu.bappeda', head: 'kadis.bappeda', below: 'kabid.bappeda' } };
  let serial = 0;
  for (const agency of ['Diskominfosp', 'Bappeda'] as const) {
    const h = heads[agency];
    for (const classification of classifications) {
      serial += 1;
      const hal = `Surat masuk uji matriks ${serial} ${agency} ${classification}`;
      const { id } = await ok<{ id: number }>(await t.request('POST', '/incoming-letters', { token: tokens[h.tu]!, body: {
        senderName: 'Badan Siber dan Sandi Negara', senderNumber: `B-${serial}/BSSN/2026`, senderDate: '2026-11-02', hal, classification,
        addressedToId: pos(h.head) } }), 201, `letter ${hal}`);
      await ok(await t.request('POST', `/incoming-letters/${id}/scan`, { token: tokens[h.tu]!, raw: pdfBytes, headers: { 'content-type': 'application/pdf' } }), 200, `scan of ${id}`);
      const letter: LetterRec = { id, agency, classification, hal, registrar: h.tu, addressee: h.head, dispositions: [] };
      records.incoming_letter.push(letter);
      // Terbatas letters stay undisposed; the others go down to a Kepala Bidang.
      if (classification === 'terbatas') continue;
      // A disposition is recorded by the letter's DispositionWorkflow, and this run has no worker: the row is written directly
      // (without a workflow, so actions on it answer 409 and never change who sees what).
      const [row] = await sql<{ id: number }>(
        `insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, note, state, created_at)
         values ($1, $2, (select id from person where position_id = $2), $3, 'Untuk ditindaklanjuti', '', 'sent', now()) returning id`, [id, pos(h.head), pos(h.below)]);
      // Its recipient has stored a tindak lanjut attachment, so that who may download it is tried too.
      const { attachment } = await ok<{ attachment: string }>(await t.request('POST', `/dispositions/${row!.id}/follow-up/attachment`,
        { token: tokens[h.below]!, raw: pdfBytes, headers: { 'content-type': 'application/pdf' } }), 201, `follow-up attachment of ${row!.id}`);
      await sql('update disposition set follow_up_object_key = $1 where id = $2', [attachment, row!.id]);
      letter.dispositions.push({ from: h.head, to: h.below });
      records.disposition.push({ id: row!.id, letter, from: h.head, to: h.below });
    }
  }
}

async function seedTheRest(): Promise<void> {
  // Agreements: Diskominfosp's between the Kepala Dinas and a Kepala Bidang; Bappeda's between its head and the Bupati.
  for (const [agency, maker, parties] of [['Diskominfosp', 'kadis.kominfo', ['kabid.aptika', 'kadis.kominfo']], ['Bappeda', 'kadis.bappeda', ['kadis.bappeda', 'bupati']]] as const) {
    const title = `Perjanjian Kinerja uji matriks ${agency}`;
    const { id } = await ok<{ id: number }>(await t.request('POST', '/agreements', { token: tokens[maker]!, body: {
      kind: 'kinerja', title, year: 2026, parties: parties.map(pos),
      indicators: [{ code: 'IKU1', name: 'Indeks layanan', unit: 'persen', targetYear: 100, targetQuarters: [25, 50, 75, 100] }] } }), 201, title);
    records.agreement.push({ id, agency, parties: [...parties], title });
  }
  // The active Plh of demoUsers (not a matrix record: revoking it in phase 2 would change who sees what mid-run).
  for (const [u, user] of Object.entries(demoUsers)) {
    for (const position of user.plh ?? []) {
      await ok(await t.request('POST', '/delegations', { token: tokens['admin']!, body: {
        kind: 'plh', positionId: pos(position), delegateId: personIdOf(u), validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validTo: '2030-12-31T00:00:00+08:00', reason: `Plh ${position} selama uji matriks` } }), 201, `plh ${u}`);
    }
  }
  // Delegations in the past: records to read and revoke that change nobody's positions.
  for (const [position, delegate] of [['kadis.kominfo', 'sekdis.kominfo'], ['kadis.bappeda', 'kabid.bappeda'], ['kabid.aptika', 'staf.kominfo']] as const) {
    const { id } = await ok<{ id: number }>(await t.request('POST', '/delegations', { token: tokens['admin']!, body: {
      kind: 'plh', positionId: pos(position), delegateId: personIdOf(delegate), validFrom: '2025-06-01', validTo: '2025-06-02', reason: `Dinas luar ${position}` } }), 201, `delegation ${position}`);
    records.delegation.push({ id, position, delegate });
  }
  for (const row of await sql<{ id: number; username: string }>(
    `select c.id, u.username from certificate c join app_user u on u.person_id = c.person_id order by c.id`)) records.certificate.push({ id: row.id, holder: row.username });
  for (const u of users) records.user.push({ id: t.seed.userIds[u]!, username: u });
  // Two usul musnah with their PDF in the archive bucket: one to approve, one to reject.
  for (const n of [1, 2]) {
    const key = `usul-musnah/uji-matriks-${n}.pdf`;
    await arsip.client.putObject(arsip.name, key, pdfBytes);
    const [row] = await sql<{ id: number }>(`insert into usul_musnah (object_key, proposed_at) values ($1, now()) returning id`, [key]);
    records.destruction_proposal.push({ id: row!.id });
  }
  for (const row of await sql<{ id: number }>('select id from audit_event order by id desc limit 2')) records.audit_event.push({ id: row.id });
  records.agency.push({ id: t.seed.agencyIds['Bappeda']! }, { id: t.seed.agencyIds['Inspektorat']! });
  records.position.push({ id: pos('kadis.bappeda') }, { id: pos('auditor.rahasia') });
  records.person.push({ id: personIdOf('kadis.bappeda') }, { id: personIdOf('staf.kominfo') });
  for (const row of await sql<{ id: number }>(`select id from retention_rule where code_prefix in ('000.1.2', '000.8')`)) records.retention_rule.push({ id: row.id });
}

beforeAll(async () => {
  versions = await createTestBucket();
  await versions.client.setBucketVersioning(versions.name, { Status: 'Enabled' });
  arsip = await createTestBucket({ objectLocking: true });
  t = await startTestApi({ MINIO_BUCKET_DOCUMENTS: versions.name, MINIO_BUCKET_ARCHIVE: arsip.name });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  orm = await openOrm({ databaseUrl: t.db.url, poolMax: 4 });
  const people = await sql<{ id: number; name: string; key: string }>(`select p.id, p.name, p.position_id as key from person p`);
  const byPosition = new Map(people.map((p) => [Number(p.key), p.id]));
  personIdOf = (key) => byPosition.get(pos(key))!;
  personNames = people.map((p) => p.name);
  await Promise.all(users.map(async (u) => { tokens[u] = await t.login(u); }));
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  pdfBytes = Buffer.from(await pdf.save());
  openapi = await ok(await t.request('GET', '/openapi.json'), 200, 'openapi.json');
  await seedDocuments();
  await seedLetters();
  await seedTheRest();
}, 180_000);

afterAll(async () => {
  await orm?.close(true);
  await db?.end();
  await t?.stop();
  await versions?.drop().catch(() => undefined);
});

// ---------------------------------------------------------------------------
// Requests: a minimal body from the operation's schema (the access answer comes first, whatever the body).
// ---------------------------------------------------------------------------

interface JsonSchema { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema | JsonSchema[]; prefixItems?: JsonSchema[];
  enum?: unknown[]; const?: unknown; format?: string; minItems?: number; minLength?: number; minimum?: number; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; $ref?: string; nullable?: boolean }
interface OpenApiOperation { requestBody?: { content: Record<string, { schema?: JsonSchema }> } }

function minimal(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return minimal(openapi.components?.schemas?.[schema.$ref.split('/').pop()!]);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return minimal(alternatives.find((s) => s.type !== 'null') ?? alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': return Object.fromEntries((schema.required ?? []).map((k) => [k, minimal(schema.properties?.[k])]));
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map(minimal);
      const item = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      return Array.from({ length: schema.minItems ?? 0 }, () => minimal(item));
    }
    case 'integer': case 'number': return Math.max(1, schema.minimum ?? 1);
    case 'boolean': return false;
    case 'string':
      if (schema.format === 'date-time') return '2030-01-01T00:00:00+08:00';
      if (schema.format === 'date') return '2030-01-01';
      return 'Uji matriks akses'.padEnd(schema.minLength ?? 0, '.');
    default: return undefined;
  }
}

interface Planned { key: string; method: string; path: string; spec: OperationSpec }
function planned(): Planned[] {
  const out: Planned[] = [];
  for (const [path, ops] of Object.entries(openapi.paths)) {
    for (const method of Object.keys(ops)) {
      if (!/\{[^}]+\}/.test(path)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const spec = operations[key];
      if (spec) out.push({ key, method: method.toUpperCase(), path, spec });
    }
  }
  return out;
}

async function send(op: Planned, user: string, record: { id: number }): Promise<Response> {
  const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' ? String(record.id) : op.spec.subIds?.[name] ?? '1'));
  const content = openapi.paths[op.path]![op.method.toLowerCase()]!.requestBody?.content ?? {};
  const token = tokens[user]!;
  if (content['application/pdf']) return t.request(op.method, url, { token, raw: pdfBytes, headers: { 'content-type': 'application/pdf' } });
  if (content['application/json']) {
    return t.request(op.method, url, { token, body: op.spec.body ? op.spec.body(record as never) : minimal(content['application/json'].schema) ?? {} });
  }
  return t.request(op.method, url, { token });
}

/** Runs `jobs` with at most `width` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

/** What a 404 body must not carry about a record. */
function secretsOf(kind: Kind, r: Kinds[Kind]): string[] {
  const rec = r as Partial<DocRec & LetterRec & DispositionRec & AgreementRec & ArchiveRec>;
  const doc = kind === 'archive_record' ? rec.doc : kind === 'document' ? (r as DocRec) : undefined;
  return [doc?.hal, doc?.number, rec.letter?.hal, kind === 'incoming_letter' ? rec.hal : undefined, rec.title, ...personNames]
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
}

function describeRecord(kind: Kind, r: Kinds[Kind]): string {
  switch (kind) {
    case 'document': { const d = r as DocRec; return `document ${d.id} (${d.agency} ${d.status} ${d.classification})`; }
    case 'archive_record': { const a = r as ArchiveRec; return `archive ${a.id} (document ${a.doc.id} ${a.doc.agency} ${a.doc.classification})`; }
    case 'incoming_letter': { const l = r as LetterRec; return `letter ${l.id} (${l.agency} ${l.classification}${l.dispositions.length ? ' disposed' : ''})`; }
    case 'disposition': { const x = r as DispositionRec; return `disposition ${x.id} (letter ${x.letter.id} ${x.letter.agency} ${x.letter.classification} ${x.from}→${x.to})`; }
    default: return `${kind} ${r.id}`;
  }
}

// ---------------------------------------------------------------------------
// The matrix.
// ---------------------------------------------------------------------------

describe('generated access matrix over /api/openapi.json', () => {
  test('every operation with a path id is mapped to a record type or excluded with a reason', () => {
    const unmapped: string[] = [];
    for (const [path, ops] of Object.entries(openapi.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (/\{[^}]+\}/.test(path) && !operations[key] && !excluded[key]) unmapped.push(key);
      }
    }
    expect(unmapped).toEqual([]);
    // And the table names no operation the API no longer has.
    const present = new Set(Object.entries(openapi.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(Object.keys(operations).filter((k) => !present.has(k))).toEqual([]);
  });

  test('invisible records answer 404 naming nothing; visible ones never 404', async () => {
    const started = Date.now();
    const ops = planned();
    const disagreements: string[] = [];
    const serverErrors: string[] = [];
    let requests = 0;
    let cells = 0;
    for (const phase of [0, 1, 2] as const) {
      const jobs: (() => Promise<void>)[] = [];
      for (const op of ops.filter((o) => (o.spec.phase ?? 0) === phase)) {
        const kind = op.spec.resource;
        const list = records[kind] as Kinds[Kind][];
        cells += users.length * list.length;
        for (const record of list) {
          for (const user of users) {
            jobs.push(async () => {
              const expected = (sees[kind] as (u: string, r: Kinds[Kind]) => boolean)(user, record);
              const res = await send(op, user, record);
              const body = await res.text();
              requests += 1;
              const where = `${op.key} as ${user} on ${describeRecord(kind, record)}`;
              if (expected && res.status === 404) disagreements.push(`${where}: may see it, got 404 ${body.slice(0, 200)}`);
              if (!expected && res.status !== 404) disagreements.push(`${where}: may not see it, got ${res.status} ${body.slice(0, 200)}`);
              if (!expected && res.status === 404) {
                const leaked = secretsOf(kind, record).filter((s) => body.includes(s));
                if (leaked.length) disagreements.push(`${where}: the 404 body names ${leaked.join(', ')}`);
              }
              // This run has no worker: a workflow started in phase 2 cannot answer its query (503, retry). Any other 5xx is a bug.
              if (res.status >= 500 && !(res.status === 503 && body.includes('WORKFLOW_UNAVAILABLE'))) serverErrors.push(`${where}: ${res.status} ${body.slice(0, 200)}`);
            });
          }
        }
      }
      await pool(jobs, 8);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const byKind = Object.entries(records).map(([k, v]) => `${k} ${v.length}`).join(', ');
    console.log([
      `access matrix: ${ops.length} operations × ${users.length} users × records of each operation's type (${byKind})`,
      `= ${cells} cells, ${requests} requests in ${seconds} s; ${disagreements.length} disagreements, ${serverErrors.length} 5xx`,
      'operations covered:', ...ops.map((o) => `  ${o.key} → ${o.spec.resource} (${records[o.spec.resource].length} records)`),
      'excluded:', ...Object.entries(excluded).map(([k, why]) => `  ${k}: ${why}`),
      ...(serverErrors.length ? ['5xx answers:', ...serverErrors.slice(0, 50).map((s) => `  ${s}`),
        'their log lines:', ...t.logs.filter((l) => l.includes('"level":50')).slice(0, 5).map((l) => `  ${l.slice(0, 1500)}`)] : []),
    ].join('\n'));
    expect(disagreements).toEqual([]);
    expect(serverErrors).toEqual([]);
  }, 300_000);
});

describe('lists show exactly the records the table says', () => {
  const lists: { path: string; kind: Kind }[] = [
    { path: '/documents', kind: 'document' },
    { path: '/incoming-letters', kind: 'incoming_letter' },
    { path: '/dispositions', kind: 'disposition' },
    { path: '/agreements', kind: 'agreement' },
    { path: '/archive', kind: 'archive_record' },
    { path: '/certificates', kind: 'certificate' },
    { path: '/delegations', kind: 'delegation' },
  ];
  test.each(lists.map((l) => [l.path, l] as const))('GET %s', async (_path, l) => {
    const wrong: string[] = [];
    await pool(users.map((user) => async () => {
      const res = await t.request('GET', `${l.path}?range=[0,4999]`, { token: tokens[user]! });
      expect(res.status).toBe(200);
      const listed = new Set(((await res.json()) as { id: number }[]).map((r) => r.id));
      for (const record of records[l.kind] as Kinds[Kind][]) {
        const expected = (sees[l.kind] as (u: string, r: Kinds[Kind]) => boolean)(user, record);
        if (listed.has(record.id) !== expected) wrong.push(`${user} ${expected ? 'misses' : 'is shown'} ${describeRecord(l.kind, record)}`);
      }
    }), 8);
    expect(wrong).toEqual([]);
  });
});
