// The independent validators the signing tests trust: poppler's pdfsig, qpdf, pyHanko and openssl.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { PYHANKO } from './fixtures.js';

const run = promisify(execFile);

/**
 * openssl with its combined output and exit status. Asynchronous on purpose: `openssl ocsp -url`
 * calls an HTTP server (OCSP responder, the API) running in the test's own process.
 */
export function openssl(args: string[], input?: Buffer): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out }));
    child.stdin.end(input);
  });
}

/** At most `n` validator processes at once: the machine has two cores. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

async function output(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 << 20 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

/** An NSS database trusting root-ca.pem, with the CAs' CRLs loaded (pdfsig runs with -no-ocsp). */
export async function makeNssDb(dir: string, rootPem: string, intermediates: string[] = [], crls: string[] = []): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'naskah-root', '-t', 'CT,C,C', '-i', rootPem]);
  for (const [i, pem] of intermediates.entries()) await run('certutil', ['-A', '-d', `sql:${dir}`, '-n', `naskah-ca-${i}`, '-t', ',,', '-i', pem]);
  for (const crl of crls) await run('crlutil', ['-I', '-d', `sql:${dir}`, '-i', crl]);
  return `sql:${dir}`;
}

export interface PdfsigSignature {
  field: string;
  valid: boolean;
  trusted: boolean;
  certificateStatus: string;
  totalDocument: boolean;
  type: string;
}

export async function pdfsig(file: string, nssdb: string): Promise<PdfsigSignature[]> {
  const { out } = await output('pdfsig', [file, '-nssdir', nssdb, '-no-ocsp']);
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      field: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? '',
      valid: block.includes('Signature Validation: Signature is Valid.'),
      trusted: block.includes('Certificate Validation: Certificate is Trusted.'),
      certificateStatus: /Certificate Validation: (.*)/.exec(block)?.[1]?.trim() ?? '',
      totalDocument: /^\s*- Total document signed$/m.test(block),
      type: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? '',
    }));
}

export async function qpdfCheck(file: string): Promise<{ ok: boolean; out: string }> {
  const { code, out } = await output('qpdf', ['--check', file]);
  return { ok: code === 0 && out.includes('No syntax or stream encoding errors found'), out };
}

export interface PyhankoField {
  field: string;
  verdict: 'VALID' | 'INVALID' | 'UNKNOWN';
  coverage: 'ENTIRE_FILE' | 'ENTIRE_REVISION' | 'OTHER';
  text: string;
}

export async function pyhankoValidate(file: string, rootPem: string, extra: string[] = []): Promise<{ fields: PyhankoField[]; out: string }> {
  const { out } = await output(PYHANKO, [
    'sign',
    'validate',
    '--pretty-print',
    '--trust',
    rootPem,
    '--trust-replace',
    '--no-revocation-check',
    ...extra,
    file,
  ]);
  const fields = out
    .split(/^=+\nField \d+: /m)
    .slice(1)
    .map((block) => {
      const verdict = /The signature is judged VALID\./.test(block) ? 'VALID' : /judged INVALID/.test(block) ? 'INVALID' : 'UNKNOWN';
      const coverage = /covers the entire file/.test(block)
        ? 'ENTIRE_FILE'
        : /All modifications relate to|compatible with the current document modification policy/.test(block)
          ? 'ENTIRE_REVISION'
          : 'OTHER';
      return { field: block.split('\n')[0]!.trim(), verdict, coverage, text: block } as PyhankoField;
    });
  return { fields, out };
}

