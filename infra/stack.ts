// The local stack: PostgreSQL, the Temporal dev server and MinIO on loopback ports.
//   npx tsx infra/stack.ts install | start | stop | status | reset [--profile dev|test|scale] [--part postgresql|temporal|minio]
//   npx tsx infra/stack.ts start --profile scale [--apis 2] [--workers 2]   (the stack, then N API processes and N workers)
import {
  installTools, isProfileName, serverVersions, startApps, resetStack, stackEnv, stackParts, stackProfile, stackStatus, stackUrls,
  StackError, startPart, startStack, stopPart, stopStack, type StackPart,
} from './stack/index.js';

const usage = 'usage: tsx infra/stack.ts install|start|stop|status|reset|env [--profile dev|test|probe|scale] [--part postgresql|temporal|minio] [--apis N] [--workers N]';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(args: string[]): Promise<void> {
  const [command] = args;
  const profileName = option(args, 'profile') ?? 'dev';
  if (!isProfileName(profileName)) throw new StackError('stack', `unknown profile "${profileName}". ${usage}`);
  const profile = stackProfile(profileName);
  const partName = option(args, 'part');
  if (partName !== undefined && !stackParts.includes(partName as StackPart)) {
    throw new StackError('stack', `unknown part "${partName}". ${usage}`);
  }
  const part = partName as StackPart | undefined;
  const count = (name: 'apis' | 'workers'): number => {
    const raw = option(args, name);
    const value = raw === undefined ? profile[name] : Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 16) throw new StackError('stack', `--${name} must be a whole number from 0 to 16. ${usage}`);
    return value;
  };

  switch (command) {
    case 'install':
      installTools();
      return;
    case 'start': {
      const started = Date.now();
      if (part) await startPart(profile, part);
      else await startStack(profile, (line) => console.log(line));
      const urls = stackUrls(profile);
      console.log(`Stack "${profile.name}" up in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `PostgreSQL 127.0.0.1:${profile.postgresPort}, Temporal 127.0.0.1:${profile.temporalPort} (UI ${urls.temporalUi}), ` +
        `MinIO 127.0.0.1:${profile.minioPort} (console ${urls.minioConsole}${profile.minioDrives > 1 ? `, erasure-coded over ${profile.minioDrives} drives` : ''}); ` +
        `data in ${profile.dataDir}`);
      const counts = { apis: count('apis'), workers: count('workers') };
      if (!part && counts.apis + counts.workers > 0) {
        await startApps(profile, counts, (line) => console.log(line));
        console.log(`${counts.apis} API process(es) on ports ${profile.apiPort}…${profile.apiPort + counts.apis - 1} and ${counts.workers} worker(s) running; ` +
          `\`npm run stack:stop -- --profile ${profile.name}\` stops them with the stack`);
      }
      return;
    }
    case 'stop':
      if (part) await stopPart(profile, part);
      else await stopStack(profile);
      console.log(`Stack "${profile.name}" ${part ?? 'all parts'} stopped`);
      return;
    case 'status': {
      const status = stackStatus(profile);
      for (const s of status) {
        console.log(`${s.part.padEnd(11)} ${s.running ? `running  pid ${s.pid}` : 'stopped'}${s.port === undefined ? '' : `  port ${s.port}`}`);
      }
      // Which build of each server, so a report or a bug names what ran (MinIO's own --version says DEVELOPMENT.GOGET).
      for (const [part, version] of Object.entries(serverVersions())) console.log(`${part.padEnd(11)} ${version}`);
      process.exitCode = status.every((s) => s.running) ? 0 : 3;
      return;
    }
    case 'reset':
      await resetStack(profile);
      console.log(`Stack "${profile.name}" stopped and ${profile.dataDir} emptied`);
      return;
    case 'env':
      for (const [key, value] of Object.entries(stackEnv(profile))) console.log(`${key}=${value}`);
      return;
    default:
      throw new StackError('stack', usage);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StackError) {
    console.error(`✗ ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
