// Issue and revoke signing certificates of the internal CA (reading them is
// the certificates list in records.ts). Handlers parse and call one use case.
import { z } from '../openapi/zod.js';
import { dbId } from '../schemas/common.js';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { issueCertificate } from '../use-cases/issue-certificate.js';
import { revocationReasons, revokeCertificate } from '../use-cases/revoke-certificate.js';
import { certificateSchema } from './records.js';

const issueBody = z.object({
  personId: dbId(),
  // The length rule is the use case's (422 naming the field), so the bound here is only against abuse.
  passphrase: z.string().min(1).max(1024),
}).strict().openapi('CertificateIssue');

const revokeBody = z.object({
  status: z.literal('revoked'),
  reason: z.enum(revocationReasons).optional(),
}).strict().openapi('CertificateRevoke');

export function certificateRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'post', path: '/certificates', tag: 'certificates', access: 'any', body: issueBody, response: certificateSchema, errors: [409, 422, 503],
    summary: 'Issue an internal-CA signing certificate (admin for anyone, a signer for themself); the passphrase protects the new key and is never stored',
  }, async ({ viewer, body }) => issueCertificate(ctx.orm.em.fork(), viewer, body, ctx.config.http.publicBaseUrl));

  defineRoute(api, {
    method: 'put', path: '/certificates/:id', tag: 'certificates', access: ['admin'], resource: 'certificate', params: idParams, body: revokeBody, response: certificateSchema, errors: [404, 409],
    summary: 'Revoke a certificate in the internal CA (OCSP and CRL say revoked from now on); provider-held certificates are revoked at the provider',
  }, async ({ viewer, params, body }) => revokeCertificate(ctx.orm.em.fork(), viewer, params.id, body.reason));
}
