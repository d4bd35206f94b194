import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../stack/profile.js';

const expectedServices = [
  'api', 'migrate', 'minio', 'minio-buckets', 'postgres', 'temporal', 'temporal-search-attributes', 'temporal-ui', 'worker',
];
/** Profile `scale`, production's shape (docs/scaling.md). */
const scaleServices = [
  'api-1', 'api-2', 'migrate-scale', 'minio-scale-buckets', 'minio1', 'minio2', 'minio3', 'minio4', 'proxy',
  'temporal-scale-setup', 'temporal-schema', 'temporal-server', 'worker-1', 'worker-2',
];
const composeText = () => fs.readFileSync(`${repoRoot}/docker-compose.yml`, 'utf8');

/**
 * A service's block as written (anchors `<<: *x` resolved by appending the anchor's block): enough
 * to read the shape without a YAML library, whether or not a compose client is installed.
 */
function serviceBlock(name: string): string {
  const text = composeText();
  const start = text.search(new RegExp(`^ {2}${name}:\\s*$`, 'm'));
  if (start < 0) return '';
  const rest = text.slice(start + 1);
  const end = rest.search(/^ {2}[a-z][\w-]*:\s*$|^\S/m);
  const block = end < 0 ? rest : rest.slice(0, end);
  const anchor = /<<: \*([\w-]+)/.exec(block)?.[1];
  if (!anchor) return block;
  // The anchor's body: the indented lines after `x-…: &anchor`, up to the next top-level key.
  const anchored = text.slice(text.indexOf('\n', text.indexOf(`&${anchor}`)) + 1);
  const anchorEnd = anchored.search(/^\S/m);
  return block + (anchorEnd < 0 ? anchored : anchored.slice(0, anchorEnd));
}

/** `docker compose` (v2 plugin) or the standalone `docker-compose`, whichever this machine has. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return undefined;
}

function compose(args: string[]) {
  const [bin, ...base] = composeCommand() ?? [];
  if (!bin) throw new Error('no compose client');
  return spawnSync(bin, [...base, ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH } });
}

describe('docker-compose.yml', () => {
  const dockerClient = spawnSync('docker', ['--version']).status === 0;

  it('has a compose client wherever the docker client is installed (.ci/run installs docker-compose)', () => {
    expect({ dockerClient, compose: dockerClient ? composeCommand() !== undefined : 'not needed' })
      .toEqual({ dockerClient, compose: dockerClient ? true : 'not needed' });
  });

  it('is valid and declares the whole stack', () => {
    let services: string[];
    if (composeCommand()) {
      for (const profile of [[], ['--profile', 'scale']]) {
        const check = compose([...profile, 'config', '--quiet']);
        expect(check.stderr).toBe('');
        expect(check.status).toBe(0);
      }
      // With the profile named, compose v1 and v2 both list every service.
      services = compose(['--profile', 'scale', 'config', '--services']).stdout.trim().split('\n');
    } else {
      // Without any compose client, read the service keys (two-space indent under `services:`).
      const text = fs.readFileSync(`${repoRoot}/docker-compose.yml`, 'utf8');
      const block = text.slice(text.indexOf('\nservices:'), text.indexOf('\nvolumes:'));
      services = [...block.matchAll(/^ {2}([a-z][\w-]*):\s*$/gm)].map((m) => m[1] ?? '');
    }
    expect(services.sort()).toEqual([...expectedServices, ...scaleServices].sort());
  });

  it('keeps the profile scale out of a plain `docker compose up` and every scale service in it', () => {
    for (const name of expectedServices) expect({ name, profiles: /^\s+profiles:/m.test(serviceBlock(name)) }).toEqual({ name, profiles: false });
    for (const name of scaleServices) expect({ name, profile: /profiles: \[scale\]/.test(serviceBlock(name)) }).toEqual({ name, profile: true });
  });

  it('profile scale: Temporal server on PostgreSQL from official images, schema by temporal-sql-tool, no auto-setup', () => {
    const server = serviceBlock('temporal-server');
    expect(server).toMatch(/image: temporalio\/server:\d/);
    expect(server).toMatch(/DB: postgres12/);
    expect(server).toMatch(/POSTGRES_SEEDS: postgres\b/);
    expect(server).toMatch(/NUM_HISTORY_SHARDS:/);
    expect(server).toMatch(/healthcheck:/);
    expect(serviceBlock('temporal-schema')).toMatch(/image: temporalio\/admin-tools:[\s\S]*temporal-sql-tool --db temporal update-schema/);
    for (const name of scaleServices) expect(serviceBlock(name)).not.toMatch(/image: temporalio\/auto-setup/);
  });

  it('profile scale: MinIO distributed over four nodes, each with its own volume and a health check', () => {
    for (const n of [1, 2, 3, 4]) {
      const node = serviceBlock(`minio${n}`);
      expect(node).toMatch(/image: minio\/minio:RELEASE\./);
      expect(node).toContain('"server", "http://minio{1...4}/data"');
      expect(node).toContain(`volumes: [minio${n}-data:/data]`);
      expect(node).toMatch(/healthcheck:/);
    }
    expect(serviceBlock('minio-scale-buckets')).toMatch(/--with-lock naskah\/naskah-arsip/);
  });

  it('profile scale: two API replicas behind nginx, two workers, all in production mode, with health checks', () => {
    for (const name of ['api-1', 'api-2', 'worker-1', 'worker-2']) {
      const block = serviceBlock(name);
      expect(block).toMatch(/image: naskah:local/);
      expect(block).toMatch(/environment: \*naskah-scale-env/);
      expect(block).toMatch(/healthcheck:/);
    }
    const text = composeText();
    const env = text.slice(text.indexOf('&naskah-scale-env'), text.indexOf('\n\n', text.indexOf('&naskah-scale-env')));
    // Production mode always: the API and workers refuse the development secrets and a non-https public URL.
    expect(env).toMatch(/^ {2}NODE_ENV: production$/m);
    expect(env).toMatch(/TEMPORAL_ADDRESS: temporal-server:7233/);
    expect(serviceBlock('proxy')).toMatch(/image: nginx:\d/);
    const nginx = fs.readFileSync(`${repoRoot}/infra/docker/nginx.conf`, 'utf8');
    expect(nginx.match(/^\s*server api-\d:3000/gm)?.map((l) => l.trim().split(' ')[1])).toEqual(['api-1:3000', 'api-2:3000']);
  });

  it('builds the API and worker from our Dockerfile', () => {
    const text = fs.readFileSync(`${repoRoot}/docker-compose.yml`, 'utf8');
    expect(text).toContain('dockerfile: infra/docker/Dockerfile');
    expect(fs.existsSync(`${repoRoot}/infra/docker/Dockerfile`)).toBe(true);
  });
});
