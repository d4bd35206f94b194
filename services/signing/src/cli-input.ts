// What both `naskah` command families (sign, pki) need from the command line:
// a usage error (exit 2) and the passphrase, which never comes from an argument.
import { existsSync, readFileSync } from 'node:fs';

/** Bad or missing flags: the command prints one line and exits 2. */
export class UsageError extends Error {}

/** The passphrase from --passphrase-file (first line) or NASKAH_PASSPHRASE. */
export function readPassphrase(file: string | undefined): string {
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError('--passphrase-file does not exist');
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  const env = process.env['NASKAH_PASSPHRASE'];
  if (env) return env;
  throw new UsageError('a passphrase is required: --passphrase-file F or NASKAH_PASSPHRASE');
}
