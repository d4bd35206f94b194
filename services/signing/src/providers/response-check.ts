// Naskah's own checks on a PDF a gateway returns: we store nothing we have not
// verified ourselves, whatever the gateway claims.
import { createHash } from 'node:crypto';
import { SigningError } from '../errors.js';
import { pemToDer } from '../cms/certificate.js';
import { verifyPdf, type SignatureReport, type VerificationReport } from '../verify/index.js';

export interface GatewayResponseCheck {
  /** The PDF we sent. */
  sent: Buffer;
  /** The PDF the gateway returned. */
  returned: Buffer;
  /** The signer's NIK: the new certificate's subject serialNumber must be exactly this. */
  nik?: string;
  /** An institution's seal instead of a person: the new certificate's subject name must be exactly this. */
  sealName?: string;
  /** The provider's root(s), DER or PEM: the new signature must chain to one of these. */
  providerAnchors: readonly Buffer[];
  /** Roots of earlier signatures (the internal CA), so their validity can be compared. */
  otherAnchors?: readonly Buffer[];
}

const refuse = (why: string): SigningError => new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway's PDF was refused: ${why}.`);
function derCertificates(anchors: readonly Buffer[]): Buffer[] {
  return anchors.flatMap((a) => (a.subarray(0, 64).toString('latin1').includes('-----BEGIN') ? pemToDer(a.toString('latin1')) : [a]));
}

const approvals = (r: VerificationReport): SignatureReport[] => r.signatures.filter((s) => s.kind !== 'document-timestamp');

/**
 * Resolves with the report of the returned PDF when it is the sent PDF plus
 * exactly one new signature by `nik` (and LTV data), every earlier signature
 * still intact with nothing but allowed changes after it; otherwise throws
 * `GATEWAY_RESPONSE_INVALID` naming the first failed check.
 */
export async function checkGatewayResponse(check: GatewayResponseCheck): Promise<VerificationReport> {
  const { sent, returned, nik, sealName } = check;
  if ((nik === undefined) === (sealName === undefined)) throw new SigningError('USAGE', 'A gateway response is checked against a NIK or a seal name.');
  // An incremental update leaves every earlier byte alone; a rewritten file
  // would break earlier signatures even if it looked the same.
  if (returned.length <= sent.length || !returned.subarray(0, sent.length).equals(sent)) {
    throw refuse('it is not the sent document with an incremental update appended');
  }
  const provider = derCertificates(check.providerAnchors);
  const providerHashes = new Set(provider.map((d) => createHash('sha256').update(d).digest('hex')));
  const options = { trustAnchors: [...provider, ...derCertificates(check.otherAnchors ?? [])], checkRevocation: false };
  const [before, after] = await Promise.all([verifyPdf(sent, options), verifyPdf(returned, options)]);
  if (!after.readable) throw refuse(`it cannot be read (${after.reasons.map((r) => r.code).join(', ')})`);
  const earlier = approvals(before);
  const now = approvals(after);
  const added = now.length - earlier.length;
  if (added !== 1) throw refuse(`it carries ${added} new signatures instead of exactly one`);
  for (const [i, was] of earlier.entries()) {
    const is = now[i]!;
    if (was.intact && was.cmsValid && (!is.intact || !is.cmsValid || is.modificationsAfter === 'disallowed')) {
      throw refuse(`earlier signature ${is.field} is no longer valid`);
    }
  }
  const fresh = now[now.length - 1]!;
  if (!fresh.intact || !fresh.cmsValid) throw refuse('the new signature does not match the document');
  if (!fresh.trusted || !fresh.chain.some((c) => providerHashes.has(c.sha256))) throw refuse(`the new signature's certificate (${fresh.signer?.issuer ?? 'unknown issuer'}) does not chain to the provider's root`);
  if (nik !== undefined ? fresh.signer?.nik !== nik : fresh.signer?.name !== sealName) throw refuse('the new signature is not by the requested signer');
  // The newest signature covers everything but later LTV data (DSS, document time-stamps).
  const wholeFile = fresh.coverage === 'ENTIRE_FILE' || (fresh.coverage === 'ENTIRE_REVISION' && fresh.changesAfter.every((c) => c.level === 'ltv' || c.level === 'none'));
  const tail = after.reasons.find((r) => r.code === 'TRAILING_DATA' || r.code === 'CHANGE_UNSIGNED_UPDATE');
  if (!wholeFile || tail) throw refuse('the new signature does not cover the whole file');
  return after;
}
