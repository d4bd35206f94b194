// esign-client contract v2 (JSON, files in base64), as the BSrE technical
// guide for esign-client 2.x publishes it and the 2025–2026 integrations use it:
//   POST /api/v2/sign/pdf          { nik | email, passphrase | totp, signatureProperties[], file[] } → { time, file[] }
//   POST /api/v2/sign/get/totp     { nik | email, data: number of documents }
//   POST /api/v2/user/check/status { nik | email } → { status: ISSUE | NOT_REGISTERED | NO_CERTIFICATE | … }
//   POST /api/v2/verify/pdf        { file } → { conclusion, signatureInformations[] }
//   POST /api/v2/seal/…            the institution's electronic seal (seal.ts)
// The guide writes the status check as GET; the integrations send it as a POST
// with a JSON body, which keeps the NIK out of access logs. The stand-in takes both.
import { SigningError } from '../errors.js';
import { BufferSource, PdfDocument } from '../pdf/document.js';
import { readLimited, userState, type GatewayCall, type GatewayContract, type ProviderVerification, type ProviderSigner } from './contract.js';
import { GATEWAY_STATUS } from './gateway-errors.js';
import type { SignatureAppearance } from '../stamp/appearance.js';

/** v2 places a stamp by page number and origin only: "the last page" becomes its number. */
function pageNumber(pdf: Buffer, page: number | 'last'): number {
  if (page !== 'last') return page;
  return PdfDocument.open(new BufferSource(pdf)).pageRefs().length;
}

/** One `signatureProperties` entry. */
export function signatureProperties(pdf: Buffer, appearance: SignatureAppearance, image: Buffer | undefined, reason?: string, location?: string): Record<string, unknown> {
  const common = { ...(reason ? { reason } : {}), ...(location ? { location } : {}) };
  if (!appearance.visible) return { tampilan: 'INVISIBLE', ...common };
  if ('anchor' in appearance) throw new SigningError('GATEWAY_UNSUPPORTED', 'Contract v2 of the gateway places a visible stamp by page and coordinates, not by an anchor character.', 'appearance');
  if (!image) throw new SigningError('USAGE', 'A visible v2 signature needs its stamp image.', 'appearance');
  return {
    tampilan: 'VISIBLE', imageBase64: image.toString('base64'), page: pageNumber(pdf, appearance.page),
    originX: appearance.x, originY: appearance.y, width: appearance.width, height: appearance.height, ...common,
  };
}

const identity = (signer: ProviderSigner): Record<string, string> => ({ nik: signer.nik, ...(signer.email ? { email: signer.email } : {}) });

/** The single file of a `{ time, file[] }` answer. */
export async function signedFile(response: Response, limit: number): Promise<Buffer> {
  // base64 in JSON: 4/3 of the PDF plus the envelope.
  const text = (await readLimited(response, Math.ceil(limit * 4 / 3) + 4096)).toString('utf8');
  let body: { file?: unknown };
  try {
    body = JSON.parse(text) as { file?: unknown };
  } catch {
    throw new SigningError('GATEWAY_RESPONSE_INVALID', 'The gateway answered something other than JSON.');
  }
  if (!Array.isArray(body.file) || body.file.length !== 1 || typeof body.file[0] !== 'string') {
    throw new SigningError('GATEWAY_RESPONSE_INVALID', 'The gateway answer does not hold exactly one file.');
  }
  const file = body.file[0];
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file)) throw new SigningError('GATEWAY_RESPONSE_INVALID', 'The gateway answer\'s file is not base64.');
  return Buffer.from(file, 'base64');
}

const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);

export const contractV2: GatewayContract = {
  version: 'v2',
  sign(request, image): GatewayCall {
    const { signer } = request;
    const secret = 'passphrase' in signer ? { passphrase: signer.passphrase } : { totp: signer.totp };
    const properties = signatureProperties(request.pdf, request.appearance, image, request.reason, request.location);
    return {
      method: 'POST', path: '/api/v2/sign/pdf', json: true,
      body: () => JSON.stringify({ ...identity(signer), ...secret, signatureProperties: [properties], file: [request.pdf.toString('base64')] }),
    };
  },
  async signed(response, limit) {
    return { pdf: await signedFile(response, limit) };
  },
  userStatus(signer) {
    return { method: 'POST', path: '/api/v2/user/check/status', json: true, body: () => JSON.stringify(identity(signer)) };
  },
  status(body) {
    if (typeof body.status === 'string') return { state: userState(body.status), said: body.status };
    const code = Number(body.status_code);
    if (code === GATEWAY_STATUS.USER_NOT_REGISTERED) return { state: 'NOT_REGISTERED', said: 'NOT_REGISTERED' };
    if (code === GATEWAY_STATUS.NO_CERTIFICATE) return { state: 'NO_CERTIFICATE', said: 'NO_CERTIFICATE' };
    return undefined;
  },
  verify(pdf) {
    return { method: 'POST', path: '/api/v2/verify/pdf', json: true, body: () => JSON.stringify({ file: pdf.toString('base64') }) };
  },
  verification(body): ProviderVerification {
    const b = (body ?? {}) as { conclusion?: unknown; signatureInformations?: unknown };
    const infos = Array.isArray(b.signatureInformations) ? (b.signatureInformations as Array<Record<string, unknown>>) : [];
    return {
      conclusion: String(b.conclusion ?? 'UNKNOWN'),
      signatures: infos.map((s) => ({
        signer: typeof s.signerName === 'string' ? s.signerName : null,
        signatureFormat: typeof s.signatureFormat === 'string' ? s.signatureFormat : null,
        ltv: bool(s.ltv),
        integrityValid: bool(s.integrityValid) === true,
        certificateTrusted: bool(s.certificateTrusted) === true,
      })),
    };
  },
};
