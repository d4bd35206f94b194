// Provider configuration and the gateway error table.
// The gateway client end to end is tested against the stand-in in infra/gateway.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '../../test/pki-setup.js';
import { isSigningError, type SigningError } from '../errors.js';
import { errorFromGateway, GATEWAY_ERRORS, GATEWAY_HTTP_STATUS } from './gateway-errors.js';
import { gatewayDirectory, loadGatewayDirectory } from './gateway-directory.js';

let dir: string;
let tp: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-providers-'));
  tp = await makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(f: () => unknown): SigningError {
  try {
    f();
  } catch (e) {
    if (isSigningError(e)) return e;
    throw e;
  }
  throw new Error('expected a SigningError');
}

describe('gateway directory (SIGNING_GATEWAYS_FILE)', () => {
  const entry = (extra: Record<string, unknown>) => ({ url: 'https://esign.example.go.id', rootCaFile: tp.rootPem, ...extra });

  test('credentials come from the named environment variables', () => {
    const d = gatewayDirectory({ Bappeda: entry({ usernameEnv: 'BSRE_USER', passwordEnv: 'BSRE_PASS' }) }, { env: { BSRE_USER: 'u', BSRE_PASS: 'p' } });
    expect(d.forAgency('Bappeda')).toMatchObject({ url: 'https://esign.example.go.id', username: 'u', password: 'p', name: 'BSrE' });
  });

  test('or from a secrets file named relative to the gateways file; "*" is the default agency', () => {
    writeFileSync(join(dir, 'bsre.json'), JSON.stringify({ username: 'from-file', password: 'rahasia' }));
    const file = join(dir, 'gateways.json');
    writeFileSync(file, JSON.stringify({ '*': entry({ credentialsFile: 'bsre.json', rootCaFile: 'pki/root-ca.pem' }) }));
    const config = loadGatewayDirectory(file, {}).forAgency('Inspektorat');
    expect(config).toMatchObject({ username: 'from-file', password: 'rahasia' });
    expect(config.trustAnchors[0]!.equals(readFileSync(tp.rootPem))).toBe(true);
  });

  test('the contract version (v1 by default) and the seal account are per gateway', () => {
    const env = { env: { U: 'u', P: 'p' } };
    const d = gatewayDirectory({
      Bappeda: entry({ usernameEnv: 'U', passwordEnv: 'P', apiVersion: 'v2', seal: { idSubscriber: 'TANBU-01', name: 'Pemerintah Kabupaten Tanah Bumbu' } }),
      Dinkes: entry({ usernameEnv: 'U', passwordEnv: 'P' }),
    }, env);
    expect(d.forAgency('Bappeda')).toMatchObject({ apiVersion: 'v2', seal: { idSubscriber: 'TANBU-01', name: 'Pemerintah Kabupaten Tanah Bumbu' } });
    expect(d.forAgency('Dinkes').apiVersion).toBe('v1');
    const e = thrown(() => gatewayDirectory({ Bappeda: entry({ usernameEnv: 'U', passwordEnv: 'P', apiVersion: 'v3' }) }, env));
    expect(e.code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(e.field).toBe('Bappeda.apiVersion');
  });

  test('credentials written into the file itself are refused', () => {
    const e = thrown(() => gatewayDirectory({ Bappeda: entry({ usernameEnv: 'A', passwordEnv: 'B', password: 'in-clear' }) }));
    expect(e.code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(e.message).not.toContain('in-clear');
  });

  test('missing variables, no entry, and an unreadable file are GATEWAY_NOT_CONFIGURED naming what is missing', () => {
    const d = gatewayDirectory({ Bappeda: entry({ usernameEnv: 'BSRE_USER', passwordEnv: 'BSRE_PASS' }) }, { env: {} });
    expect(thrown(() => d.forAgency('Bappeda')).message).toContain('BSRE_USER');
    expect(thrown(() => d.forAgency('Dinkes')).code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(thrown(() => loadGatewayDirectory(join(dir, 'absent.json'))).field).toBe('SIGNING_GATEWAYS_FILE');
    expect(loadGatewayDirectory(undefined).agencies).toEqual([]);
  });
});

describe('gateway error table', () => {
  test.each([
    [400, { error: 'User tidak terdaftar', status_code: 2011 }, 'SIGNER_NOT_REGISTERED'],
    [400, { error: 'Passphrase anda salah', status_code: 2031 }, 'PASSPHRASE_INVALID'],
    [400, { error: 'Passphrase salah' }, 'PASSPHRASE_INVALID'],
    [400, { error: 'User belum memiliki sertifikat elektronik', status_code: 2021 }, 'SIGNER_NO_CERTIFICATE'],
    [400, { error: 'TOTP tidak valid atau sudah kedaluwarsa', status_code: 2032 }, 'TOTP_INVALID'],
    [400, { error: 'Kode TOTP salah' }, 'TOTP_INVALID'],
    [400, { error: 'Sertifikat sudah kadaluarsa' }, 'CERT_EXPIRED'],
    [400, { error: 'Certificate revoked' }, 'CERT_REVOKED'],
    [401, { error: 'Unauthorized' }, 'GATEWAY_AUTH_FAILED'],
    [400, { error: 'Parameter width harus angka' }, 'GATEWAY_REJECTED'],
    [500, undefined, 'GATEWAY_UNAVAILABLE'],
  ] as const)('HTTP %s %j → %s', (status, body, code) => {
    expect(errorFromGateway(status, body).code).toBe(code);
  });

  test("a gateway echoing the passphrase does not put it into the error", () => {
    const e = errorFromGateway(400, { error: 'Passphrase rahasia-123 salah', status_code: 2031 }, ['rahasia-123']);
    expect(e.code).toBe('PASSPHRASE_INVALID');
    expect(e.message).not.toContain('rahasia-123');
    expect(e.message).toContain('***');
  });

  test("every code has an Indonesian sentence; the signer's own problems are 4xx", () => {
    for (const [code, e] of Object.entries(GATEWAY_ERRORS)) {
      expect(e.id.length).toBeGreaterThan(20);
      expect(GATEWAY_HTTP_STATUS[code]).toBe(e.status);
    }
    for (const code of ['PASSPHRASE_INVALID', 'SIGNER_NOT_REGISTERED', 'CERT_EXPIRED', 'CERT_REVOKED', 'GATEWAY_REJECTED']) {
      expect(GATEWAY_HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(GATEWAY_HTTP_STATUS[code]).toBeLessThan(500);
    }
  });
});
