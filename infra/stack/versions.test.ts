// The servers are pinned (issue 22, item 5): the MinIO binary `infra/stack.ts install` built is the
// pinned module version (read from the binary by `go version -m`, not from our own records), and
// `stack:status` names each server's version.
import { spawnSync } from 'node:child_process';
import { expect, test } from '@jest/globals';
import { minioPin, serverVersions } from './index.js';

test('MinIO is the pinned pseudo-version, never a moving @latest', () => {
  expect(minioPin).toMatch(/^v\d+\.\d+\.\d+-\d{14}-[0-9a-f]{12}$/);
  expect(serverVersions().minio).toBe(`github.com/minio/minio ${minioPin}`);
});

test('stack:status prints the version of every server', () => {
  // Exit code 3 when a part is stopped: the versions are printed either way.
  const out = spawnSync(process.execPath, ['infra/stack/run-typescript.mjs', 'infra/stack.ts', 'status', '--profile', 'dev'], { encoding: 'utf8' }).stdout;
  expect(out).toMatch(/^postgresql\s+postgres \(PostgreSQL\) \d+/m);
  expect(out).toMatch(/^temporal\s+temporal version \S+/m);
  expect(out).toContain(`minio       github.com/minio/minio ${minioPin}`);
});
