// The sign step through a certificate provider's gateway (certificate.provider
// = 'gateway'), end to end on the test stack with the stand-in gateway in
// process: the gateway's refusal is a 4xx with nothing stored and the step
// still waiting; a gateway that stays busy (503, nothing signed) is a 503 after
// its retries, same; then it signs. A gateway that signs and loses its answer
// is an unknown outcome: recorded on the document, never sent again unless the
// signer confirms.
import { beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DomainOrm } from '@naskah/domain';
import type { StandInGateway } from '@naskah/infra/gateway';
import { verifyPdf } from '@naskah/signing';
import type { TestApi } from '@naskah/api/testing';
import { useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'passphrase-di-gateway-bsre';
const publicBaseUrl = 'https://naskah.tanahbumbukab.go.id';
const h = useRoutingHarness({ name: 'gateway-sign', standInGateway: true, env: { PUBLIC_BASE_URL: publicBaseUrl } });
const { routing } = h;
let t: TestApi;
let orm: DomainOrm;
let gateway: StandInGateway;
let rootPem: string;

async function toSigning(): Promise<number> {
  const id = await h.draft('Nota dinas lewat gateway', { reviewers: ['kabid.aptika'], signer: 'kadis.kominfo' });
  await h.toSigning(id, ['kabid.aptika']);
  return id;
}

beforeAll(async () => {
  ({ t, orm } = h);
  gateway = h.gateway.standIn;
  const { registry } = h.gateway;
  rootPem = registry.rootPemPath;
  // kadis.kominfo's certificate is held by the provider: registered there under their NIK; no keystore file here.
  const person = await h.person('kadis.kominfo');
  const issued = await registry.register({ name: person.name, nik: person.nik, passphrase });
  await orm.em.fork().execute(`delete from certificate where person_id = ?`, [person.id]);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`,
    [person.id, issued.serialHex, person.name]);
});

test('sign through the gateway: refusal 422 and a busy gateway 503 store nothing and keep the step waiting; then signed by the provider', async () => {
  const id = await toSigning();
  const versions = async () => orm.em.fork().execute<{ no: number; object_key: string }[]>('select no, object_key from document_version where document_id = ? order by no', [id]);
  const before = (await versions()).length;
  const kadis = await t.login('kadis.kominfo');
  const sign = (body: object) => t.request('POST', `/documents/${id}/sign`, { token: kadis, body });

  const wrong = await sign({ passphrase: 'bukan-passphrase-ini' });
  expect(wrong.status).toBe(422);
  expect(await wrong.json()).toMatchObject({ code: 'PASSPHRASE_INVALID', field: 'passphrase', detail: expect.stringMatching(/Passphrase salah/) });
  expect((await versions()).length).toBe(before);
  expect((await routing(id)).status).toBe('signing');

  gateway.fault = { kind: 'unavailable', times: 10 };
  const busy = await sign({ passphrase });
  gateway.fault = undefined;
  expect(busy.status).toBe(503);
  expect(await busy.json()).toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
  // The admin's dashboard shows the gateway as this API process found it.
  const admin = await t.login('admin');
  const health = await t.request('GET', '/dashboard/signing-gateways', { token: admin });
  expect(await health.json()).toEqual([expect.objectContaining({ name: 'BSrE (stand-in)', state: 'closed', consecutiveFailures: 1, lastFailure: expect.objectContaining({ code: 'GATEWAY_UNAVAILABLE' }) })]);
  expect((await t.request('GET', '/dashboard/signing-gateways', { token: kadis })).status).toBe(403);
  expect((await versions()).length).toBe(before);
  expect((await routing(id)).status).toBe('signing');

  const signed = await sign({ passphrase });
  expect(signed.status).toBe(200);
  const after = await versions();
  expect(after.length).toBe(before + 1);
  const pdf = await t.request('GET', `/documents/${id}/versions/${after.at(-1)!.no}/pdf`, { token: kadis });
  expect(pdf.status).toBe(200);
  const signedBytes = Buffer.from(await pdf.arrayBuffer());
  // The signed version is content-addressed like every other one.
  expect(after.at(-1)!.object_key).toBe(`sha256/${createHash('sha256').update(signedBytes).digest('hex')}.pdf`);
  const report = await verifyPdf(signedBytes, { trustAnchors: [readFileSync(rootPem)], checkRevocation: false });
  expect(report.verdict).toBe('VALID');
  expect(report.signatures[0]!.signer?.issuer).toMatch(/BSrE Stand-in/);
  expect(t.logs.join('\n')).not.toContain(passphrase);
  // The QR code the provider stamped opens PUBLIC_BASE_URL's verification page for this version's token.
  const [stored] = await orm.em.fork().execute<{ verification_token: string }[]>(
    'select verification_token from document_version where document_id = ? and no = ?', [id, after.at(-1)!.no]);
  expect(gateway.lastLinkQR).toBe(`${publicBaseUrl}/verifikasi/${stored!.verification_token}`);
});


test('the provider signs and its answer is lost: 504 outcome unknown on the document, nothing sent again until the signer confirms', async () => {
  const id = await toSigning();
  const kadis = await t.login('kadis.kominfo');
  const me = await h.person('kadis.kominfo');
  const sign = (body: object) => t.request('POST', `/documents/${id}/sign`, { token: kadis, body });
  const document = async () => (await (await t.request('GET', `/documents/${id}`, { token: kadis })).json()) as { signingOutcomesUnknown: unknown[]; versions: unknown[] };
  const versionsBefore = (await document()).versions.length;
  const { version } = await routing(id);

  gateway.fault = { kind: 'drop-response' };
  const [requests, signatures] = [gateway.requests, gateway.signatures];
  const lost = await sign({ passphrase });
  gateway.fault = undefined;
  expect(lost.status).toBe(504);
  expect(await lost.json()).toMatchObject({ code: 'GATEWAY_OUTCOME_UNKNOWN', detail: expect.stringMatching(/mungkin sudah ditandatangani/) });
  expect([gateway.requests - requests, gateway.signatures - signatures]).toEqual([1, 1]);
  expect((await routing(id)).status).toBe('signing');
  const shown = await document();
  expect(shown.versions.length).toBe(versionsBefore);
  expect(shown.signingOutcomesUnknown).toEqual([{ personId: me.id, version, provider: 'BSrE (stand-in)', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);

  // Asked again without confirming: refused before anything is sent, alone or in a bulk run.
  const again = await sign({ passphrase });
  expect(again.status).toBe(409);
  expect(await again.json()).toMatchObject({ code: 'SIGNATURE_OUTCOME_UNKNOWN', field: 'confirmResend', detail: expect.stringMatching(/tidak mendapat jawaban/) });
  const bulk = await t.request('POST', '/documents/bulk-sign', { token: kadis, body: { documentIds: [id], passphrase } });
  expect(((await bulk.json()) as { results: unknown[] }).results).toEqual([expect.objectContaining({ documentId: id, ok: false, code: 'SIGNATURE_OUTCOME_UNKNOWN' })]);
  expect(gateway.requests - requests).toBe(1);

  // The signer confirms: one more request, signed, and the notice is settled.
  const confirmed = await sign({ passphrase, confirmResend: true });
  expect(confirmed.status).toBe(200);
  expect([gateway.requests - requests, gateway.signatures - signatures]).toEqual([2, 2]);
  expect((await document()).signingOutcomesUnknown).toEqual([]);
  const trail = await orm.em.fork().execute<{ action: string; data: unknown }[]>(
    `select action, data from audit_event where subject_type = 'document' and subject_id = ? and action like 'document.signature%' order by seq`, [String(id)]);
  expect(trail.map((e) => e.action)).toEqual(['document.signature_outcome_unknown', 'document.signature_resend_confirmed', 'document.signature_added']);
  expect(JSON.stringify(trail)).not.toContain(passphrase);
  expect(t.logs.join('\n')).not.toContain(passphrase);
});
