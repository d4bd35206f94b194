// The Pemda's settings (issue 19): seeded for Tanah Bumbu (WITA), readable
// without signing in (sign-in and verification pages), changed only by the
// admin, every refusal naming its field.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let admin: string;
let db: pg.Client;

beforeAll(async () => {
  t = await startTestApi();
  admin = await t.login('admin');
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

// A 1×1 PNG.
const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const valid = { name: 'Pemerintah Kabupaten Tanah Bumbu', logo: png, timeZone: 'Asia/Makassar', publicBaseUrl: 'https://naskah.tanahbumbukab.go.id/' };

describe('GET/PUT /settings/pemda', () => {
  test('seeded for Tanah Bumbu in WITA; anyone may read it, only the admin may change it', async () => {
    const res = await t.request('GET', '/settings/pemda');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Pemerintah Kabupaten Tanah Bumbu', logo: null, timeZone: 'Asia/Makassar', timeZoneLabel: 'WITA' });

    expect((await t.request('PUT', '/settings/pemda', { body: valid })).status).toBe(401);
    for (const user of ['tu.kominfo', 'kadis.kominfo', 'auditor.inspektorat']) {
      expect({ user, status: (await t.request('PUT', '/settings/pemda', { token: await t.login(user), body: valid })).status }).toEqual({ user, status: 403 });
    }
    const put = await t.request('PUT', '/settings/pemda', { token: admin, body: { ...valid, timeZone: 'Asia/Jayapura' } });
    expect(put.status).toBe(200);
    // The trailing slash is not kept: URLs are built by appending "/verifikasi/…".
    expect(await put.json()).toMatchObject({ timeZone: 'Asia/Jayapura', timeZoneLabel: 'WIT', logo: png, publicBaseUrl: 'https://naskah.tanahbumbukab.go.id' });
    expect(await (await t.request('GET', '/settings/pemda')).json()).toMatchObject({ timeZone: 'Asia/Jayapura', logo: png });
    const [audit] = (await db.query<{ action: string; data: { timeZone: string; logo: boolean } }>(
      "select action, data from audit_event where subject_type = 'pemda_setting' order by seq desc limit 1")).rows;
    expect(audit).toEqual({ action: 'pemda_setting.updated', data: expect.objectContaining({ timeZone: 'Asia/Jayapura', logo: true }) });
    expect((await t.request('PUT', '/settings/pemda', { token: admin, body: valid })).status).toBe(200);
  });

  test('a wrong value is 422 naming its field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ timeZone: 'Asia/Pontianak' }, 'TIME_ZONE_UNKNOWN', 'timeZone'],
      [{ timeZone: 'UTC' }, 'TIME_ZONE_UNKNOWN', 'timeZone'],
      [{ publicBaseUrl: 'naskah.tanahbumbukab.go.id' }, 'PUBLIC_BASE_URL_INVALID', 'publicBaseUrl'],
      [{ publicBaseUrl: 'ftp://naskah.tanahbumbukab.go.id' }, 'PUBLIC_BASE_URL_INVALID', 'publicBaseUrl'],
      [{ publicBaseUrl: 'https://naskah.tanahbumbukab.go.id/?x=1' }, 'PUBLIC_BASE_URL_INVALID', 'publicBaseUrl'],
      [{ logo: 'data:image/png;base64,SGVsbG8=' }, 'LAMBANG_UNREADABLE', 'logo'],
      [{ logo: 'https://example.org/lambang.png' }, 'LAMBANG_UNREADABLE', 'logo'],
      [{ name: 'Pemerintah\nKabupaten' }, 'INVALID_TEXT', 'name'],
    ];
    for (const [change, code, field] of cases) {
      const res = await t.request('PUT', '/settings/pemda', { token: admin, body: { ...valid, ...change } });
      const body = await res.json() as { code: string; field: string };
      expect({ change, status: res.status, code: body.code, field: body.field }).toEqual({ change, status: 422, code, field });
    }
    expect(await (await t.request('GET', '/settings/pemda')).json()).toMatchObject({ timeZone: 'Asia/Makassar' });
  });
});
