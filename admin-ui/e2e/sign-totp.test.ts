// Signing with a one-time code (TOTP) from the console, when the signer's
// certificate is held by a provider whose gateway speaks contract v2 (the
// stand-in, configured for every agency): the sign dialog offers "Kirim kode
// OTP" and a code field beside the passphrase; the provider's message shows
// once the code is sent; a wrong code is refused in Indonesian naming the
// field; the right code signs. The code never appears in the URL.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { DEMO_PASSWORD, draftThroughApi, openAs, rawKeys, screenshot, startConsoleStack, waitForText, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

async function apiAs(username: string): Promise<(method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>> {
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  return async (method, path, body) => {
    const res = await fetch(`${stack.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

beforeAll(async () => {
  stack = await startConsoleStack({ gateway: { apiVersion: 'v2' } });
  // kadis.kominfo's certificate moves to the provider: registered there under their NIK, no keystore file here.
  const client = new pg.Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    const { rows: [person] } = await client.query<{ id: number; nik: string; name: string }>(
      `select p.id, p.nik, p.name from person p join app_user u on u.person_id = p.id where u.username = 'kadis.kominfo'`);
    const issued = await stack.gateway!.registry.register({ name: person!.name, nik: person!.nik, passphrase: 'passphrase-di-bsre' });
    await client.query(`update certificate set status = 'revoked', revoked_at = now() where person_id = $1`, [person!.id]);
    await client.query(
      `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
       values ($1, $2, $3, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`,
      [person!.id, issued.serialHex, person!.name]);
  } finally {
    await client.end();
  }
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

test('the sign dialog offers the provider\'s one-time code: "Kirim kode OTP", a wrong code refused in Indonesian, the right one signs', async () => {
  const hal = 'Undangan rapat koordinasi SPBE dengan kode OTP';
  const id = await draftThroughApi(stack, hal);
  const staf = await apiAs('staf.kominfo');
  await staf('POST', `/documents/${id}/render`);
  await staf('POST', `/documents/${id}/submit`);
  // Whoever the routing asks to initial before the signature does so through the API.
  const people = new Map<string, string>();
  for (const user of ['kabid.aptika', 'sekdis.kominfo', 'kadis.kominfo']) people.set(String(((await (await apiAs(user))('GET', '/auth/me')) as { personId: number }).personId), user);
  for (let i = 0; i < 60; i++) {
    const state = await staf('GET', `/documents/${id}/routing`) as { waiting: { kind: string; actors: { personId: string }[] }[] };
    if (state.waiting.some((w) => w.kind === 'sign')) break;
    const paraf = state.waiting.find((w) => w.kind === 'paraf');
    if (paraf) await (await apiAs(people.get(paraf.actors[0]!.personId)!))('POST', `/documents/${id}/paraf`, {});
    else await new Promise((r) => setTimeout(r, 250));
  }

  const signer = await openAs(stack, 'kadis.kominfo', `/documents/${id}/show`);
  await signer.getByRole('heading', { name: hal, exact: true }).waitFor();
  await signer.getByTestId('document-actions').getByRole('button', { name: 'Tanda Tangani' }).click();
  const dialog = signer.getByRole('dialog');
  await dialog.getByTestId('use-totp').click();
  await expect(dialog.getByTestId('use-totp').textContent()).resolves.toBe('Kode OTP dari BSrE (stand-in)');
  await dialog.getByRole('button', { name: 'Kirim kode OTP' }).click();
  await expect(dialog.getByTestId('totp-sent').innerText()).resolves.toMatch(/^Kode OTP sudah diminta dari BSrE \(stand-in\)/);
  const nik = Object.keys(stack.gateway!.standIn.totpSent)[0]!;
  const code = stack.gateway!.standIn.totpSent[nik]!;

  await dialog.getByTestId('totp').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
  await expect(dialog.getByTestId('sign-error').innerText()).resolves.toContain('Kode TOTP salah atau sudah kedaluwarsa');
  await screenshot(signer, 'sign-totp-wrong');

  await dialog.getByTestId('totp').fill(code);
  await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
  await signer.getByText('Naskah berhasil ditandatangani.').waitFor();
  await waitForText(signer, 'Diarsipkan');
  expect(signer.url()).not.toContain(code);
  expect(await rawKeys(signer)).toEqual([]);
  await signer.close();
}, 180_000);
