// Tanda tangan elektronik while the request is open: the passphrase opens the
// signer's PKCS#12 in this process only, the signed PDF is stored as a new
// version, and the workflow hears only "signed, version N, sha256 H". The
// passphrase never reaches the workflow, a log, the database or an error.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { publicUrls } from '@naskah/config';
import {
  clearFailedSignings, latestRevokedCertificate, ownSignatureOnTop, pemdaPublicBaseUrl, renderedVersionReasons, recordFailedSigning, recordSignedVersion, signatureSourceVersion, signingCertificateOf, signingLockSeconds, signingTurnFromRecords,
  routingEndStatuses, signStepPositions, versionObjectKey, type DomainEntityManager as EntityManager, type DomainOrm, type Viewer,
} from '@naskah/domain';
import { signatureSlots, type DocumentContentInput } from '@naskah/templates';
import { DEFAULT_SIGNATURE_BLOCK, isSigningError, openPkcs12, type SignerSecret } from '@naskah/signing';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Actor, Diproses, NaskahWorkflows, RoutingState } from '@naskah/workflows/client';
import { AppError } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { durableRoutingAction } from './routing-action.js';
import { internalCa, keystoreDir } from './internal-ca.js';
import { gatewayFor, gatewayKey, internalKey, offersTotp, totpUnsupported, type SignerKey } from './signer-keys.js';

export { keystoreDir };

const maxFailures = 5;
const lockMs = 15 * 60 * 1000;

/**
 * Five wrong passphrases in a row lock signing for that person for 15 minutes,
 * whether our PKCS#12 or the provider's gateway said the passphrase was wrong.
 * Counted on the user's row (app_user.failed_signings / signing_locked_until),
 * so a restart or a second API process does not reset it; each write is its
 * own statement, committed whatever happens to the signing request.
 */
export class SigningLockout {
  constructor(private readonly orm: DomainOrm) {}

  async assertOpen(userId: number): Promise<void> {
    const seconds = await signingLockSeconds(this.orm.em.fork(), userId);
    if (seconds) {
      throw new AppError('SIGNING_LOCKED', 423, `signing is locked after ${maxFailures} wrong passphrases or codes; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        { field: 'passphrase', retryAfterSeconds: seconds });
    }
  }

  async failed(userId: number): Promise<void> {
    // The fifth failure in a row locks and starts the count again, in one atomic update.
    await recordFailedSigning(this.orm.em.fork(), userId, maxFailures, lockMs / 1000);
  }

  async succeeded(userId: number): Promise<void> {
    await clearFailedSignings(this.orm.em.fork(), userId);
  }
}

/**
 * Opens the signer's key once (one passphrase or one-time code entry, also for bulk signing). A TOTP
 * code is a v2 provider's alternative to the passphrase; the internal CA's key opens with its passphrase only.
 */
export async function openSignerKey(em: EntityManager, lockout: SigningLockout, viewer: Viewer, secret: SignerSecret): Promise<SignerKey> {
  await lockout.assertOpen(viewer.userId);
  const cert = await signingCertificateOf(em, viewer.personId);
  if (cert?.provider === 'gateway') {
    const gateway = gatewayFor(cert.agency_code);
    if ('totp' in secret && !offersTotp(gateway)) throw totpUnsupported(gateway.name);
    return gatewayKey(gateway, cert.nik, secret, lockout);
  }
  if (!cert) await refuseRevoked(em, viewer.personId);
  if (!cert?.keystore_ref) throw new AppError('CERTIFICATE_MISSING', 422, 'you have no active signing certificate in the keystore');
  if (!('passphrase' in secret)) throw totpUnsupported(null);
  const { passphrase } = secret;
  // Revoked in the CA by other means (the pki CLI) while the row still says active: refuse before the key is opened.
  const revokedInCa = internalCa()?.findRecord('issuing', cert.serial)?.revokedAt;
  if (revokedInCa) {
    throw new AppError('CERTIFICATE_REVOKED', 422, `your signing certificate ${cert.serial} was revoked in the CA on ${revokedInCa}; ask the admin to issue a new one`);
  }
  const p12 = await readFile(path.join(keystoreDir(), path.basename(cert.keystore_ref)));
  try {
    const holder = openPkcs12(p12, passphrase);
    await lockout.succeeded(viewer.userId);
    return internalKey(holder);
  } catch (error) {
    if (isSigningError(error, 'PASSPHRASE_INVALID')) {
      await lockout.failed(viewer.userId);
      throw new AppError('PASSPHRASE_INVALID', 422, 'the passphrase is wrong; nothing was signed', { field: 'passphrase' });
    }
    throw error;
  }
}

/** base64url of 32 random bytes (43 characters): the public handle of one signed version. */
export function newVerificationToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Where this signer's stamp goes: in the space their signature block reserves when the version
 * being signed was rendered by the server from the template (signers are laid out in the order of
 * the signing steps); otherwise bottom right of the last page. The place was stored with the version
 * when it was rendered; only a version rendered before slots were stored is laid out again, from its render input.
 */
async function signatureBlockOf(em: EntityManager, documentId: number, positionId: string): Promise<{ page: number | 'last'; x: number; y: number; width: number; height: number }> {
  const source = await signatureSourceVersion(em, documentId);
  if (!source?.render_input || !(renderedVersionReasons as readonly string[]).includes(source.reason)) return DEFAULT_SIGNATURE_BLOCK;
  const signers = await signStepPositions(em, documentId);
  const index = signers.findIndex((id) => String(id) === positionId);
  let slot;
  try {
    slot = (source.signature_slots ?? signatureSlots(source.render_input.content as unknown as DocumentContentInput, { final: source.reason === 'numbered' }).signers)[index];
  } catch {
    // A render input an older template no longer accepts: the default place still gives a valid stamp.
    return DEFAULT_SIGNATURE_BLOCK;
  }
  return slot ? { page: slot.page + 1, x: slot.rect.x, y: slot.rect.y, width: slot.rect.width, height: slot.rect.height } : DEFAULT_SIGNATURE_BLOCK;
}

/** A signer whose newest certificate was revoked hears that, not "no certificate". */
async function refuseRevoked(em: EntityManager, personId: number): Promise<void> {
  const revoked = await latestRevokedCertificate(em, personId);
  if (!revoked) return;
  const at = revoked.revoked_at ? ` on ${revoked.revoked_at}` : '';
  throw new AppError('CERTIFICATE_REVOKED', 422, `your signing certificate ${revoked.serial} was revoked${at}; ask the admin to issue a new one`);
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** How long the signer's turn is asked of the workflow before the records answer it (the passphrase request stays short). */
const turnQueryMs = 2000;

/** The signer's turn: the version to sign on top of and the actor (position, delegation) the stamp names. */
export interface SigningTurnNow {
  version: number;
  actor: Pick<Actor, 'positionId' | 'delegation'>;
  /** The newest version is already this signer's signature, still being recorded by the workflow. */
  alreadySigned: boolean;
}

function outOfTurn(waiting: string): AppError {
  return new AppError('SIGNER_OUT_OF_TURN', 409, `not your turn to sign; waiting for ${waiting}`);
}

/**
 * The viewer's turn to sign (checked before the passphrase is even used). The workflow answers when a
 * worker does so within two seconds and it waits for a step; when no worker answers (restarting) or
 * it is between two steps, the records' pending sign steps answer, so a signature never waits on a
 * worker restart. The workflow's `signed` validator checks the turn again either way.
 */
export async function signingTurn(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, documentId: number): Promise<SigningTurnNow> {
  const me = String(viewer.personId);
  let state: RoutingState | undefined;
  try {
    state = await workflows.routing(String(documentId)).stateWithin(turnQueryMs);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new AppError('DOCUMENT_CLOSED', 409, 'the document is not being routed (never submitted, or its routing has finished)');
  }
  if (state && (routingEndStatuses as readonly string[]).includes(state.status)) throw new AppError('DOCUMENT_CLOSED', 409, `document is ${state.status}`);
  if (state && state.waiting.length > 0) {
    const actor = state.waiting.filter((w) => w.kind === 'sign').flatMap((w) => w.actors).find((a) => a.personId === me);
    if (!actor) throw outOfTurn(state.waiting.map((w) => `${w.kind} by ${w.actors.map((a) => a.personId).join('/')}`).join(', '));
    return { version: state.version, actor, alreadySigned: false };
  }
  const turn = await signingTurnFromRecords(em, documentId, viewer.personId);
  if (!turn) throw outOfTurn(state?.status ?? 'the pending steps of the document');
  const kind = ({ holder: undefined, plh: 'Plh', plt: 'Plt', an: 'a.n.', ub: 'u.b.' } as const)[turn.actor.via];
  return {
    version: turn.version, alreadySigned: turn.alreadySigned,
    actor: { positionId: String(turn.actor.positionId), delegation: kind ? { kind, forPersonId: null, validUntil: null } : undefined },
  };
}

/** One signed version is one report, however often it is sent: the workflow applies a request id once. */
const signedRequestId = (documentId: number, version: number): string => `signed:${documentId}:${version}`;

export type SignOutcome = (RoutingState | (Diproses & { documentId: string })) & { signedVersion: number };

/**
 * Signs one document for which the viewer's signature is waiting, stores the signed version, and
 * reports it to the workflow durably: the workflow's answer, or "diproses" when no worker took it in
 * `waitMs` (the report, never the passphrase, is then in the workflow's history).
 */
export async function signDocument(
  em: EntityManager, store: ObjectStore, workflows: NaskahWorkflows, viewer: Viewer, documentId: number, holder: SignerKey, configuredBaseUrl: string, waitMs: number,
  /** `confirmResend`: the signer was told an earlier request's answer was lost, and sends again anyway. */
  options: { confirmResend?: boolean } = {},
): Promise<SignOutcome> {
  const turn = await signingTurn(em, workflows, viewer, documentId);
  const me = String(viewer.personId);
  // A second click while the first signature is being recorded (the records say so, or the stored signature is
  // newer than the version the workflow knows): that one stands, nothing is signed twice. It is reported again
  // under the same request id (applied once): the process that stored it may have died before its report
  // reached the workflow, which would otherwise wait for a signature that already exists.
  const earlier = await ownSignatureOnTop(em, documentId, viewer.personId);
  if (earlier && (turn.alreadySigned || earlier.version > turn.version)) {
    const reported = await durableRoutingAction(workflows, documentId, {
      kind: 'signed', req: { personId: me, baseVersion: earlier.version - 1, version: earlier.version, sha256: earlier.sha256, requestId: signedRequestId(documentId, earlier.version) },
    }, waitMs);
    return { ...reported, signedVersion: earlier.version };
  }
  const actor = turn.actor;
  const objectKey = await versionObjectKey(em, documentId, turn.version);
  if (!objectKey) throw new AppError('INVALID_STATE', 409, `version ${turn.version} of document ${documentId} is not stored`);
  const reason = actor.delegation ? `${actor.delegation.kind} penandatangan` : 'Penandatangan';
  const unsigned = await bytesOf(await store.get(objectKey));
  // The QR code on the stamp opens the public verification page (GET /api/verify/:token): a random
  // token of 256 bits stored with the signed version, so the links cannot be walked like ids. Its address
  // is the Pemda settings' public base URL (PUBLIC_BASE_URL only before the settings exist).
  const verificationToken = newVerificationToken();
  const verificationUrl = publicUrls(await pemdaPublicBaseUrl(em, configuredBaseUrl)).verification(verificationToken);
  const block = await signatureBlockOf(em, documentId, actor.positionId);
  const signed = await holder.sign(
    { em, viewer, documentId, version: turn.version, confirmResend: options.confirmResend === true },
    { pdf: unsigned, reason, appearance: { visible: true, linkQR: verificationUrl, ...block } },
  );
  // Content-addressed like every version: the key names the signed bytes.
  const stored = await store.putVersion(Readable.from(signed));
  const { no } = await recordSignedVersion(em, {
    documentId, baseVersion: turn.version, objectKey: stored.key, sha256: stored.sha256, size: stored.size, authorId: viewer.personId, verificationToken,
    actor: { id: viewer.personId, name: viewer.name, onBehalfOf: actor.delegation ? `${actor.delegation.kind} for person ${actor.delegation.forPersonId}` : null },
    provider: holder.provider,
  });
  const reported = await durableRoutingAction(workflows, documentId, {
    kind: 'signed', req: { personId: me, baseVersion: turn.version, version: no, sha256: stored.sha256, requestId: signedRequestId(documentId, no) },
  }, waitMs);
  return { ...reported, signedVersion: no };
}
