// Client of a certificate provider's signing gateway (BSrE contract):
// POST /api/sign/pdf, multipart, HTTP Basic auth → the signed PDF.
import QRCode from 'qrcode';
import { SigningError } from '../errors.js';
import { errorFromGateway, type GatewayErrorBody } from './gateway-errors.js';
import type { SignDocumentRequest, SignedDocument, SigningProvider } from './provider.js';
import { checkGatewayResponse } from './response-check.js';

export interface GatewayConfig {
  /** Human name for the audit trail and the console, e.g. "BSrE BSSN". */
  name: string;
  /** Base URL; `/api/sign/pdf` is appended. */
  url: string;
  username: string;
  password: string;
  /** The provider's root CA(s), DER or PEM: the returned signature must chain to one. */
  trustAnchors: readonly Buffer[];
  /** Earlier signatures in documents this gateway signs (the internal root), to tell whether they stay valid. */
  otherTrustAnchors?: readonly Buffer[];
  /** Per request, default 60 s (a gateway signs with an HSM and can be slow). */
  timeoutMs?: number;
  /** Extra attempts when the gateway certainly did not sign; default 2. */
  retries?: number;
  /** Wait before a retry; default 500 ms, doubling. */
  retryDelayMs?: number;
  /** Largest signed PDF accepted back, default sent size + 20 MB. */
  maxResponseBytes?: number;
}

export interface GatewayProvider extends SigningProvider {
  readonly kind: 'gateway';
  /** POST /api/sign/verify: the gateway's own JSON report (informational; Naskah trusts `verifyPdf`). */
  verify(pdf: Buffer): Promise<unknown>;
}

/** Connection never established: the request (and the passphrase) never left this host. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The stamp image (imageTTD): the verification QR code as PNG. */
export async function stampImage(linkQR: string): Promise<Buffer> {
  return QRCode.toBuffer(linkQR, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
}

function form(request: SignDocumentRequest, image: Buffer | undefined): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(request.pdf)], { type: 'application/pdf' }), 'dokumen.pdf');
  f.append('nik', request.signer.nik);
  f.append('passphrase', request.signer.passphrase);
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

async function errorBody(response: Response): Promise<GatewayErrorBody | undefined> {
  try {
    const text = await response.text();
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as GatewayErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** 503, or a 5xx whose body says outright that nothing was signed. */
function saidNotSigned(status: number, body: GatewayErrorBody | undefined): boolean {
  if (status === 503) return true;
  const text = String(body?.error ?? body?.message ?? '');
  return status >= 500 && /tidak ditandatangani|belum ditandatangani|not signed/i.test(text);
}

async function readLimited(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway's PDF (${declared} bytes) is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > limit) throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway's PDF is larger than ${limit} bytes.`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function gatewayProvider(config: GatewayConfig): GatewayProvider {
  const base = config.url.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const retries = config.retries ?? 2;

  /** One POST; throws a SigningError, tagged `retryable` only when the gateway certainly did not sign. */
  async function post(path: string, body: () => FormData, secrets: readonly string[] = []): Promise<Response> {
    let delay = config.retryDelayMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { authorization, accept: 'application/pdf, application/json' },
          body: body(),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          throw new SigningError('GATEWAY_TIMEOUT', `The gateway did not answer within ${timeoutMs} ms; whether it signed is unknown, so nothing is stored.`);
        }
        const code = causeCode(error);
        if (code && NOT_SENT.has(code) && attempt < retries) {
          await sleep(delay);
          delay *= 2;
          continue;
        }
        // Never the error's own text: it is safe today, but it is not ours to vouch for.
        throw new SigningError('GATEWAY_UNAVAILABLE', `The gateway could not be reached or dropped the connection (${code ?? 'network error'}).`);
      }
      if (response.ok) return response;
      const errBody = await errorBody(response);
      if (saidNotSigned(response.status, errBody) && attempt < retries) {
        await sleep(delay);
        delay *= 2;
        continue;
      }
      throw errorFromGateway(response.status, errBody, secrets);
    }
  }

  return {
    kind: 'gateway',
    name: config.name,
    async signDocument(request: SignDocumentRequest): Promise<SignedDocument> {
      if (!/^\d{16}$/.test(request.signer.nik)) throw new SigningError('USAGE', 'The NIK must be 16 digits.', 'nik');
      if (!request.signer.passphrase) throw new SigningError('PASSPHRASE_INVALID', 'The passphrase is empty.', 'passphrase');
      const a = request.appearance;
      const image = a.visible ? (a.imagePng ?? (await stampImage(a.linkQR))) : undefined;
      const response = await post('/api/sign/pdf', () => form(request, image), [request.signer.passphrase]);
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/pdf')) {
        await response.body?.cancel();
        throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway answered ${type || 'without a content type'} instead of a PDF.`);
      }
      const pdf = await readLimited(response, config.maxResponseBytes ?? request.pdf.length + 20 * 1024 * 1024);
      await checkGatewayResponse({
        sent: request.pdf,
        returned: pdf,
        nik: request.signer.nik,
        providerAnchors: config.trustAnchors,
        ...(config.otherTrustAnchors ? { otherAnchors: config.otherTrustAnchors } : {}),
      });
      const id = response.headers.get('id_dokumen');
      return { pdf, provider: 'gateway', providerName: config.name, ...(id ? { providerDocumentId: id } : {}) };
    },
    async verify(pdf: Buffer): Promise<unknown> {
      const response = await post('/api/sign/verify', () => {
        const f = new FormData();
        f.append('signed_file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'dokumen.pdf');
        return f;
      });
      return response.json();
    },
  };
}
