// EU DSS (eu.europa.ec.joinup.sd-dss 6.3 from Maven Central) as an independent
// PAdES validator for the tests: infra/dss is a small Maven project whose one
// class validates a batch of PDFs in one JVM. Built into .tools/<DSS_FOLDER> once; built
// again only when infra/dss changes (the stamp holds the hash of its sources).
// .tools is shared by every checkout on a machine: a change to infra/dss takes a new
// folder name (DSS_FOLDER here and in services/signing/test/dss.test.ts), so building
// it never replaces the jar a test in another checkout is running.
// First build about 35 s here with downloads (about 25 MB of jars from Maven Central), about 15 s from Maven's cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from './process.js';
import { repoRoot, toolsDir } from './profile.js';

const DSS_FOLDER = 'dss-2';
const dssDir = path.join(toolsDir, DSS_FOLDER);
const sourceDir = path.join(repoRoot, 'infra', 'dss');
const stampFile = path.join(dssDir, 'built-from.sha256');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(sourceDir, full)).update(fs.readFileSync(full));
    }
  };
  walk(sourceDir);
  return hash.digest('hex');
}

/** `java -cp <this> id.naskah.dss.NaskahDss --trust ROOT.pem FILE.pdf...` */
export function dssClasspath(): string {
  return [path.join(dssDir, 'build', 'naskah-dss.jar'), path.join(dssDir, 'lib', '*')].join(path.delimiter);
}

export function dssInstalled(): boolean {
  return fs.existsSync(path.join(dssDir, 'build', 'naskah-dss.jar')) && fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8').trim() === sourceHash();
}

export function installDss(): void {
  if (dssInstalled()) {
    console.log(`✓ EU DSS validator present in ${dssDir}`);
    return;
  }
  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.status !== 0) {
    // Only the signature tests need it: `npm start` must not fail on a machine without a JDK.
    console.log('! EU DSS validator not built: Maven (mvn) and a JDK 17 are missing (the signature tests need it). Run: sudo apt-get install -y maven openjdk-17-jdk-headless');
    return;
  }
  console.log(`• building the EU DSS validator into ${dssDir} (first time downloads its jars from Maven Central, about a minute)`);
  const started = Date.now();
  fs.rmSync(path.join(dssDir, 'lib'), { recursive: true, force: true });
  const result = spawnSync('mvn', [
    '-B', '-q', `-Dmaven.repo.local=${path.join(dssDir, 'm2')}`, `-Dnaskah.dss.out=${path.join(dssDir, 'build')}`, '-f', path.join(sourceDir, 'pom.xml'),
    'package', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(dssDir, 'lib')}`, '-DskipTests',
  ], { stdio: 'inherit' });
  if (result.status !== 0) throw new StackError('install', `EU DSS validator build failed (${result.error?.message ?? `exit ${result.status}`}). See the output above.`);
  fs.writeFileSync(stampFile, `${sourceHash()}\n`);
  console.log(`✓ EU DSS validator built in ${Math.round((Date.now() - started) / 1000)} s`);
}
