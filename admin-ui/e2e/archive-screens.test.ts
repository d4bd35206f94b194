// The archive screens in the browser against the real API: the JRA table and
// its edit, an archived record's verification report, and an usul musnah
// approved from the console (records destroyed, berita acara offered).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { archiveLatestVersion, archiveStorage, putVersion, type ArchiveContext } from '@naskah/archive';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { testConfig } from '@naskah/infra/testing';
import { DEMO_PASSWORD, newActorPage, rawKeys, screenshot, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let orm: DomainOrm;
let ctx: ArchiveContext;
let page: Page;

beforeAll(async () => {
  stack = await startConsoleStack();
  orm = await openOrm({ databaseUrl: stack.db.url, poolMax: 2 });
  ctx = { orm, storage: archiveStorage(testConfig()) };
  // A JRA row with no retention: archived records under it are due for destruction at once.
  await orm.em.fork().execute(`insert into retention_rule (code_prefix, description, active_years, inactive_years, fate) values ('999.9', 'Uji: tanpa retensi', 0, 0, 'musnah')`);
  page = await newActorPage(stack);
}, 600_000);
afterAll(async () => {
  await orm?.close(true);
  await stack?.close();
});

async function archivedRecord(hal: string, archiveCode: string): Promise<number> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText(hal, { x: 72, y: 770, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const stored = await putVersion(ctx.storage, Buffer.from(await pdf.save()));
  const em = orm.em.fork();
  const [person] = await em.execute<{ id: number; agency_id: number }[]>("select p.id, p.agency_id from person p join app_user u on u.person_id = p.id where u.username = 'staf.kominfo'");
  const [doc] = await em.execute<{ id: number }[]>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
     values (?, 'nota_dinas', ?, 'biasa', ?, '[]', '[]', '{}', ?, 'distributed', now(), now()) returning id`, [person!.agency_id, hal, archiveCode, person!.id]);
  await em.execute(`insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, 1, ?, ?, ?, 'final', ?, now())`,
    [doc!.id, stored.key, stored.sha256, stored.size, person!.id]);
  return (await archiveLatestVersion(ctx, doc!.id)).archiveId;
}

test('admin: the JRA table lists the rules and an edit saves through /retention-rules/:id', async () => {
  await signIn(page, stack.baseUrl, 'admin');
  await page.goto(`${stack.baseUrl}/admin/jra`);
  const table = page.getByTestId('jra');
  await table.getByText('000.5.3').waitFor();
  await page.getByTestId('jra-edit-000.1.2').click();
  await page.getByTestId('jra-inactive').fill('3');
  await page.getByTestId('jra-save').click();
  await page.getByText('Jadwal retensi tersimpan.').waitFor();
  const row = table.locator('tr', { has: page.getByRole('cell', { name: '000.1.2', exact: true }) });
  await expect(row.locator('td').nth(3).textContent()).resolves.toBe('3');
  expect(await rawKeys(page)).toEqual([]);
  await screenshot(page, 'admin-jra-edit');
}, 120_000);

test('auditor: an archived record shows the verifier\'s report, not "not available"', async () => {
  const id = await archivedRecord('Nota dinas arsip uji verifikasi', '000.1.2');
  await signIn(page, stack.baseUrl, 'auditor.inspektorat');
  await page.goto(`${stack.baseUrl}/archive/${id}/show`);
  const result = page.getByTestId('verification-result');
  await result.waitFor();
  // An unsigned PDF: the verifier says it carries no valid signature.
  await expect(result.getAttribute('data-status')).resolves.not.toBe('VALID');
  expect(await rawKeys(page)).toEqual([]);
}, 120_000);

test('admin: an usul musnah approved from the console destroys its records and offers the berita acara', async () => {
  const id = await archivedRecord('Undangan rapat rutin (arsip uji musnah)', '999.9.1');
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const review = await fetch(`${stack.baseUrl}/api/archive/lifecycle/review`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const { destructionProposal } = (await review.json()) as { destructionProposal: { id: number; archiveIds: number[] } };
  expect(destructionProposal.archiveIds).toEqual([id]);

  await signIn(page, stack.baseUrl, 'admin');
  await page.goto(`${stack.baseUrl}/arsip/usul-musnah`);
  const card = page.getByTestId(`usul-musnah-${destructionProposal.id}`);
  await card.getByText('Diajukan').waitFor();
  await card.getByTestId('usul-musnah-approve').click();
  await expect(page.getByTestId('usul-musnah-submit').isDisabled()).resolves.toBe(true);
  await page.getByTestId('usul-musnah-note').fill('SK Sekretaris Daerah 800/31/2026');
  await page.getByTestId('usul-musnah-submit').click();
  await card.getByText('Dimusnahkan', { exact: true }).first().waitFor();
  await card.getByTestId('berita-acara').waitFor();
  await card.getByText('SK Sekretaris Daerah 800/31/2026').waitFor();
  expect(await rawKeys(page)).toEqual([]);
  await screenshot(page, 'admin-usul-musnah');
}, 120_000);
