// The local stack: PostgreSQL, the Temporal dev server and MinIO on loopback ports.
//   npx tsx infra/stack.ts install | start | stop | status | reset [--profile dev|test] [--part postgresql|temporal|minio]
import {
  installTools, isProfileName, resetStack, stackEnv, stackParts, stackProfile, stackStatus, stackUrls,
  StackError, startPart, startStack, stopPart, stopStack, type StackPart,
} from './stack/index.js';

const usage = 'usage: tsx infra/stack.ts install|start|stop|status|reset|env [--profile dev|test|probe] [--part postgresql|temporal|minio]';

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
        `MinIO 127.0.0.1:${profile.minioPort} (console ${urls.minioConsole}); data in ${profile.dataDir}`);
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
        console.log(`${s.part.padEnd(11)} ${s.running ? `running  pid ${s.pid}` : 'stopped'}  port ${s.port}`);
      }
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
