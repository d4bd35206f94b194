// What schemathesis.test.ts found, one assertion each: the server answers as /api/openapi.json says.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
beforeAll(async () => { t = await startTestApi(); }, 120_000);
afterAll(async () => { await t?.stop(); });

const allow = (res: Response) => new Set(res.headers.get('allow')?.split(/,\s*/));

describe('methods a path does not have', () => {
  test('TRACE on a documented path is 405 with the documented methods in Allow, not 404', async () => {
    // fetch refuses to send TRACE: plain node:http does.
    const token = await t.login('admin');
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${t.api.url}/api/agencies`, { method: 'TRACE', headers: { authorization: `Bearer ${token}` } }, resolve);
      req.once('error', reject);
      req.end();
    });
    res.resume();
    expect(res.statusCode).toBe(405);
    expect(new Set(String(res.headers.allow).split(/,\s*/))).toEqual(new Set(['GET', 'POST']));
  });

  test('OPTIONS advertises exactly the documented methods', async () => {
    const res = await t.request('OPTIONS', '/archive/destruction-proposals/1/approve');
    expect(res.status).toBe(204);
    expect(allow(res)).toEqual(new Set(['POST']));
  });

  test('GET on a literal path that only has POST is 405, not /documents/:id with id "bulk-sign"', async () => {
    const res = await t.request('GET', '/documents/bulk-sign', { token: await t.login('staf.kominfo') });
    expect(res.status).toBe(405);
    expect(allow(res)).toEqual(new Set(['POST']));
  });
});

describe('bodies and parameters as documented', () => {
  test('audit events carry id and seq as integers (bigint columns)', async () => {
    const res = await t.request('GET', '/audit-events?range=[0,0]', { token: await t.login('auditor.inspektorat') });
    expect(res.status).toBe(200);
    const [event] = (await res.json()) as { id: unknown; seq: unknown }[];
    expect(typeof event!.id).toBe('number');
    expect(typeof event!.seq).toBe('number');
  });

  test('the CSV dashboard and list parameters are documented', async () => {
    const spec = (await (await t.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; content?: Record<string, { schema: { prefixItems?: { enum?: string[] }[] } }> }[]; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    expect(Object.keys(spec.paths['/dashboard/agencies']!['get']!.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
    const sort = spec.paths['/agencies']!['get']!.parameters!.find((p) => p.name === 'sort')!;
    expect(sort.content!['application/json']!.schema.prefixItems![0]!.enum).toEqual(['id', 'code', 'name']);
  });

  test('a range whose last comes before its first is a 422; an id beyond int4 a 422 naming the field (schemas/common.ts: well-formed, out of the column range) or, in a path, the policy 404; never a 500', async () => {
    const token = await t.login('staf.kominfo');
    expect((await t.request('GET', '/agencies?range=[5,3]', { token })).status).toBe(422);
    expect((await t.request('GET', `/agencies?filter=${encodeURIComponent('{"id":2147483648}')}`, { token })).status).toBe(422);
    expect((await t.request('GET', '/agencies/2147483648', { token })).status).toBe(404);
    const res = await t.request('POST', '/agreements', { token: await t.login('kadis.kominfo'),
      body: { kind: 'kinerja', title: 'Perjanjian uji', year: 2026, parties: [1, 2_027_864_548_818] } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { field: string }).field).toBe('parties.1');
  });

  test('delegation dates in the wrong order are a 422 naming validTo', async () => {
    const res = await t.request('POST', '/delegations', { token: await t.login('admin'), body: {
      kind: 'plh', positionId: 1, delegateId: 1, validFrom: '2026-05-02', validTo: '2026-05-01', reason: 'Cuti tahunan' } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { field: string }).field).toBe('validTo');
  });

  test('a name of spaces around one letter is refused although its raw length passes minLength', async () => {
    const spec = (await (await t.request('GET', '/openapi.json')).json()) as { components: { schemas: Record<string, { properties: Record<string, { pattern?: string }> }> } };
    const pattern = new RegExp(spec.components.schemas['AgencyInput']!.properties['name']!.pattern!);
    expect(pattern.test('  a  ')).toBe(false);
    expect(pattern.test(' Dinas ')).toBe(true);
  });
});

describe('headers as documented', () => {
  test('a throttle (429) and a lockout (423) document the Retry-After they send', async () => {
    const spec = (await (await t.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    expect(Object.keys(spec.paths['/auth/login']!['post']!.responses['429']!.headers ?? {})).toEqual(['Retry-After']);
    expect(Object.keys(spec.paths['/documents/{id}/sign']!['post']!.responses['423']!.headers ?? {})).toEqual(['Retry-After']);
    expect(spec.paths['/documents/{id}/sign']!['post']!.responses['409']!.headers).toBeUndefined();
  });
});
