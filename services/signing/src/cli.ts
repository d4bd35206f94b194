/**
 * `naskah verify` and `naskah sign` (without `--pki`); bin/naskah.js sends `pki` and `sign` to
 * `@naskah/pki`'s command line, which brings the internal CA. Exit codes: 0 done, 2 usage, 3 rejected input.
 */
import { runSignCommand } from './sign-command.js';

const USAGE = `usage:
  naskah pki init|issue|revoke ...   (naskah pki help)
  naskah sign IN.pdf --out OUT.pdf --p12 X.p12 ...
  naskah verify FILE.pdf [--trust ROOT.pem] [--trust-certified ROOT.pem] [--json] [--offline]
    (exit 0 valid, 1 indeterminate, 2 invalid, 3 unreadable input, 64 usage)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify':
      return (await import('./verify/command.js')).runVerifyCommand(rest);
    case 'sign':
      return runSignCommand(rest);
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`naskah: ${command ? `unknown command "${command}"` : 'missing command'}\n${USAGE}\n`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
