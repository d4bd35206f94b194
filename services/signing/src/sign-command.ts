// `naskah sign`: the command line of signPdfFile. Exit codes: 0 done, 2 usage, 3 rejected input
// (one line on stderr, no output file).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPassphrase, UsageError } from './cli-input.js';
import { SigningError } from './errors.js';
import type { RevocationSource, TimestampClient } from './cms/types.js';
import type { PadesLevel, SignPdfOptions, StampPlacement } from './sign.js';

/** An internal CA's directory opened as the time-stamp authority and revocation source of `--pki D`. */
export type LocalCa = (dir: string) => Promise<{ timestamp: TimestampClient; revocation: RevocationSource }>;

const SIGN_USAGE = `usage:
  naskah sign IN.pdf --out OUT.pdf --p12 X.p12 [--level B-B|B-T|B-LT|B-LTA] [--pki D | --tsa URL]
              [--page N --rect x,y,w,h | --anchor "^"] [--paraf] [--certify] [--reason R] [--location L]
              [--verify-url URL] [--timezone Asia/Makassar] [--issuer "penerbit"]
  (passphrase from --passphrase-file F or the NASKAH_PASSPHRASE environment variable)`;

const LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

function parseRect(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite) || parts[2]! <= 0 || parts[3]! <= 0) {
    throw new UsageError('--rect must be x,y,w,h in points with a positive width and height');
  }
  return parts as [number, number, number, number];
}

async function runSign(argv: string[], localCa?: LocalCa): Promise<void> {
  if (argv.some((a) => a === '--passphrase' || a.startsWith('--passphrase='))) {
    throw new UsageError('--passphrase is not accepted: an argument is visible to other users (ps) and shell history; use --passphrase-file F or NASKAH_PASSPHRASE');
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        p12: { type: 'string' },
        level: { type: 'string' },
        pki: { type: 'string' },
        tsa: { type: 'string' },
        page: { type: 'string' },
        rect: { type: 'string' },
        anchor: { type: 'string' },
        paraf: { type: 'boolean' },
        certify: { type: 'boolean' },
        reason: { type: 'string' },
        location: { type: 'string' },
        'verify-url': { type: 'string' },
        timezone: { type: 'string' },
        issuer: { type: 'string' },
        'passphrase-file': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${SIGN_USAGE}\n`);
    return;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('exactly one input PDF is required');
  const input = parsed.positionals[0]!;
  if (!v.out) throw new UsageError('--out is required');
  if (!v.p12) throw new UsageError('--p12 is required');
  const level = (v.level ?? 'B-B') as PadesLevel;
  if (!LEVELS.includes(level)) throw new UsageError('--level must be B-B, B-T, B-LT or B-LTA');
  if (v.pki && v.tsa) throw new UsageError('--pki and --tsa are alternatives; give one');
  if (level !== 'B-B' && !v.pki && !v.tsa) throw new UsageError(`--level ${level} needs a time-stamp authority: --pki D or --tsa URL`);
  if (v.anchor !== undefined && v.rect !== undefined) throw new UsageError('--anchor and --rect are alternatives; give one');
  if (v.rect !== undefined && v.page === undefined) throw new UsageError('--rect needs --page');
  let page: number | undefined;
  if (v.page !== undefined) {
    page = Number(v.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError('--page must be a page number from 1');
  }
  if (v.anchor === '') throw new UsageError('--anchor must not be empty');
  if (v.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v.timezone });
    } catch {
      throw new UsageError('--timezone must be an IANA zone such as Asia/Makassar');
    }
  }
  const passphrase = readPassphrase(v['passphrase-file']);
  if (!existsSync(input)) throw new SigningError('PDF_MALFORMED', `The input file ${input} does not exist.`, 'input');
  if (!existsSync(v.p12)) throw new SigningError('P12_MALFORMED', `The key file ${v.p12} does not exist.`, 'p12');

  const [{ openPkcs12, assertCertificateValidAt }, { assertNotRevoked }, { signPdfFile }] = await Promise.all([
    import('./keys/index.js'),
    import('./cms/revocation.js'),
    import('./sign.js'),
  ]);
  const holder = openPkcs12(readFileSync(v.p12), passphrase);
  assertCertificateValidAt(holder.subject, new Date());

  let timestamp: TimestampClient | undefined;
  let revocation: RevocationSource | undefined;
  if (v.pki) {
    if (!localCa) throw new UsageError('--pki is answered by the internal CA (@naskah/pki); run it as `naskah sign` (bin/naskah.js)');
    if (!existsSync(v.pki)) throw new SigningError('PKI_NOT_FOUND', `The PKI directory ${v.pki} does not exist.`, 'pki');
    ({ timestamp, revocation } = await localCa(v.pki));
  } else if (v.tsa) {
    const http = await import('./cms/http-clients.js');
    timestamp = http.httpTimestampClient(v.tsa);
    revocation = http.httpRevocationSource();
  }
  // Refuse a revoked certificate before anything is written.
  if (revocation) await assertNotRevoked(holder, revocation);

  let placement: StampPlacement | undefined;
  if (v.anchor !== undefined) placement = { anchor: v.anchor, page };
  else if (v.rect !== undefined) placement = { page: page!, rect: parseRect(v.rect) };
  else if (page !== undefined) throw new UsageError('--page needs --rect (or use --anchor)');

  const options: SignPdfOptions = {
    holder,
    level,
    timestamp,
    revocation,
    placement,
    paraf: v.paraf,
    certify: v.certify,
    reason: v.reason,
    location: v.location,
    verificationUrl: v['verify-url'],
    timeZone: v.timezone,
    issuerName: v.issuer,
  };
  await signPdfFile(input, v.out, options);
}

/**
 * `naskah sign`. `localCa` opens an internal CA's directory (`--pki D`) as an in-process TSA and
 * OCSP responder; the CA lives in `@naskah/pki`, which passes it (this package never imports the CA).
 */
export async function runSignCommand(argv: string[], localCa?: LocalCa): Promise<number> {
  try {
    await runSign(argv, localCa);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`naskah sign: ${error.message}\n${SIGN_USAGE}\n`);
      return 2;
    }
    if (error instanceof SigningError) {
      process.stderr.write(`naskah sign: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return error.code === 'USAGE' ? 2 : 3;
    }
    const e = error as NodeJS.ErrnoException;
    process.stderr.write(`naskah sign: ${e.code ? `${e.code}: ` : ''}${(e.message ?? String(error)).split('\n')[0]}\n`);
    return 3;
  }
}

