import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './index.js';

const productionSecrets = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://naskah_app:Zq8v3mT1pW@db.internal:5432/naskah',
  MINIO_ACCESS_KEY: 'naskah-prod',
  MINIO_SECRET_KEY: 'c2VjcmV0LWtleS1mb3ItbWluaW8tcHJvZA',
  JWT_SECRET: 'f9c1b7d2e4a6081357acefdb2468ace0f9c1b7d2e4a6',
  PUBLIC_BASE_URL: 'https://naskah.tanahbumbukab.go.id',
};

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the local dev stack', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://naskah:naskah@127.0.0.1:5433/naskah');
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'naskah', actionWaitMs: 10_000 });
    expect(config.minio).toMatchObject({ endPoint: '127.0.0.1', port: 9000, useSSL: false });
  });

  it('reads and coerces variables, treating empty ones as unset', () => {
    const config = loadConfig({ PORT: '8080', MINIO_PORT: '9002', MINIO_USE_SSL: 'true', TEMPORAL_ADDRESS: '', HOST: '' });
    expect(config.http).toMatchObject({ port: 8080, host: undefined });
    expect(config.minio).toMatchObject({ port: 9002, useSSL: true });
    expect(config.temporal.address).toBe('127.0.0.1:7233');
  });

  it('names the variable that is malformed', () => {
    expect(configError({ PORT: 'tiga ribu' }).variable).toBe('PORT');
    expect(configError({ TEMPORAL_ADDRESS: 'localhost' }).variable).toBe('TEMPORAL_ADDRESS');
    expect(configError({ DATABASE_URL: 'mysql://x' }).message).toMatch(/^DATABASE_URL: /);
    expect(configError({ JWT_SECRET: 'short' }).variable).toBe('JWT_SECRET');
    expect(configError({ PEMDA_TIME_ZONE: 'WITA' }).variable).toBe('PEMDA_TIME_ZONE');
  });

  it('prints times in the Pemda\'s zone: WITA (Asia/Makassar) unless PEMDA_TIME_ZONE says otherwise', () => {
    expect(loadConfig({}).pemda.timeZone).toBe('Asia/Makassar');
    expect(loadConfig({ PEMDA_TIME_ZONE: 'Asia/Jayapura' }).pemda.timeZone).toBe('Asia/Jayapura');
  });

  it('trusts no proxy unless TRUST_PROXY names them; refuses what is no address, subnet or name', () => {
    expect(loadConfig({}).http.trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'none' }).http.trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).http.trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
    for (const bad of ['*', 'true', '10.0.0.0/33', 'proxy.example', '1']) {
      expect(configError({ TRUST_PROXY: bad }).variable).toBe('TRUST_PROXY');
    }
  });

  it('archival time-stamps are off unless ARCHIVE_TSA names the internal CA or a TSA URL; the renewal window defaults to 180 days', () => {
    expect(loadConfig({}).archive).toEqual({ tsa: undefined, renewalWindowDays: 180 });
    expect(loadConfig({ ARCHIVE_TSA: 'internal', ARCHIVE_RENEWAL_WINDOW_DAYS: '30' }).archive).toEqual({ tsa: 'internal', renewalWindowDays: 30 });
    expect(loadConfig({ ARCHIVE_TSA: 'https://tsa.bssn.go.id/tsa' }).archive.tsa).toBe('https://tsa.bssn.go.id/tsa');
    expect(configError({ ARCHIVE_TSA: 'bsre' }).variable).toBe('ARCHIVE_TSA');
    expect(configError({ ARCHIVE_RENEWAL_WINDOW_DAYS: '0' }).variable).toBe('ARCHIVE_RENEWAL_WINDOW_DAYS');
  });

  it('starts in production when every secret is set', () => {
    expect(loadConfig(productionSecrets).env).toBe('production');
  });

  it.each(['DATABASE_URL', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY', 'JWT_SECRET'])(
    'refuses the development default of %s in production, naming it',
    (variable) => {
      const env: NodeJS.ProcessEnv = { ...productionSecrets };
      delete env[variable];
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain('production');
    },
  );

  it('refuses the development database password inside a custom URL in production', () => {
    const error = configError({ ...productionSecrets, DATABASE_URL: 'postgres://naskah:naskah@db.internal:5432/naskah' });
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).not.toContain('naskah@');
  });

  describe('PUBLIC_BASE_URL', () => {
    it('defaults to http://localhost:<PORT> in development and builds every public address from it', () => {
      expect(loadConfig({}).http.publicBaseUrl).toBe('http://localhost:3000');
      const config = loadConfig({ PORT: '8080' });
      expect(config.http.publicBaseUrl).toBe('http://localhost:8080');
      expect(config.publicUrls.pki).toBe('http://localhost:8080/api/pki');
      expect(config.publicUrls.tsa).toBe('http://localhost:8080/api/pki/tsa');
      expect(config.publicUrls.verification('abc_DEF-1')).toBe('http://localhost:8080/verifikasi/abc_DEF-1');
    });

    it('keeps a path prefix and drops trailing slashes', () => {
      const config = loadConfig({ ...productionSecrets, PUBLIC_BASE_URL: 'https://portal.tanahbumbukab.go.id/naskah/' });
      expect(config.http.publicBaseUrl).toBe('https://portal.tanahbumbukab.go.id/naskah');
      expect(config.publicUrls.pki).toBe('https://portal.tanahbumbukab.go.id/naskah/api/pki');
    });

    it('is required in production', () => {
      const env: NodeJS.ProcessEnv = { ...productionSecrets };
      delete env['PUBLIC_BASE_URL'];
      const error = configError(env);
      expect(error.variable).toBe('PUBLIC_BASE_URL');
      expect(error.message).toContain('production');
    });

    it.each([
      ['plain http', 'http://naskah.tanahbumbukab.go.id', /https/],
      ['localhost', 'https://localhost', /localhost/],
      ['a .localhost name', 'https://naskah.localhost:8443', /localhost/],
      ['IPv4 loopback', 'https://127.0.0.1', /127\.0\.0\.1/],
      ['another 127/8 address', 'https://127.10.0.3:3000', /127\.10\.0\.3/],
      ['IPv6 loopback', 'https://[::1]:3000', /::1/],
      ['the unspecified address', 'https://0.0.0.0', /0\.0\.0\.0/],
    ])('production refuses %s, naming the variable', (_what, value, says) => {
      const error = configError({ ...productionSecrets, PUBLIC_BASE_URL: value });
      expect(error.variable).toBe('PUBLIC_BASE_URL');
      expect(error.message).toMatch(says);
    });

    it('refuses a query, fragment or credentials anywhere', () => {
      expect(configError({ PUBLIC_BASE_URL: 'https://naskah.example.go.id/?x=1' }).variable).toBe('PUBLIC_BASE_URL');
      expect(configError({ PUBLIC_BASE_URL: 'https://user:pw@naskah.example.go.id' }).variable).toBe('PUBLIC_BASE_URL');
      expect(configError({ PUBLIC_BASE_URL: 'ftp://naskah.example.go.id' }).variable).toBe('PUBLIC_BASE_URL');
      expect(configError({ PUBLIC_BASE_URL: 'naskah.example.go.id' }).variable).toBe('PUBLIC_BASE_URL');
    });

    it('development and tests accept http and localhost', () => {
      expect(loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://127.0.0.1:3200' }).http.publicBaseUrl).toBe('http://127.0.0.1:3200');
    });
  });
});
