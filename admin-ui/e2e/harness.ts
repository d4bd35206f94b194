// The real stack for the console's browser tests: a fresh database with the
// Tanah Bumbu demo seed, the API in-process serving the built console, and
// Debian's Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { start, type NaskahApi } from '@naskah/api';
import { internalCaIssuer, migrateUp, openOrm, seedDemo } from '@naskah/domain';
import { createStandInGateway, openGatewayRegistry, type GatewayRegistry, type StandInGateway } from '@naskah/infra/gateway';
import { createRunNamespace, createTestDatabase, testConfig, uniqueTaskQueue, type TestDatabase } from '@naskah/infra/testing';
import { buildActivities } from '@naskah/workflows/activities';
import { createNaskahWorker } from '@naskah/workflows/worker';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const adminUiDir = fileURLToPath(new URL('..', import.meta.url));
const screenshotDir = path.join(adminUiDir, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'naskah-demo';
export const DEMO_PASSPHRASE = 'naskah-demo-ttd';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the console when dist/ is missing or older than its sources (a fresh
 * checkout running `npm test`), then serves a private copy: `npm start` in the
 * same tree may rebuild dist/ while the browser is reading it.
 */
function ensureConsoleBuilt(): string {
  const dist = path.join(adminUiDir, 'dist');
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < newestMtime(path.join(adminUiDir, 'src'))) {
    execFileSync('npm', ['run', '--silent', 'build', '--', '--logLevel', 'warn'], { cwd: adminUiDir, stdio: 'inherit' });
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-console-'));
  fs.cpSync(dist, copy, { recursive: true });
  return copy;
}

export interface ConsoleStack {
  api: NaskahApi;
  db: TestDatabase;
  context: BrowserContext;
  baseUrl: string;
  /** The run's own Temporal namespace and the server's address, for tests that read a workflow's history. */
  temporal: { address: string; namespace: string };
  /** The stand-in certificate provider (BSrE esign-client), when the stack was started with one. */
  gateway?: { standIn: StandInGateway; registry: GatewayRegistry };
  close(): Promise<void>;
}

export interface ConsoleStackOptions {
  /** A stand-in provider gateway speaking this esign-client contract, configured for every agency. */
  gateway?: { apiVersion: 'v1' | 'v2' };
}

export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  const dist = ensureConsoleBuilt();
  const db = await createTestDatabase();
  // Signers get certificates from an internal CA of this run, as `npm start` seeds them (passphrase
  // naskah-demo-ttd): <data>/pki and <data>/keystore, which the API's signing and verification read.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-e2e-data-'));
  process.env['NASKAH_KEYSTORE_DIR'] = path.join(dataDir, 'keystore');
  const orm = await openOrm({ databaseUrl: db.url });
  try {
    await migrateUp(orm);
    await seedDemo(orm.em.fork(), { issueCertificate: await internalCaIssuer(dataDir) });
  } finally {
    await orm.close(true);
  }
  // Workflow ids are doc-<document id> and this fresh database numbers from 1: the run gets a
  // Temporal namespace of its own (no other run's workflow is reachable) and its own task queue.
  const namespace = await createRunNamespace(testConfig().temporal.address, 'console');
  let gateway: (NonNullable<ConsoleStack['gateway']> & { server: ReturnType<StandInGateway['app']['listen']> }) | undefined;
  const gatewayEnv: Record<string, string> = {};
  if (options.gateway) {
    const registry = await openGatewayRegistry(path.join(dataDir, 'gateway'));
    const standIn = createStandInGateway({ registry, username: 'e2e', password: 'e2e-password' });
    const server = standIn.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    gateway = { standIn, registry, server };
    const credentials = path.join(dataDir, 'gateway-credentials.json');
    fs.writeFileSync(credentials, JSON.stringify({ username: 'e2e', password: 'e2e-password' }));
    gatewayEnv['SIGNING_GATEWAYS_FILE'] = path.join(dataDir, 'gateways.json');
    fs.writeFileSync(gatewayEnv['SIGNING_GATEWAYS_FILE'], JSON.stringify({ '*': {
      name: 'BSrE (stand-in)', url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, credentialsFile: credentials,
      rootCaFile: registry.rootPemPath, apiVersion: options.gateway.apiVersion, retries: 0 } }));
    process.env['SIGNING_GATEWAYS_FILE'] = gatewayEnv['SIGNING_GATEWAYS_FILE'];
  }
  const env = { DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_UI_DIST: dist, TEMPORAL_TASK_QUEUE: uniqueTaskQueue('console'), TEMPORAL_NAMESPACE: namespace, ...gatewayEnv };
  const config = testConfig(env);
  const worker = await createNaskahWorker({ config, activities: await buildActivities(config) });
  const running = worker.run();
  const api = await start(config);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  return {
    api,
    db,
    context,
    baseUrl: api.url,
    temporal: { address: config.temporal.address, namespace },
    ...(gateway ? { gateway: { standIn: gateway.standIn, registry: gateway.registry } } : {}),
    async close() {
      gateway?.server.close();
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
      await api.stop();
      await worker.shutdown();
      await running;
      await db.drop();
      fs.rmSync(dist, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page of its own (own storage), so each actor of the story has a separate session. */
export async function newActorPage(stack: ConsoleStack, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await stack.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.setDefaultTimeout(20_000);
  return page;
}

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  // Each actor signs out first: the pages of one browser context share localStorage.
  await page.evaluate(() => localStorage.removeItem('naskah.session'));
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('inbox-items').waitFor();
}

/** A page of its own, signed in as `username`, opened at `path` (e.g. `/documents/3/show`). */
export async function openAs(stack: ConsoleStack, username: string, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newActorPage(stack, viewport);
  await signIn(page, stack.baseUrl, username);
  await page.goto(`${stack.baseUrl}${path}`);
  return page;
}

/**
 * Saves a screenshot to screenshots/tmp/ (git-ignored). The four the README
 * shows are committed; a run refreshes them only with
 * NASKAH_SCREENSHOTS=1, so a plain test run leaves the tree clean.
 */
export async function screenshot(page: Page, name: string, committed = false): Promise<string> {
  const dir = committed && process.env['NASKAH_SCREENSHOTS'] === '1' ? screenshotDir : path.join(screenshotDir, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await settled(page);
  await page.screenshot({ path: file });
  return file;
}

const docsDir = path.join(adminUiDir, '..', 'docs', 'console');

/**
 * The committed screenshot set (docs/console/<name>.png): written only when NASKAH_SCREENSHOTS=1,
 * so a plain `npm test` leaves the tree clean.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env['NASKAH_SCREENSHOTS'] !== '1') return;
  await settled(page);
  await page.screenshot({ path: path.join(docsDir, `${name}.png`) });
}

/** The page's width in CSS px beyond the viewport's (0 when nothing runs off the right edge). */
export async function horizontalOverflow(page: Page): Promise<number> {
  await settled(page);
  return page.evaluate(() => Math.max(0, (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth));
}

/** The smallest tap target, in CSS px: WCAG 2.5.5 (AAA) and Apple's HIG (Material asks 48). */
const TAP_TARGET = 44;

/**
 * Every clickable element of the page (buttons, links, inputs, checkboxes, menu items, tabs, options)
 * smaller than 44×44 CSS px whose 44-px target, centred on it, overlaps a neighbour's: each by its
 * accessible name (or what it shows) and size, so a failure says which. What is hidden is left out;
 * so is a link inside running text (WCAG's inline exception). A text input counts as its whole field.
 */
export async function tapTargetOffenders(page: Page): Promise<string[]> {
  await settled(page);
  return page.evaluate((min) => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="link"], [role="menuitem"], [role="tab"], [role="checkbox"], [role="radio"], [role="switch"], [role="option"], [tabindex]:not([tabindex="-1"])';
    const seen = new Set<Element>();
    const targets: { el: Element; name: string; r: DOMRect }[] = [];
    for (const node of document.querySelectorAll(selector)) {
      // What the finger actually hits: a labelled choice's whole label, a text field's whole box, a checkbox's or radio's ripple area.
      const el = node.closest('.MuiFormControlLabel-root') ?? node.closest('.MuiInputBase-root, .MuiCheckbox-root, .MuiRadio-root, .MuiSwitch-root') ?? node;
      if (seen.has(el)) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[aria-hidden="true"], [inert]')) continue;
      if ((el as HTMLElement).offsetParent === null && style.position !== 'fixed') continue;
      // A link inside a sentence is sized by the text around it (WCAG 2.5.5's inline exception).
      if (el.tagName === 'A' && style.display === 'inline' && (el.parentElement?.textContent ?? '').trim() !== (el.textContent ?? '').trim()) continue;
      const label = el.getAttribute('aria-label') ?? node.getAttribute('aria-label') ?? (el.querySelector('label, legend')?.textContent)
        ?? (node.id ? document.querySelector(`label[for="${CSS.escape(node.id)}"]`)?.textContent : null) ?? (el.textContent ?? '').trim() ?? node.getAttribute('name');
      const name = `${el.tagName.toLowerCase()}${node.getAttribute('role') ? `[${node.getAttribute('role')}]` : ''} "${(label || node.getAttribute('name') || node.getAttribute('title') || '?').trim().slice(0, 60)}"`;
      targets.push({ el, name, r });
    }
    const area = (r: DOMRect) => {
      const w = Math.max(r.width, min);
      const h = Math.max(r.height, min);
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      return { left: cx - w / 2, right: cx + w / 2, top: cy - h / 2, bottom: cy + h / 2 };
    };
    const overlap = (a: ReturnType<typeof area>, b: ReturnType<typeof area>) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const offenders: string[] = [];
    for (const t of targets) {
      if (t.r.width >= min - 0.5 && t.r.height >= min - 0.5) continue;
      const mine = area(t.r);
      // A clickable row around a small checkbox is a neighbour too (a near miss opens the row); the target's own parts are not.
      const neighbour = targets.find((o) => o !== t && !t.el.contains(o.el) && overlap(mine, area(o.r)));
      if (neighbour) offenders.push(`${t.name} ${Math.round(t.r.width)}×${Math.round(t.r.height)} (next to ${neighbour.name})`);
    }
    return offenders;
  }, TAP_TARGET);
}

/** Picks the first option of a react-admin autocomplete (`source`) that starts with `text`. */
export async function pickOption(page: Page, source: string, text: string): Promise<void> {
  await page.locator(`.ra-input-${source} input`).first().fill(text);
  await page.getByRole('option', { name: new RegExp(`^${text.replace(/[()]/g, '\\$&')}`) }).first().click();
}

/** Visible text that looks like an untranslated i18n key (resources.x.y, ra.x.y, naskah.x.y). */
export async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...new Set(text.match(/\b(?:resources|ra|naskah)\.[\w-]+(?:\.[\w-]+)+/g) ?? [])];
}

/** A one-page PDF standing in for the rendered draft (the API takes any real PDF as a version). */
export async function draftPdf(dir: string, title: string): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(title, { x: 72, y: 770, size: 12, font });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${title.replace(/\W+/g, '-')}.pdf`);
  fs.writeFileSync(file, await pdf.save());
  return file;
}

/** Reloads the inbox until the queue lists the item: workflow activities update the queues a moment after the action. */
export async function waitForQueueItem(page: Page, baseUrl: string, queue: string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId(`queue-${queue}`).click();
    await page.getByTestId('inbox-items').waitFor();
    await settled(page);
    if ((await page.getByTestId('inbox-items').getByText(text).count()) > 0) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`"${text}" never reached the ${queue} queue`);
}

/**
 * Waits until the page's requests have settled, for at most the page's timeout. Never fails: on a
 * loaded machine (or a page that polls) "network idle" may not come, and every caller checks the
 * screen itself afterwards (its own retry loop or an assertion).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

/** Reloads the page until the text shows: the workflow moves the document a moment after the request returns. */
export async function waitForText(page: Page, text: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await settled(page);
    if ((await page.getByText(text, { exact: true }).count()) > 0) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  throw new Error(`"${text}" never showed on ${page.url()}`);
}

/** Opens the document and reloads until the workflow lets this user act (the button shows). */
export async function openWhenActionable(page: Page, url: string, button: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.goto(url);
    await settled(page);
    if ((await page.getByTestId('document-actions').getByRole('button', { name: button, exact: true }).count()) > 0) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`no "${button}" on ${url}`);
}

/** A draft made through the API as staf.kominfo (setup for screens that need one), returning its id. */
export async function draftThroughApi(stack: ConsoleStack, hal: string): Promise<number> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${stack.baseUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { token } = (await post('/auth/login', { username: 'staf.kominfo', password: DEMO_PASSWORD })) as { token: string };
  const position = async (q: string) => {
    const res = await fetch(`${stack.baseUrl}/api/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, { headers: { authorization: `Bearer ${token}` } });
    const [row] = (await res.json()) as Array<{ id: number; title: string }>;
    return row!;
  };
  const kepada = await position('Kepala Badan Perencanaan');
  const signer = await position('Kepala Dinas Komunikasi');
  const { id } = (await post('/documents', {
    type: 'nota_dinas', hal, archiveCode: '000.7.2', kepada: [{ positionId: kepada.id, name: kepada.title }],
    content: { body: [{ kind: 'paragraph', text: hal }] }, signerPositionId: signer.id,
  }, token)) as { id: number };
  return id;
}

/**
 * Puts a document's sign step in the signer's queue straight in the database:
 * stand-in for submit + paraf until the workflow and the inbox agree on step
 * states (see the README). It only arranges state; every screen read
 * afterwards is the real API's.
 */
export async function arrangeSignStepPending(stack: ConsoleStack, documentId: number): Promise<void> {
  const client = new pg.Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    const { rowCount } = await client.query(`update routing_step set state = 'pending', due_at = now() + interval '1 day' where document_id = $1 and kind = 'sign'`, [documentId]);
    if (rowCount !== 1) throw new Error(`document ${documentId} has no sign step`);
    await client.query(`update document set status = 'signing' where id = $1`, [documentId]);
  } finally {
    await client.end();
  }
}

/** The API as one demo user (setup through the API, for screens that need documents in some state). */
export interface ApiSession {
  token: string;
  /** Calls the API; throws on a refusal unless `allow` lists its status. */
  call<T = Record<string, unknown>>(method: string, route: string, body?: unknown, allow?: number[]): Promise<T & { status: number }>;
  /** The position whose title starts with `title` (as the pickers find it). */
  position(title: string): Promise<{ id: number; title: string }>;
}

/** One sign-in per user and stack: the API throttles repeated sign-ins. */
const sessions = new WeakMap<ConsoleStack, Map<string, Promise<ApiSession>>>();

export function apiSession(stack: ConsoleStack, username: string): Promise<ApiSession> {
  let mine = sessions.get(stack);
  if (!mine) sessions.set(stack, (mine = new Map()));
  let session = mine.get(username);
  if (!session) {
    session = newApiSession(stack, username);
    mine.set(username, session);
  }
  return session;
}

async function newApiSession(stack: ConsoleStack, username: string): Promise<ApiSession> {
  const raw = async (method: string, route: string, body?: unknown, token?: string) => fetch(`${stack.baseUrl}/api${route}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const login = await raw('POST', '/auth/login', { username, password: DEMO_PASSWORD });
  if (!login.ok) throw new Error(`login ${username}: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const session: ApiSession = {
    token,
    async call<T>(method: string, route: string, body?: unknown, allow: number[] = []) {
      const res = await raw(method, route, body, token);
      if (!res.ok && !allow.includes(res.status)) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      const json = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : {};
      return { ...(json as T), status: res.status };
    },
    async position(title: string) {
      const res = await raw('GET', `/positions?filter=${encodeURIComponent(JSON.stringify({ q: title }))}`, undefined, token);
      const row = ((await res.json()) as Array<{ id: number; title: string }>).find((r) => r.title.startsWith(title));
      if (!row) throw new Error(`no position ${title}`);
      return row;
    },
  };
  return session;
}

/**
 * A nota dinas by staf.kominfo through the API, rendered from its fields by the server: to the
 * Kepala Bappeda (or `kepada`), signed by the Kepala Dinas Kominfo, with the reviewers and tembusan
 * named by position title; submitted unless `submit` is false. Returns its id.
 */
export async function notaDinasThroughApi(stack: ConsoleStack, hal: string, options: { kepada?: string; reviewers?: string[]; tembusan?: string[]; submit?: boolean } = {}): Promise<number> {
  const staf = await apiSession(stack, 'staf.kominfo');
  const kepada = await staf.position(options.kepada ?? 'Kepala Badan Perencanaan');
  const tembusan = await Promise.all((options.tembusan ?? []).map((t) => staf.position(t)));
  const { id } = await staf.call<{ id: number }>('POST', '/documents', {
    type: 'nota_dinas', hal, archiveCode: '000.7.2', kepada: [{ positionId: kepada.id, name: kepada.title }],
    tembusan: tembusan.map((t) => ({ positionId: t.id, name: t.title })),
    content: { body: [{ kind: 'paragraph', text: `${hal}.` }] },
    reviewerPositionIds: await Promise.all((options.reviewers ?? []).map(async (r) => (await staf.position(r)).id)),
    signerPositionId: (await staf.position('Kepala Dinas Komunikasi')).id,
  });
  await staf.call('POST', `/documents/${id}/render`);
  if (options.submit !== false) await staf.call('POST', `/documents/${id}/submit`);
  return id;
}

/**
 * A surat masuk registered through the API by `tu` (the TU of the addressee's agency), addressed to the
 * position whose title starts with `to`; setup for the disposition screens. Returns its id.
 */
export async function registerIncomingLetter(stack: ConsoleStack, letter: { hal: string; to: string; senderName: string; senderNumber: string; senderDate: string }, tu = 'tu.bappeda'): Promise<number> {
  const session = await apiSession(stack, tu);
  const { hal, to, ...sender } = letter;
  const { id } = await session.call<{ id: number }>('POST', '/incoming-letters', { ...sender, hal, addressedToId: (await session.position(to)).id });
  return id;
}

/** Waits for the user's turn (409 until the workflow gets there) and does `action` through the API; returns the answer. */
export async function actWhenTurn<T = Record<string, unknown>>(session: ApiSession, route: string, body?: unknown): Promise<T & { status: number }> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const answer = await session.call<T>('POST', route, body, [409]);
    if (answer.status !== 409) return answer;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${route}: never this user's turn`);
}
