// `naskah verify FILE.pdf [--trust ROOT.pem]... [--trust-certified ROOT.pem]... [--json] [--offline] [--no-revocation-check]`
//
// Like Adobe Reader and EU DSS, a file without revocation data for a trusted
// signer gets it from the certificate's OCSP address (AIA) unless --offline
// forbids the network; then INDETERMINATE is the honest answer. Everything
// that is not VALID says why on stderr, whatever the output format.
//
// Trust: --trust names a root trusted as non-certified TTE (an internal CA such
// as the Pemkab's own), --trust-certified one of a recognised provider (Root CA
// Indonesia, BSrE): the report labels every signature with the anchor it
// chains to, as the public page and the auditor's report do.
//
// Exit codes: 0 VALID, 1 INDETERMINATE, 2 INVALID, 3 unreadable input (the
// PDF or a trust anchor file cannot be read or parsed), 64 usage error.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadCertificates } from './certificates.js';
import type { Reason } from './reasons.js';
import { trustConfiguration, verifyWithTrust, type LabelledReport } from './trust.js';

export const VERIFY_EXIT = { VALID: 0, INDETERMINATE: 1, INVALID: 2, UNREADABLE: 3, USAGE: 64 } as const;

const USAGE = `usage: naskah verify FILE.pdf [--trust ROOT.pem]... [--trust-certified ROOT.pem]... [--json] [--offline] [--no-revocation-check]
  --trust ROOT.pem            a root trusted as non-certified TTE (an internal CA)
  --trust-certified ROOT.pem  a root of a recognised provider (Root CA Indonesia / BSrE): certified TTE
  --offline                   never use the network; missing revocation data leaves the signature INDETERMINATE
  --no-revocation-check       skip revocation entirely
exit: 0 valid, 1 indeterminate, 2 invalid, 3 unreadable input, 64 usage`;

async function readAnchors(files: readonly string[]): Promise<Buffer[] | string> {
  const out: Buffer[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      return `cannot read trust anchor ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    try {
      if (loadCertificates([bytes]).length === 0) return `no certificate in trust anchor ${file}`;
    } catch {
      return `trust anchor ${file} is not a certificate (PEM or DER)`;
    }
    out.push(bytes);
  }
  return out;
}

export async function runVerifyCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        'trust-certified': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        offline: { type: 'boolean' },
        // Kept so existing scripts still run: going online for missing data is the default now.
        online: { type: 'boolean' },
        'no-revocation-check': { type: 'boolean' },
      },
    });
  } catch (e) {
    process.stderr.write(`naskah verify: ${(e as Error).message}\n${USAGE}\n`);
    return VERIFY_EXIT.USAGE;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) {
    process.stderr.write(`naskah verify: ${file ? 'one file at a time' : 'missing FILE.pdf'}\n${USAGE}\n`);
    return VERIFY_EXIT.USAGE;
  }
  if (parsed.values.offline && parsed.values.online) {
    process.stderr.write(`naskah verify: --offline and --online contradict each other\n${USAGE}\n`);
    return VERIFY_EXIT.USAGE;
  }
  const internalRoots = await readAnchors(parsed.values.trust ?? []);
  const certifiedRoots = await readAnchors(parsed.values['trust-certified'] ?? []);
  for (const problem of [internalRoots, certifiedRoots]) {
    if (typeof problem === 'string') {
      process.stderr.write(`naskah verify: ${problem}\n`);
      return VERIFY_EXIT.UNREADABLE;
    }
  }
  const trust = trustConfiguration({
    internalRoots: internalRoots as Buffer[],
    certifiedRoots: certifiedRoots as Buffer[],
    online: parsed.values.offline !== true,
    checkRevocation: parsed.values['no-revocation-check'] !== true,
  });
  const report = await verifyWithTrust(file, trust);
  if (parsed.values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(humanReport(report));
  if (!report.readable) {
    process.stderr.write(`naskah verify: ${explain(report.reasons[0]) || 'unreadable input'}\n`);
    return VERIFY_EXIT.UNREADABLE;
  }
  if (report.verdict !== 'VALID') process.stderr.write(whyNot(report, parsed.values.offline === true));
  return VERIFY_EXIT[report.verdict];
}

const explain = (r: Reason | undefined): string => (r ? `${r.code}: ${r.en}${r.detail ? ` (${r.detail})` : ''}` : '');

/** Every reason behind a verdict that is not VALID: per signature, then the document's own. */
function whyNot(r: LabelledReport, offline: boolean): string {
  const lines = [`naskah verify: ${r.verdict}`];
  for (const [i, s] of r.signatures.entries()) {
    if (s.verdict === 'VALID') continue;
    lines.push(`  signature ${i + 1} (${s.field}): ${s.verdict}; ${s.trust.en}`);
    for (const x of s.reasons) lines.push(`    - ${explain(x)}`);
  }
  for (const x of r.reasons) lines.push(`  - ${explain(x)}`);
  if (offline && r.signatures.some((s) => s.reasons.some((x) => x.code === 'REVOCATION_UNKNOWN'))) {
    lines.push('  (--offline: revocation data missing from the file was not fetched)');
  }
  return `${lines.join('\n')}\n`;
}

function humanReport(r: LabelledReport): string {
  const lines: string[] = [];
  for (const [i, s] of r.signatures.entries()) {
    lines.push(`Signature ${i + 1}: ${s.field} (${s.kind}${s.level ? `, ${s.level}` : ''})`);
    if (s.signer) lines.push(`  signer: ${s.signer.name ?? '?'}${s.signer.title ? `, ${s.signer.title}` : ''}${s.signer.agency ? `, ${s.signer.agency}` : ''}`);
    if (s.signedAt) lines.push(`  claimed time: ${s.signedAt}`);
    if (s.timestamp) lines.push(`  timestamp: ${s.timestamp.time} (${s.timestamp.valid ? 'valid' : 'invalid'}${s.timestamp.trusted ? ', trusted' : ''})`);
    lines.push(`  intact: ${s.intact}, signature valid: ${s.cmsValid}, trusted: ${s.trusted}, revocation: ${s.revocation.status}${s.revocation.source ? ` (${s.revocation.source})` : ''}`);
    lines.push(`  trust anchor: ${s.trust.kind}${s.trust.anchor ? ` (${s.trust.anchor})` : ''}: ${s.trust.en}`);
    lines.push(`  coverage: ${s.coverage}, modifications after: ${s.modificationsAfter}`);
    lines.push(`  verdict: ${s.verdict}`);
    for (const x of s.reasons) lines.push(`    - ${explain(x)}`);
  }
  lines.push(`Document: ${r.verdict}`);
  for (const x of r.reasons) lines.push(`  - ${explain(x)}`);
  return `${lines.join('\n')}\n`;
}
