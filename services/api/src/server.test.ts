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
});
