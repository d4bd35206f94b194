// Issue 19, the console as Indonesian officials expect it: API refusals in
// Indonesian naming the field, the branded sign-in page, specific success
// toasts, the auditor's and leader's screens, and the phone at 390×844.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { archiveLatestVersion, archiveStorage, putVersion } from '@naskah/archive';
import { openOrm, recordAudit } from '@naskah/domain';
import { testConfig } from '@naskah/infra/testing';
import {
  DEMO_PASSWORD, draftThroughApi, newActorPage, openAs, rawKeys, screenshot, settled, signIn, startConsoleStack, waitForQueueItem, type ConsoleStack,
} from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** The text of every notification (snackbar) on screen once one shows. */
async function notificationText(page: Page): Promise<string> {
  const snackbar = page.locator('.MuiSnackbar-root');
  await snackbar.first().waitFor();
  return (await snackbar.allInnerTexts()).join('\n');
}

describe('everywhere', () => {
  test('the sign-in page names the product and the Pemda, and shows no error before the user did anything', async () => {
    const visitor = await newActorPage(stack);
    await visitor.goto(`${stack.baseUrl}/`);
    await visitor.waitForURL(/\/login$/);
    await visitor.getByTestId('login-pemda').waitFor();
    const branding = await visitor.getByTestId('login-branding').innerText();
    expect(branding).toContain('Naskah');
    expect(branding).toContain('Tata Naskah Dinas Elektronik');
    expect(branding).toContain('Pemerintah Kabupaten Tanah Bumbu');
    await settled(visitor);
    await expect(visitor.getByText('Silakan masuk untuk melanjutkan').count()).resolves.toBe(0);
    await expect(visitor.locator('.MuiSnackbar-root').count()).resolves.toBe(0);
    expect(await rawKeys(visitor)).toEqual([]);
    await screenshot(visitor, 'login');
    await visitor.close();
  });

  test('admin: an agency name with a control character is refused in Indonesian naming the field; a good one says what was added', async () => {
    const page = await openAs(stack, 'admin', `/agencies/create`);
    await page.locator('input[name="code"]').fill('DISHUB');
    await page.locator('input[name="name"]').fill('Dinas\tPerhubungan');
    await page.getByRole('button', { name: 'Simpan' }).click();
    const refusal = await notificationText(page);
    expect(refusal).toContain('Isian memuat karakter yang tidak diizinkan');
    expect(refusal).toContain('(Nama)');
    // Not the server's English detail.
    expect(refusal).not.toMatch(/control character|must be|invalid/i);
    await screenshot(page, 'agency-control-character');
    // Still on the form: fix the name and save.
    await page.locator('.MuiSnackbar-root').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await page.locator('input[name="name"]').fill('Dinas Perhubungan');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Perangkat daerah ditambahkan.').waitFor();
    await expect(page.getByText('Data dibuat').count()).resolves.toBe(0);
    await page.close();
  });

  test('admin: a person\'s name is no perangkat daerah: refused in Indonesian with the forms a name begins with', async () => {
    const page = await openAs(stack, 'admin', `/agencies/create`);
    await page.locator('input[name="code"]').fill('BUDI');
    await page.locator('input[name="name"]').fill('Budi Santoso');
    await page.getByRole('button', { name: 'Simpan' }).click();
    const refusal = await notificationText(page);
    expect(refusal).toContain('Nama perangkat daerah harus diawali bentuknya');
    expect(refusal).toContain('Dinas');
    expect(refusal).toContain('(Nama)');
    // Not the server's English detail.
    expect(refusal).not.toMatch(/must begin/);
    // Nothing was added: the list has no such agency.
    await page.goto(`${stack.baseUrl}/agencies`);
    await page.locator('main').getByText('Dinas Komunikasi', { exact: false }).first().waitFor();
    await expect(page.locator('main').getByText('Budi Santoso').count()).resolves.toBe(0);
    await page.close();
  });

  test('the same refusal reads in English after the language switch', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.goto(`${stack.baseUrl}/agencies/create`);
    await page.locator('input[name="code"]').fill('DISHUB2');
    await page.locator('input[name="name"]').fill('Dinas\u0007Pariwisata');
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = await notificationText(page);
    expect(refusal).toContain('The input contains characters that are not allowed');
    expect(refusal).toContain('(Name)');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await page.close();
  });
});

/**
 * An archived nota dinas of staf.kominfo whose trail carries what the routing
 * workflow writes: `document.submit` by "person <id>" and a step by
 * "workflow doc-<id>@…" (the actor names stored in the hash chain), then the
 * real archiving (`archive.archived`). Arranged with the services' own
 * functions; every screen read afterwards is the real API's.
 */
async function archivedWithTrail(hal: string): Promise<{ archiveId: number; documentId: number; drafter: string }> {
  const orm = await openOrm({ databaseUrl: stack.db.url, poolMax: 2 });
  try {
    const ctx = { orm, storage: archiveStorage(testConfig()) };
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText(hal, { x: 72, y: 770, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
    const stored = await putVersion(ctx.storage, Buffer.from(await pdf.save()));
    const em = orm.em.fork();
    const [person] = await em.execute<{ id: number; agency_id: number; name: string }[]>("select p.id, p.agency_id, p.name from person p join app_user u on u.person_id = p.id where u.username = 'staf.kominfo'");
    const [doc] = await em.execute<{ id: number }[]>(
      `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
       values (?, 'nota_dinas', ?, 'biasa', '000.1.2', '[]', '[]', '{}', ?, 'distributed', now(), now()) returning id`, [person!.agency_id, hal, person!.id]);
    await em.execute(`insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, 1, ?, ?, ?, 'final', ?, now())`,
      [doc!.id, stored.key, stored.sha256, stored.size, person!.id]);
    await em.transactional(async (tx) => {
      await recordAudit(tx, { actor: { id: person!.id, name: `person ${person!.id}` }, action: 'document.submit', subjectType: 'document', subjectId: doc!.id, agencyId: person!.agency_id, data: {} });
      await recordAudit(tx, { actor: { id: null, name: `workflow doc-${doc!.id}@01a2b3c4` }, action: 'document.number', subjectType: 'document', subjectId: doc!.id, agencyId: person!.agency_id, data: {} });
    });
    const { archiveId } = await archiveLatestVersion(ctx, doc!.id);
    return { archiveId, documentId: doc!.id, drafter: person!.name };
  } finally {
    await orm.close(true);
  }
}

describe('leaders and auditors', () => {
  test('auditor: the audit trail reads in words (labels, person names, "Sistem (alur kerja)"), not codes and ids', async () => {
    const { archiveId, documentId, drafter } = await archivedWithTrail('Nota dinas uji jejak audit');
    const page = await openAs(stack, 'auditor.inspektorat', `/archive/${archiveId}/show`);
    const trail = page.getByTestId('audit-trail');
    await trail.getByText('Diajukan untuk paraf').waitFor();
    await trail.getByText(drafter).first().waitFor();
    const text = await trail.innerText();
    for (const label of ['Diajukan untuk paraf', 'Diberi nomor', 'Disimpan di arsip (terkunci)', 'Sistem (alur kerja)']) expect(text).toContain(label);
    expect(text).not.toMatch(/document\.submit|archive\.archived|document\.number|\bperson \d+|workflow doc-/);
    await screenshot(page, 'archive-audit-trail');

    // The audit trail screen says the same.
    await page.goto(`${stack.baseUrl}/audit-events?filter=${encodeURIComponent(JSON.stringify({ subjectId: String(documentId) }))}`);
    await page.getByText('Diajukan untuk paraf').waitFor();
    await page.getByText(drafter).first().waitFor();
    const list = await page.locator('main').innerText();
    expect(list).toContain('Sistem (alur kerja)');
    expect(list).not.toMatch(/document\.submit|archive\.archived|\bperson \d+|workflow doc-/);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  test('auditor: no Buat Naskah anywhere, and /documents/create says why instead of showing a form', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'auditor.inspektorat');
    await expect(page.getByRole('menuitem', { name: 'Buat Naskah' }).count()).resolves.toBe(0);
    await page.goto(`${stack.baseUrl}/documents`);
    await settled(page);
    await expect(page.locator('a[href$="/documents/create"]').count()).resolves.toBe(0);
    await page.goto(`${stack.baseUrl}/documents/create`);
    await page.getByText('Anda tidak berhak membuat naskah').waitFor();
    await expect(page.locator('input[name="hal"]').count()).resolves.toBe(0);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  test('auditor: the archive list offers no bulk delete (the API has no DELETE for archive records)', async () => {
    await archivedWithTrail('Nota dinas uji daftar arsip');
    const page = await openAs(stack, 'auditor.inspektorat', `/archive`);
    await page.getByText('Nota dinas uji daftar arsip').waitFor();
    await expect(page.locator('main input[type="checkbox"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Hapus/i }).count()).resolves.toBe(0);
    await page.close();
  });

  test('drafter: the document list still offers Buat', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents`);
    await page.locator('a[href$="/documents/create"]').first().waitFor();
    await page.close();
  });
});

const PHONE = { width: 390, height: 844 };

async function apiAs(username: string): Promise<(method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>> {
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  return async (method, path, body) => {
    const res = await fetch(`${stack.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

/** Nothing runs off the right edge of a 390 px screen. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  await settled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

/** The app-bar title is either whole or ellipsed with the whole title one tap/hover away (title attribute). */
async function expectTitleReadable(page: Page, full: string): Promise<void> {
  expect(full.length).toBeGreaterThan(0);
  const title = page.locator('#react-admin-title');
  await expect(title.innerText()).resolves.toContain(full.slice(0, 3));
  const box = await title.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).textOverflow, title: el.getAttribute('title') ?? '', text: (el as HTMLElement).innerText }));
  if (box.scroll > box.client) {
    expect(box.overflow).toBe('ellipsis');
    // The "…" is drawn only for inline text: no inline-block wrapper may swallow it.
    const blocks = await title.evaluate((el) => [...el.querySelectorAll('*')].map((c) => getComputedStyle(c).display).filter((d) => d !== 'inline'));
    expect(blocks).toEqual([]);
    expect(box.title).toBe(full);
  } else {
    expect(box.text).toBe(full);
  }
  // Enough of it shows to be recognised (the bug showed "Kot", "Nas", "Disp"), and nothing covers it.
  expect(box.client).toBeGreaterThanOrEqual(120);
  const titleBox = (await title.boundingBox())!;
  const language = (await page.getByRole('button', { name: /Bahasa Indonesia|English/ }).boundingBox())!;
  expect(titleBox.x + titleBox.width).toBeLessThanOrEqual(language.x + 1);
}

describe('signer: bulk signing', () => {
  test('the dialog counts the documents selected and lists their subjects before the passphrase', async () => {
    const staf = await apiAs('staf.kominfo');
    const [kadisPos] = (await (await apiAs('kadis.kominfo'))('GET', '/auth/me') as { positionIds: number[] }).positionIds;
    const subjects = ['Undangan rapat evaluasi SPBE triwulan IV', 'Laporan pemeliharaan jaringan intra pemerintah', 'Permohonan narasumber literasi digital'];
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    for (const hal of subjects) {
      const { id } = await staf('POST', '/documents', { type: 'nota_dinas', hal, archiveCode: '000.1.2.3', kepada: [{ positionId: kadisPos, name: 'Kepala Dinas' }], signerPositionId: kadisPos }) as { id: number };
      // Stand-in for the routing up to signature: the sign step pending.
      await client.query(`update routing_step set state = 'pending' where document_id = $1 and kind = 'sign'`, [id]);
      await client.query(`update document set status = 'signing' where id = $1`, [id]);
    }
    await client.end();
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'kadis.kominfo');
    for (const hal of subjects) await waitForQueueItem(page, stack.baseUrl, 'to-sign', hal);
    for (const hal of subjects) {
      await page.getByTestId('inbox-items').locator('.MuiListItemButton-root', { hasText: hal }).locator('input[type="checkbox"]').check();
    }
    await page.getByTestId('bulk-sign').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('Tanda tangan massal: 3 naskah');
    await expect(dialog.getByTestId('sign-documents').locator('li').allInnerTexts()).resolves.toEqual(subjects);
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await page.close();
  });
});

describe('phone and inbox (390×844)', () => {
  let hal = '';
  let letterId = 0;
  beforeAll(async () => {
    // A letter disposed by the Kepala Dinas to the Kabid Aptika, so the Disposisi list has a row.
    const tu = await apiAs('tu.kominfo');
    const kadis = await apiAs('kadis.kominfo');
    const [kadisPos] = (await kadis('GET', '/auth/me') as { positionIds: number[] }).positionIds;
    const [kabidPos] = (await (await apiAs('kabid.aptika'))('GET', '/auth/me') as { positionIds: number[] }).positionIds;
    const letter = await tu('POST', '/incoming-letters', { senderName: 'Dinas Komunikasi dan Informatika Provinsi Kalimantan Selatan', senderNumber: '005/77/DKISP/2026',
      senderDate: '2026-11-02', hal: 'Undangan rapat koordinasi keamanan informasi pemerintah daerah se-Kalimantan Selatan', addressedToId: kadisPos });
    await kadis('POST', '/dispositions', { incomingLetterId: letter['id'], toPositionIds: [kabidPos], instruction: 'Wakili / hadiri', deadline: '2026-12-20T09:00:00+08:00' });
    letterId = letter['id'] as number;
    hal = 'Permohonan data perencanaan aplikasi SPBE tahun anggaran 2027 untuk seluruh perangkat daerah';
  });

  test('inbox rows say sender, jenis and sifat, unread in bold; nothing overflows; the title reads', async () => {
    const page = await newActorPage(stack, PHONE);
    await signIn(page, stack.baseUrl, 'kabid.aptika');
    await waitForQueueItem(page, stack.baseUrl, 'dispositions', 'Undangan rapat koordinasi');
    const row = page.getByTestId('inbox-items').locator('[data-unread]').first();
    await expect(row.getByTestId('inbox-from').innerText()).resolves.toContain('Kepala Dinas Komunikasi');
    await expect(row.getAttribute('data-unread')).resolves.toBe('true');
    const weight = await row.locator('.MuiListItemText-primary').evaluate((el) => Number(getComputedStyle(el).fontWeight));
    expect(weight).toBeGreaterThanOrEqual(600);
    await screenshot(page, 'phone-inbox-polish');
    await expectNoHorizontalOverflow(page);
    await expectTitleReadable(page, 'Kotak Masuk');
    await page.close();
  });

  test('a to-paraf row shows the drafter and the jenis', async () => {
    const staf = await apiAs('staf.kominfo');
    const [kabidPos] = (await (await apiAs('kabid.aptika'))('GET', '/auth/me') as { positionIds: number[] }).positionIds;
    const [kadisPos] = (await (await apiAs('kadis.kominfo'))('GET', '/auth/me') as { positionIds: number[] }).positionIds;
    const { id } = await staf('POST', '/documents', { type: 'surat_dinas', sifat: 'segera', hal: 'Permintaan data aset TIK', archiveCode: '000.1.2.3',
      kepada: [{ positionId: kadisPos, name: 'Kepala Dinas' }], reviewerPositionIds: [kabidPos], signerPositionId: kadisPos }) as { id: number };
    // Stand-in for submit: the paraf step pending, as arrangeSignStepPending does for signing.
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    await client.query(`update routing_step set state = 'pending' where document_id = $1 and kind = 'paraf'`, [id]);
    await client.query(`update document set status = 'in_review' where id = $1`, [id]);
    await client.end();
    const page = await newActorPage(stack, PHONE);
    await signIn(page, stack.baseUrl, 'kabid.aptika');
    await waitForQueueItem(page, stack.baseUrl, 'to-paraf', 'Permintaan data aset TIK');
    const row = page.getByTestId('inbox-items').locator('[data-unread]', { hasText: 'Permintaan data aset TIK' });
    await expect(row.getByTestId('inbox-from').innerText()).resolves.toContain('Rina Oktaviani');
    await expect(row.getByTestId('inbox-type').innerText()).resolves.toBe('Surat Dinas');
    await expect(row.getByTestId('inbox-sifat').innerText()).resolves.toBe('Segera');
    await expectNoHorizontalOverflow(page);
    await page.close();
  });

  test('the document page fits the screen and its title reads', async () => {
    const id = await draftThroughApi(stack, hal);
    // A rendered PDF version, so the page carries the viewer, the versions and the history as in real use.
    await (await apiAs('staf.kominfo'))('POST', `/documents/${id}/render`);
    const page = await openAs(stack, 'staf.kominfo', `/documents/${id}/show`, PHONE);
    await page.getByText(hal).first().waitFor();
    await screenshot(page, 'document-phone');
    await expectNoHorizontalOverflow(page);
    await expectTitleReadable(page, (await page.locator('#react-admin-title').getAttribute('title')) ?? '');
    await page.close();
  });

  test('the Disposisi list is a simple list that fits the screen', async () => {
    const page = await openAs(stack, 'kadis.kominfo', `/dispositions`, PHONE);
    await page.getByText('Undangan rapat koordinasi', { exact: false }).first().waitFor();
    await expect(page.locator('main table').count()).resolves.toBe(0);
    await screenshot(page, 'dispositions-phone');
    await expectNoHorizontalOverflow(page);
    await expectTitleReadable(page, 'Disposisi');
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  test('the disposition dialog fits the screen', async () => {
    const page = await openAs(stack, 'kadis.kominfo', `/incoming-letters/${letterId}/show`, PHONE);
    await page.getByTestId('dispose').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'dispose-dialog-phone');
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expectNoHorizontalOverflow(page);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });
});
