import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { pino } from 'pino';
import { z } from 'zod';
import { AppError, apiNotFound, problemHandler, registerProblemCodes } from './problem.js';

class SigningFailure extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

describe('problem+json errors', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    registerProblemCodes({ PASSPHRASE_INVALID: 422 });
    const app = express();
    const api = express.Router();
    api.use(express.json());
    api.post('/echo', (req, res) => { res.json(req.body); });
    api.post('/naskah', (req) => {
      z.object({ perihal: z.string().min(3), tujuan: z.array(z.string()).min(1) }).parse(req.body);
    });
    api.get('/app-error', () => { throw new AppError('SIGNER_OUT_OF_TURN', 409, 'Bukan giliran penandatangan ini.', { field: 'signerId' }); });
    api.get('/coded', () => { throw new SigningFailure('PASSPHRASE_INVALID', 'Passphrase salah.'); });
    api.get('/boom', async () => { throw new Error('secret internals at /srv/naskah/db.ts:42'); });
    api.use(apiNotFound);
    app.use('/api', api);
    app.use(problemHandler(pino({ level: 'silent' })));
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"perihal":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, code: 'MALFORMED_JSON', instance: '/api/echo' });
  });

  it('names the invalid field of a zod validation failure', async () => {
    const res = await fetch(`${base}/naskah`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"perihal":"Undangan","tujuan":[]}' });
    expect(res.status).toBe(400);
    const body = await res.json() as { code: string; field: string; errors: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.field).toBe('tujuan');
    expect(body.errors.map((e) => e.field)).toEqual(['tujuan']);
  });

  it('maps an AppError to its status, code and field', async () => {
    const res = await fetch(`${base}/app-error`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'SIGNER_OUT_OF_TURN', field: 'signerId', detail: 'Bukan giliran penandatangan ini.' });
  });

  it('maps a registered code from another package', async () => {
    const res = await fetch(`${base}/coded`);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'PASSPHRASE_INVALID' });
  });

  it('turns an unexpected error into a 500 without stack or message', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('db.ts');
    expect(text).not.toMatch(/\bat\s/);
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const res = await fetch(`${base}/tidak-ada`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
