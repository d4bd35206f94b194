// A MinIO process of the test's own (spare port, temp data dir) that it may stop and start; the shared test stack's MinIO is never touched.
// Like the test stack's, it is erasure-coded over four drives (directories), the mode production's distributed MinIO runs in.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client as MinioClient } from 'minio';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function minioBinary(): string {
  for (const candidate of [join(repo, '.tools/bin/minio'), '/tmp/warm-go/minio']) if (existsSync(candidate)) return candidate;
  throw new Error('No MinIO binary: run `npm run stack:install` (installs .tools/bin/minio).');
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

export interface OwnMinio {
  port: number;
  client: MinioClient;
  accessKey: string;
  secretKey: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

export async function ownMinio(preferredPort = 9010): Promise<OwnMinio> {
  let port = preferredPort;
  while (await portOpen(port) || await portOpen(port + 1)) port += 2;
  const dir = mkdtempSync(join(tmpdir(), 'naskah-own-minio-'));
  for (let i = 1; i <= 4; i++) mkdirSync(join(dir, `drive${i}`));
  const accessKey = 'arsip-test';
  const secretKey = 'arsip-test-secret-123';
  let child: ChildProcess | undefined;
  const self: OwnMinio = {
    port, accessKey, secretKey,
    client: new MinioClient({ endPoint: '127.0.0.1', port, useSSL: false, accessKey, secretKey }),
    async start() {
      child = spawn(minioBinary(), ['server', join(dir, 'drive{1...4}'), '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${port + 1}`, '--quiet'], {
        env: { ...process.env, MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off',
          // The drives are directories on one (possibly the root) disk, which MinIO refuses for an erasure set outside CI/CD mode.
          MINIO_CI_CD: 'on' },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        try { await self.client.listBuckets(); return; } catch { /* not up yet */ }
        if (Date.now() > deadline) throw new Error(`own MinIO did not start on ${port}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGTERM'); });
      while (await portOpen(port)) await new Promise((r) => setTimeout(r, 100));
    },
    async destroy() {
      await self.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await self.start();
  return self;
}
