// Routing actions on a document. Each one is checked by the workflow's Update
// validator against the step that is waiting: out of turn → 409 naming it.
import type { Client } from '@temporalio/client';
import { trimmed, z } from '../openapi/zod.js';
import { dbId, diprosesSchema } from '../schemas/common.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import type { ApiContext } from '../context.js';
import { durableRoutingAction, routingAction, workflowsFor } from '../use-cases/routing-action.js';
import { submitDocument } from '../use-cases/submit-document.js';
import { openSignerKey, signDocument, SigningLockout, signingTurn } from '../use-cases/sign-document.js';
import { requestSigningTotp, signingMethod } from '../use-cases/signing-totp.js';
import { parafTurn, signedParaf } from '../use-cases/paraf-document.js';
import { AppError, notFound } from '../errors/problem.js';
import type { SignerSecret } from '@naskah/signing';
import { documentStatuses, visibleIds } from '@naskah/domain';

const routingStateSchema = z.object({
  documentId: z.string(), status: z.enum(documentStatuses), round: z.number().int(), version: z.number().int(), number: z.string().nullable(),
  waiting: z.array(z.object({ kind: z.string(), stepKey: z.string(), actors: z.array(z.object({ personId: z.string(), positionId: z.string() }).loose()) }).loose()),
}).loose();

/** The passphrase, or the one-time code in its place (the body schema allows exactly one). */
const signerSecret = (body: { passphrase: string } | { totp: string }): SignerSecret => ('totp' in body ? { totp: body.totp } : { passphrase: body.passphrase });

export function documentActionRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  const waitMs = ctx.config.temporal.actionWaitMs;
  const person = (viewer: { personId: number }) => String(viewer.personId);

  defineRoute(api, {
    method: 'post', path: '/documents/:id/submit', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams, status: 200, errors: [404, 409, 422],
    summary: 'Submit a draft for paraf and signature (starts its routing), or resubmit after a return with the latest version', response: routingStateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params }) => submitDocument(ctx.orm.em.fork(), workflows, viewer, params.id, waitMs));

  defineRoute(api, {
    method: 'post', path: '/documents/:id/return', tag: 'documents', access: 'any', resource: 'document', params: idParams, status: 200, errors: [403, 409, 422],
    body: z.object({ note: trimmed(1, 2000) }).strict(),
    summary: 'Return the document to its drafter with notes (instead of paraf)', response: routingStateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => durableRoutingAction(workflows, params.id, { kind: 'return', req: { personId: person(viewer), note: body.note } }, waitMs));

  defineRoute(api, {
    method: 'post', path: '/documents/:id/withdraw', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams, status: 200, errors: [403, 409],
    body: z.object({ reason: z.string().max(2000).optional() }).strict(),
    summary: 'Withdraw your document before its first signature', response: routingStateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => durableRoutingAction(workflows, params.id, { kind: 'withdraw', req: { personId: person(viewer), reason: body.reason } }, waitMs));

  const lockout = new SigningLockout(ctx.orm);
  const passphrase = z.string().min(1).max(1024);
  /** The one-time code a v2 provider sent the signer (POST /signing/totp): instead of the passphrase. */
  const totp = z.string().regex(/^\d{4,10}$/);

  defineRoute(api, {
    method: 'post', path: '/documents/:id/paraf', tag: 'documents', access: 'any', resource: 'document', params: idParams, status: 200, errors: [403, 409, 422, 423, 502, 503, 504],
    body: z.object({ note: z.string().max(2000).optional(), passphrase: passphrase.optional() }).strict(),
    summary: 'Paraf (initial) the document when it is your turn. With your passphrase (a reviewer with a signing certificate), the paraf version is also signed with your own key (an approval signature, kept in the version history as your electronic paraf); the passphrase is used in this request only',
    response: routingStateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => {
    if (body.passphrase === undefined) {
      return durableRoutingAction(workflows, params.id, { kind: 'paraf', req: { personId: person(viewer), note: body.note } }, waitMs);
    }
    const em = ctx.orm.em.fork();
    // The turn first (out of turn: 409 before the passphrase is used), then the key (wrong: 422, nothing recorded).
    const turn = await parafTurn(workflows, viewer, params.id);
    const holder = await openSignerKey(em, lockout, viewer, { passphrase: body.passphrase });
    return signedParaf(em, ctx.store, workflows, viewer, params.id, turn, holder, body.note, waitMs);
  });

  defineRoute(api, {
    method: 'post', path: '/documents/:id/sign', tag: 'documents', access: ['signer'], resource: 'document', params: idParams, status: 200, errors: [404, 409, 422, 423, 502, 503, 504],
    // Exactly one of the two, as the schema says (oneOf), so a body with both or neither is malformed (400).
    body: z.union([
      z.object({ passphrase, confirmResend: z.boolean().optional() }).strict(),
      z.object({ totp, confirmResend: z.boolean().optional() }).strict(),
    ]),
    summary: 'Sign (TTE) the document when your signature is waiting, with your passphrase or (a v2 certificate provider) the one-time code it sent you; either is used in this request only. confirmResend: send again after a certified request whose answer was lost (409 SIGNATURE_OUTCOME_UNKNOWN otherwise)',
    response: routingStateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => {
    const em = ctx.orm.em.fork();
    const secret = signerSecret(body);
    await signingTurn(em, workflows, viewer, params.id);
    const holder = await openSignerKey(em, lockout, viewer, secret);
    return signDocument(em, ctx.store, workflows, viewer, params.id, holder, ctx.config.http.publicBaseUrl, waitMs, { confirmResend: 'confirmResend' in body && body.confirmResend === true });
  });

  defineRoute(api, {
    method: 'post', path: '/documents/bulk-sign', tag: 'documents', access: ['signer'], status: 200, errors: [422, 423],
    body: z.union([
      z.object({ documentIds: z.array(dbId()).min(1).max(50), passphrase }).strict(),
      z.object({ documentIds: z.array(dbId()).min(1).max(50), totp }).strict(),
    ]),
    summary: 'Tanda tangan massal: sign up to 50 documents waiting for you with one passphrase or one-time code (ask the provider for a code good for that many); one failure does not stop the rest',
    response: z.object({ results: z.array(z.object({ documentId: z.number().int(), ok: z.boolean(), version: z.number().int().optional(), code: z.string().optional(), detail: z.string().optional() })) }),
  }, async ({ viewer, body }) => {
    const em = ctx.orm.em.fork();
    const holder = await openSignerKey(em, lockout, viewer, signerSecret(body));
    const visible = await visibleIds(em, viewer, 'document', body.documentIds);
    const results: { documentId: number; ok: boolean; version?: number; code?: string; detail?: string }[] = [];
    let passphraseRefused: AppError | undefined;
    for (const documentId of [...new Set(body.documentIds)]) {
      // A gateway checks the passphrase per document: once it said wrong, sending it again would only
      // count more failures (here and at the provider) for the same typing mistake.
      if (!visible.has(documentId)) {
        const hidden = notFound('documentIds');
        results.push({ documentId, ok: false, code: hidden.code, detail: hidden.message });
        continue;
      }
      if (passphraseRefused) {
        results.push({ documentId, ok: false, code: passphraseRefused.code, detail: passphraseRefused.message });
        continue;
      }
      try {
        const outcome = await signDocument(ctx.orm.em.fork(), ctx.store, workflows, viewer, documentId, holder, ctx.config.http.publicBaseUrl, waitMs);
        results.push({ documentId, ok: true, version: outcome.signedVersion });
      } catch (error) {
        const known = error instanceof AppError;
        if (!known) ctx.logger.error({ err: error, documentId }, 'bulk signing failed for one document');
        if (known && (error.code === 'PASSPHRASE_INVALID' || error.code === 'TOTP_INVALID' || error.code === 'SIGNING_LOCKED')) passphraseRefused = error;
        results.push({ documentId, ok: false, code: known ? error.code : 'INTERNAL', detail: known ? error.message : 'signing failed' });
      }
    }
    return { results };
  });

  defineRoute(api, {
    method: 'get', path: '/signing/method', tag: 'documents', access: 'any',
    summary: 'How you sign (a TTE, or a reviewer\'s electronic paraf): your certificate\'s provider (null: no signing certificate, so a paraf is printed only), whether it is certified, and whether it sends one-time codes (TOTP) as an alternative to the passphrase',
    response: z.object({ provider: z.string().nullable(), certified: z.boolean(), totp: z.boolean() }),
  }, async ({ viewer }) => signingMethod(ctx.orm.em.fork(), viewer));

  defineRoute(api, {
    method: 'post', path: '/signing/totp', tag: 'documents', access: ['signer'], status: 202, errors: [409, 502, 503, 504],
    body: z.object({ documents: z.number().int().min(1).max(50).optional() }).strict(),
    summary: 'Ask your certificate provider (contract v2) to send you a one-time code (TOTP) good for `documents` signatures (default 1); the code reaches you from the provider, never through Naskah',
    response: z.object({ message: z.string() }),
  }, async ({ viewer, body }) => requestSigningTotp(ctx.orm.em.fork(), viewer, body.documents ?? 1));

  defineRoute(api, {
    method: 'get', path: '/documents/:id/routing', tag: 'documents', access: 'any', resource: 'document', params: idParams, errors: [409],
    summary: 'Where the document is in its routing and who it waits for', response: routingStateSchema,
  }, async ({ params }) => routingAction(() => workflows.routing(String(params.id)).state()));
}
