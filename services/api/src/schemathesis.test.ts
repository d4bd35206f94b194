// Property-based API testing: schemathesis (installed into .tools/venv by
// `infra/stack.ts install`) generates requests from /api/openapi.json and checks
// every answer against the same document, once per demo role. A failure means the
// server and its documentation disagree: a 5xx, a body or status the document does
// not allow, an undocumented content type, a valid request refused, or a method
// the path does not have answered with anything but 405.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestApi, type TestApi } from './test-api.js';

const schemathesis = fileURLToPath(new URL('../../../.tools/venv/bin/schemathesis', import.meta.url));

/** A drafter, a leader who signs and disposes, the read-everything auditor and the administrator. */
const roles = ['staf.kominfo', 'kadis.kominfo', 'auditor.inspektorat', 'admin'] as const;

// What must hold for every generated request (`schemathesis run --help` lists them).
const checks = [
  'not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance',
  'response_headers_conformance', 'positive_data_acceptance', 'unsupported_method', 'allow_header_conformance',
];

// positive_data_acceptance: a schema-valid request must not be refused as malformed (400). 422 stays an
// acceptable answer to valid JSON: it means "well-formed but not acceptable here" (a position id that
// does not exist, a period that ends before it starts, a document without a signer at submit), facts
// JSON Schema cannot express. Every 422 is documented on its operation, so status_code_conformance
// still holds the server to it.
const config = `
[checks.positive_data_acceptance]
expected-statuses = ["2XX", "3XX", 401, 403, 404, 409, 422, 429]
`;

// Bounded so the four roles stay within a few minutes on two cores; the seed makes a failure reproducible.
const seed = 15;
const maxExamples = 20;
const phases = 'examples,coverage,fuzzing';

let t: TestApi;
let dir: string;

beforeAll(async () => {
  t = await startTestApi();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-schemathesis-'));
  fs.writeFileSync(path.join(dir, 'schemathesis.toml'), config);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Failure { operation: string; check: string; text: string }
interface Run { summary: string; operations: number; failures: Failure[]; errors: Failure[]; output: string }

/** Runs schemathesis as one role; asynchronous, so this process keeps answering its requests. */
async function run(username: string): Promise<Run> {
  // A fresh token per role: 15 minutes of life is plenty, and no other role's run can disturb it.
  const res = await t.request('POST', '/auth/login', { body: { username, password: 'naskah-demo' } });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const junit = path.join(dir, `${username}.xml`);
  const args = [
    '--config-file', path.join(dir, 'schemathesis.toml'),
    'run', `${t.api.url}/api/openapi.json`,
    '-H', `Authorization: Bearer ${token}`,
    '--checks', checks.join(','), '--phases', phases,
    '--seed', String(seed), '--max-examples', String(maxExamples), '--generation-database', 'none',
    '--workers', '1', '--no-color', '--output-truncate', 'false',
    '--report', 'junit', '--report-junit-path', junit,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(schemathesis, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.once('error', reject);
    // Exit 1 means "failures found": the JUnit report says which.
    child.once('close', (code) => (code === 0 || code === 1 ? resolve(text) : reject(new Error(`schemathesis exited ${code}:\n${text}`))));
  });
  const xml = fs.readFileSync(junit, 'utf8');
  const failures: Failure[] = [];
  const errors: Failure[] = [];
  for (const testcase of xml.matchAll(/<testcase name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    for (const m of (testcase[2] ?? '').matchAll(/<(failure|error)[^>]*?message="([^"]*)"[^>]*>([\s\S]*?)<\/\1>/g)) {
      (m[1] === 'failure' ? failures : errors).push({ operation: unescape(testcase[1]!), check: unescape(m[2]!), text: unescape(m[3]!) });
    }
  }
  const summary = output.match(/Test cases:\s*\n\s*(.+)/)?.[1]?.trim() ?? '(no summary line)';
  const operations = Number(output.match(/Operations:\s+(\d+) selected/)?.[1] ?? 0);
  return { summary, operations, failures, errors, output };
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('schemathesis against /api/openapi.json', () => {
  test.each(roles)('as %s: no failures', async (username) => {
    const result = await run(username);
    const line = `schemathesis as ${username}: ${result.operations} operations; ${result.summary}`;
    console.log(line);
    const report = [...result.failures, ...result.errors].map((f) => `── ${f.operation} [${f.check}]\n${f.text.trim()}`).join('\n\n');
    // The whole API is under test: an operation dropped from the run would hide its failures.
    expect(result.operations).toBeGreaterThan(80);
    expect({ line, report }).toEqual({ line, report: '' });
  }, 600_000);
});
