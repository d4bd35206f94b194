/**
 * `naskah pki init|issue|revoke` and `naskah sign` (bin/naskah.js sends both here): signing with
 * `--pki D` takes its time-stamps and revocation answers from that internal CA, in process.
 */
import { runSignCommand } from '@naskah/signing';
import { openPki } from './authority.js';
import { runPkiCommand } from './command.js';
import { inProcessRevocationSource, inProcessTimestampClient } from './in-process.js';

const [command, ...rest] = process.argv.slice(2);
process.exitCode = command === 'pki'
  ? await runPkiCommand(rest)
  : await runSignCommand(rest, async (dir) => {
    const ca = openPki(dir);
    return { timestamp: inProcessTimestampClient(ca), revocation: inProcessRevocationSource(ca) };
  });
