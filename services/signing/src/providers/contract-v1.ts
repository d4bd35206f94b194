// esign-client contract v1: multipart POST /api/sign/pdf (nik + passphrase,
// the signed PDF as the body), GET /api/user/status/:nik, multipart
// POST /api/sign/verify. No TOTP and no seal in this version.
import { SigningError } from '../errors.js';
import { readLimited, userState, type GatewayCall, type GatewayContract, type ProviderVerification } from './contract.js';
import { GATEWAY_STATUS } from './gateway-errors.js';
import type { SignDocumentRequest } from './provider.js';

function form(request: SignDocumentRequest, passphrase: string, image: Buffer | undefined): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(request.pdf)], { type: 'application/pdf' }), 'dokumen.pdf');
  f.append('nik', request.signer.nik);
  f.append('passphrase', passphrase);
  const a = request.appearance;
  f.append('tampilan', a.visible ? 'visible' : 'invisible');
  if (a.visible) {
    f.append('image', image ? 'true' : 'false');
    if (image) f.append('imageTTD', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'ttd.png');
    f.append('linkQR', a.linkQR);
    if ('anchor' in a) {
      f.append('tag_koordinat', a.anchor);
      if (a.page !== undefined) f.append('page', String(a.page));
      if (a.width !== undefined) f.append('width', String(a.width));
      if (a.height !== undefined) f.append('height', String(a.height));
    } else {
      if (a.page === 'last') f.append('halaman', 'TERAKHIR');
      else f.append('page', String(a.page));
      f.append('xAxis', String(a.x));
      f.append('yAxis', String(a.y));
      f.append('width', String(a.width));
      f.append('height', String(a.height));
    }
  }
  if (request.reason) f.append('reason', request.reason);
  if (request.location) f.append('location', request.location);
  return f;
}

const bool = (v: unknown): boolean => v === true || v === 'true';

export const contractV1: GatewayContract = {
  version: 'v1',
  sign(request, image): GatewayCall {
    if (!('passphrase' in request.signer)) throw new SigningError('GATEWAY_UNSUPPORTED', 'Contract v1 of the gateway signs with a passphrase only (TOTP needs v2).', 'totp');
    const { passphrase } = request.signer;
    return { method: 'POST', path: '/api/sign/pdf', body: () => form(request, passphrase, image) };
  },
  async signed(response, limit) {
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('application/pdf')) {
      await response.body?.cancel();
      throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway answered ${type || 'without a content type'} instead of a PDF.`);
    }
    const pdf = await readLimited(response, limit);
    const id = response.headers.get('id_dokumen');
    return id ? { pdf, documentId: id } : { pdf };
  },
  userStatus(signer) {
    return { method: 'GET', path: `/api/user/status/${encodeURIComponent(signer.nik)}` };
  },
  status(body) {
    const code = Number(body.status_code);
    if (code === GATEWAY_STATUS.USER_NOT_REGISTERED) return { state: 'NOT_REGISTERED', said: String(body.error ?? 'NOT_REGISTERED') };
    if (code === GATEWAY_STATUS.NO_CERTIFICATE) return { state: 'NO_CERTIFICATE', said: String(body.error ?? 'NO_CERTIFICATE') };
    const said = typeof body.message === 'string' ? body.message : typeof body.status === 'string' ? body.status : undefined;
    if (code === GATEWAY_STATUS.USER_ISSUED) return { state: 'ISSUE', said: said ?? 'ISSUE' };
    return said ? { state: userState(said), said } : undefined;
  },
  verify(pdf) {
    return {
      method: 'POST', path: '/api/sign/verify', body: () => {
        const f = new FormData();
        f.append('signed_file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'dokumen.pdf');
        return f;
      },
    };
  },
  verification(body): ProviderVerification {
    const b = (body ?? {}) as { conclusion?: unknown; details?: unknown };
    const details = Array.isArray(b.details) ? (b.details as Array<Record<string, Record<string, unknown> | undefined>>) : [];
    return {
      conclusion: String(b.conclusion ?? 'UNKNOWN'),
      signatures: details.map((d) => ({
        signer: typeof d.info_signer?.signer_name === 'string' ? d.info_signer.signer_name : null,
        signatureFormat: null,
        ltv: null,
        integrityValid: bool(d.signature_document?.document_integrity),
        certificateTrusted: bool(d.info_signer?.cert_user_certified),
      })),
    };
  },
};
