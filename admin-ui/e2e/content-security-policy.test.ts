// The built console under the API's Content-Security-Policy (helmet, app.ts)
// in a real browser: every screen that loads scripts, injects styles or shows
// a PDF in a blob: frame runs without a single violation, while an inline
// script (what an injection would need) is refused.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEMO_PASSWORD, draftThroughApi, newActorPage, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  stack = await startConsoleStack();
  page = await newActorPage(stack);
  await page.exposeFunction('reportCspViolation', (line: string) => { violations.push(line); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { reportCspViolation(line: string): Promise<void> }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}, 600_000);
afterAll(async () => {
  await stack?.close();
});

test('sign-in, a document with its PDF, the composer with its preview and the public page raise no CSP violation', async () => {
  await signIn(page, stack.baseUrl, 'staf.kominfo');
  const id = await draftThroughApi(stack, 'Uji kebijakan keamanan konten');
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staf.kominfo', password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Nota dinas uji CSP', { x: 72, y: 760, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const upload = await fetch(`${stack.baseUrl}/api/documents/${id}/versions`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: Buffer.from(await pdf.save()),
  });
  expect(upload.status).toBe(201);

  await page.goto(`${stack.baseUrl}/documents/${id}/show`);
  // The PDF is fetched with the token and shown from a blob: URL in an <iframe>.
  await page.locator('iframe[src^="blob:"]').first().waitFor();
  await page.goto(`${stack.baseUrl}/documents/create`);
  await page.locator('input').first().waitFor();
  await page.goto(`${stack.baseUrl}/verifikasi`);
  await page.getByTestId('verify-upload').waitFor({ state: 'attached' });
  expect(violations).toEqual([]);

  // The policy is really enforced: an injected inline script does not run.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.appendChild(script);
  });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  expect(violations).toEqual([expect.stringMatching(/^script-src/)]);
}, 120_000);
