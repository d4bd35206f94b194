import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../stack/profile.js';

const expectedServices = [
  'api', 'migrate', 'minio', 'minio-buckets', 'postgres', 'temporal', 'temporal-search-attributes', 'temporal-ui', 'worker',
];

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
      const check = compose(['config', '--quiet']);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      services = compose(['config', '--services']).stdout.trim().split('\n');
    } else {
      // Without any compose client, read the service keys (two-space indent under `services:`).
      const text = fs.readFileSync(`${repoRoot}/docker-compose.yml`, 'utf8');
      const block = text.slice(text.indexOf('\nservices:'), text.indexOf('\nvolumes:'));
      services = [...block.matchAll(/^ {2}([a-z][\w-]*):\s*$/gm)].map((m) => m[1] ?? '');
    }
    expect(services.sort()).toEqual(expectedServices);
  });

  it('builds the API and worker from our Dockerfile', () => {
    const text = fs.readFileSync(`${repoRoot}/docker-compose.yml`, 'utf8');
    expect(text).toContain('dockerfile: infra/docker/Dockerfile');
    expect(fs.existsSync(`${repoRoot}/infra/docker/Dockerfile`)).toBe(true);
  });
});
