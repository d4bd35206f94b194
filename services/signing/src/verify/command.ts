// `naskah verify FILE.pdf [--trust root-ca.pem]... [--json] [--online] [--no-revocation-check]`
// Exit: 0 every signature VALID and nothing unsigned but LTV data after the
// last one; 1 invalid or indeterminate; 2 usage; 3 unreadable input.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyPdf, type VerificationReport } from './verify-pdf.js';

const USAGE = 'usage: naskah verify FILE.pdf [--trust root-ca.pem]... [--json] [--online] [--no-revocation-check]';

export async function runVerifyCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        online: { type: 'boolean' },
        'no-revocation-check': { type: 'boolean' },
      },
    });
  } catch (e) {
    process.stderr.write(`naskah verify: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) {
    process.stderr.write(`naskah verify: ${file ? 'one file at a time' : 'missing FILE.pdf'}\n${USAGE}\n`);
    return 2;
  }
  const anchors: Buffer[] = [];
  for (const t of parsed.values.trust ?? []) {
    try {
      anchors.push(await readFile(t));
    } catch {
      process.stderr.write(`naskah verify: cannot read trust anchor ${t}\n`);
      return 2;
    }
  }
  const report = await verifyPdf(file, {
    trustAnchors: anchors,
    allowOnlineRevisionCheck: parsed.values.online === true,
    checkRevocation: parsed.values['no-revocation-check'] !== true,
  });
  if (parsed.values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(humanReport(report));
  if (!report.readable) {
    if (!parsed.values.json) process.stderr.write(`naskah verify: ${report.reasons[0]?.en ?? 'unreadable input'}${report.reasons[0]?.detail ? ` (${report.reasons[0].detail})` : ''}\n`);
    return 3;
  }
  return report.verdict === 'VALID' ? 0 : 1;
}

function humanReport(r: VerificationReport): string {
  const lines: string[] = [];
  for (const [i, s] of r.signatures.entries()) {
    lines.push(`Signature ${i + 1}: ${s.field} (${s.kind}${s.level ? `, ${s.level}` : ''})`);
    if (s.signer) lines.push(`  signer: ${s.signer.name ?? '?'}${s.signer.title ? `, ${s.signer.title}` : ''}${s.signer.agency ? `, ${s.signer.agency}` : ''}`);
    if (s.signedAt) lines.push(`  claimed time: ${s.signedAt}`);
    if (s.timestamp) lines.push(`  timestamp: ${s.timestamp.time} (${s.timestamp.valid ? 'valid' : 'invalid'}${s.timestamp.trusted ? ', trusted' : ''})`);
    lines.push(`  intact: ${s.intact}, signature valid: ${s.cmsValid}, trusted: ${s.trusted}, revocation: ${s.revocation.status}`);
    lines.push(`  coverage: ${s.coverage}, modifications after: ${s.modificationsAfter}`);
    lines.push(`  verdict: ${s.verdict}`);
    for (const x of s.reasons) lines.push(`    - ${x.code}: ${x.en}${x.detail ? ` (${x.detail})` : ''}`);
  }
  lines.push(`Document: ${r.verdict}`);
  for (const x of r.reasons) lines.push(`  - ${x.code}: ${x.en}${x.detail ? ` (${x.detail})` : ''}`);
  return `${lines.join('\n')}\n`;
}
