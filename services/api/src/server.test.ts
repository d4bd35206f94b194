import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('api process entry', () => {
  it('refuses to start in production on development secrets, naming the variable', () => {
    const result = spawnSync(`${repoRoot}node_modules/.bin/tsx`, ['services/api/src/server.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://app:S3cure-Pw@db.internal:5432/naskah',
        MINIO_ACCESS_KEY: 'naskah-prod',
        MINIO_SECRET_KEY: 'c2VjcmV0LWtleS1mb3ItbWluaW8tcHJvZA',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('configuration error: JWT_SECRET');
    expect(result.stderr).not.toContain('S3cure-Pw');
  });

  it('refuses to start in production on a PUBLIC_BASE_URL no outside verifier can reach', () => {
    const run = (publicBaseUrl: string) => spawnSync(`${repoRoot}node_modules/.bin/tsx`, ['services/api/src/server.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://app:S3cure-Pw@db.internal:5432/naskah',
        MINIO_ACCESS_KEY: 'naskah-prod',
        MINIO_SECRET_KEY: 'c2VjcmV0LWtleS1mb3ItbWluaW8tcHJvZA',
        JWT_SECRET: 'f9c1b7d2e4a6081357acefdb2468ace0f9c1b7d2e4a6',
        PUBLIC_BASE_URL: publicBaseUrl,
      },
    });
    const result = run('http://127.0.0.1:3000');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('configuration error: PUBLIC_BASE_URL');
  });
});
