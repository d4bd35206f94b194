import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testConfig } from '@naskah/infra/testing';
import { start, type NaskahApi } from './app.js';

describe('API on the test stack', () => {
  let api: NaskahApi;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-console-'));
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>Naskah</title><div id="root"></div>');
    fs.writeFileSync(path.join(consoleDir, 'app.js'), 'console.log("naskah")');
    api = await start(testConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_UI_DIST: consoleDir }));
  });
  afterAll(async () => {
    await api.stop();
    fs.rmSync(consoleDir, { recursive: true, force: true });
  });

  it('reports db, temporal and storage ok', async () => {
    const res = await fetch(`${api.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok', storage: 'ok' });
  });

  it('serves the console and falls back to index.html for client-side routes', async () => {
    const asset = await fetch(`${api.url}/app.js`);
    expect(await asset.text()).toBe('console.log("naskah")');
    const deepLink = await fetch(`${api.url}/documents/42/show`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<div id="root">');
  });

  it('never answers an unknown /api path with the console', async () => {
    const res = await fetch(`${api.url}/api/documents-that-do-not-exist`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
