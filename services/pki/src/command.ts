/**
 * `naskah pki init|issue|revoke`. Exit codes: 0 done, 2 usage, 3 rejected
 * input; every failure is one line on stderr. The passphrase comes from
 * --passphrase-file or NASKAH_PASSPHRASE, never from an argument.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPassphrase, UsageError } from '@naskah/signing/cms';
import { SigningError } from '@naskah/signing';
import { initPki, openPki, type KeyType, type RevocationReason, REVOCATION_REASON_CODES } from './authority.js';

const USAGE = `usage:
  naskah pki init   --dir D [--base-url URL] [--org O]
  naskah pki issue  --dir D --name "N" --nik 16DIGITS [--nip 18DIGITS] [--title T] [--org O]
                    [--key rsa2048|rsa3072|ecdsa-p256] [--not-before ISO] [--not-after ISO] --out X.p12
                    (passphrase from --passphrase-file F or NASKAH_PASSPHRASE)
  naskah pki revoke --dir D --serial S [--reason R]`;

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function date(values: Record<string, unknown>, name: string): Date | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be an ISO date`);
  return d;
}

async function run(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv[0] === 'pki' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        dir: { type: 'string' },
        'base-url': { type: 'string' },
        name: { type: 'string' },
        nik: { type: 'string' },
        nip: { type: 'string' },
        title: { type: 'string' },
        org: { type: 'string' },
        key: { type: 'string' },
        'not-before': { type: 'string' },
        'not-after': { type: 'string' },
        out: { type: 'string' },
        'passphrase-file': { type: 'string' },
        passphrase: { type: 'string' },
        serial: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const values = parsed.values as Record<string, string | undefined>;
  if (values['passphrase'] !== undefined) {
    throw new UsageError('--passphrase is not accepted (it would show in the process list); use --passphrase-file or NASKAH_PASSPHRASE');
  }
  switch (sub) {
    case 'init': {
      const dir = required(values, 'dir');
      const baseUrl = values['base-url'];
      if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
      await initPki(dir, { baseUrl, organization: values['org'] });
      process.stdout.write(`PKI written to ${dir} (trust anchor: ${dir}/root-ca.pem)\n`);
      return;
    }
    case 'issue': {
      const dir = required(values, 'dir');
      const out = required(values, 'out');
      const name = required(values, 'name');
      const nik = required(values, 'nik');
      if (!/^\d{16}$/.test(nik)) throw new UsageError('--nik must be exactly 16 digits');
      const nip = values['nip'];
      if (nip !== undefined && !/^\d{18}$/.test(nip)) throw new UsageError('--nip must be exactly 18 digits');
      const key = values['key'] ?? 'rsa2048';
      if (!['rsa2048', 'rsa3072', 'ecdsa-p256'].includes(key)) throw new UsageError('--key must be rsa2048, rsa3072 or ecdsa-p256');
      const passphrase = readPassphrase(values['passphrase-file']);
      const pki = openPki(dir);
      const issued = await pki.issue({
        name,
        nik,
        nip,
        title: values['title'],
        org: values['org'],
        keyType: key as KeyType,
        passphrase,
        notBefore: date(values, 'not-before'),
        notAfter: date(values, 'not-after'),
      });
      writeFileSync(out, issued.p12, { mode: 0o600 });
      process.stdout.write(`issued serial ${issued.serialHex} to ${out}\n`);
      return;
    }
    case 'revoke': {
      const dir = required(values, 'dir');
      const serial = required(values, 'serial');
      if (!/^(0x)?[0-9a-fA-F:]+$/.test(serial)) throw new UsageError('--serial must be a hexadecimal serial number');
      const reason = (values['reason'] ?? 'unspecified') as RevocationReason;
      if (!(reason in REVOCATION_REASON_CODES)) {
        throw new UsageError(`--reason must be one of ${Object.keys(REVOCATION_REASON_CODES).join(', ')}`);
      }
      const record = openPki(dir).revoke(serial, reason);
      process.stdout.write(`revoked serial ${record.serialHex} at ${record.revokedAt}\n`);
      return;
    }
    case 'help':
    case '--help':
      process.stdout.write(USAGE + '\n');
      return;
    default:
      throw new UsageError(sub ? `unknown pki command "${sub}"` : 'missing pki command');
  }
}

export async function runPkiCommand(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`naskah pki: ${error.message} (see "naskah pki help")\n`);
      return 2;
    }
    if (error instanceof SigningError) {
      process.stderr.write(`naskah pki: ${error.message}\n`);
      return error.code === 'USAGE' ? 2 : 3;
    }
    process.stderr.write(`naskah pki: ${(error as Error).message ?? String(error)}\n`);
    return 3;
  }
}
