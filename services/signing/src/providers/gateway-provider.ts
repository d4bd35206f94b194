// Client of a certificate provider's signing gateway (BSrE esign-client),
// contract v1 or v2 (contract-v1.ts, contract-v2.ts), HTTP Basic auth of the
// client application. Before a passphrase or TOTP leaves this host the
// signer's account is checked; after the request is sent, a lost answer is
// never retried: whether the provider signed is unknown (GATEWAY_OUTCOME_UNKNOWN)
// and only the signer decides to send again.
import QRCode from 'qrcode';
import { SigningError } from '../errors.js';
import { contractV1 } from './contract-v1.js';
import { contractV2 } from './contract-v2.js';
import type { GatewayApiVersion, GatewayCall, GatewayContract, ProviderUserStatus, ProviderVerification, ProviderSigner } from './contract.js';
import { errorFromGateway, type GatewayErrorBody } from './gateway-errors.js';
import type { SignDocumentRequest, SignedDocument, SigningProvider } from './provider.js';
import { circuitFor, type CircuitOptions } from './circuit.js';
import { checkGatewayResponse } from './response-check.js';
import { sealCalls, sealTotpOf, type SealConfig, type SealRequest } from './seal.js';
import { signedFile } from './contract-v2.js';

export interface GatewayConfig {
  /** Human name for the audit trail and the console, e.g. "BSrE BSSN". */
  name: string;
  /** Base URL; the contract's paths (`/api/sign/pdf`, `/api/v2/sign/pdf`, …) are appended. */
  url: string;
  /** Which esign-client contract the gateway speaks; default v1. */
  apiVersion?: GatewayApiVersion;
  username: string;
  password: string;
  /** The provider's root CA(s), DER or PEM: the returned signature must chain to one. */
  trustAnchors: readonly Buffer[];
  /** Earlier signatures in documents this gateway signs (the internal root), to tell whether they stay valid. */
  otherTrustAnchors?: readonly Buffer[];
  /** Per request, default 60 s (a gateway signs with an HSM and can be slow). */
  timeoutMs?: number;
  /** Extra attempts when the request certainly was not acted on (refused connection, 503); default 2. */
  retries?: number;
  /** Wait before a retry; default 500 ms, doubling. */
  retryDelayMs?: number;
  /** Largest signed PDF accepted back, default sent size + 20 MB. */
  maxResponseBytes?: number;
  /** Ask the provider for the signer's account status before sending a secret; default true. */
  checkUserStatus?: boolean;
  /** The institution's electronic seal at this provider (v2), when it has one. */
  seal?: SealConfig;
  /** When to stop calling a failing gateway for a while (circuit.ts). */
  circuit?: CircuitOptions;
}

export interface GatewayProvider extends SigningProvider {
  readonly kind: 'gateway';
  readonly apiVersion: GatewayApiVersion;
  /** The provider's own report (informational; Naskah trusts `verifyPdf`). */
  verify(pdf: Buffer): Promise<ProviderVerification>;
  /** The signer's account at the provider. */
  userStatus(signer: ProviderSigner): Promise<ProviderUserStatus>;
  /** Throws the signer's problem (not registered, no certificate, expired or revoked, inactive) unless the status is ISSUE. */
  assertCanSign(signer: ProviderSigner): Promise<void>;
  /** v2: the provider sends the signer a TOTP code good for `documents` signatures. */
  requestTotp(signer: ProviderSigner, documents?: number): Promise<void>;
  /** v2 seal: the provider sends an activation code to the institution's registered contact. */
  requestSealActivation(): Promise<void>;
  /** v2 seal: a seal TOTP for `documents` seals, in exchange for the activation code. */
  requestSealTotp(activationCode: string, documents?: number): Promise<string>;
  revokeSealActivation(activationCode: string): Promise<void>;
  /** v2 seal: the institution's seal on the PDF, checked like a signature (its certificate names the institution). */
  sealDocument(request: SealRequest): Promise<SignedDocument>;
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

/** The stamp image (imageTTD / imageBase64): the verification QR code as PNG. */
async function stampImage(linkQR: string): Promise<Buffer> {
  return QRCode.toBuffer(linkQR, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
}

async function errorBody(response: Response): Promise<GatewayErrorBody | undefined> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const unknownOutcome = (why: string): SigningError =>
  new SigningError('GATEWAY_OUTCOME_UNKNOWN', `The signing request was sent but ${why}; the provider may have signed, so nothing is sent again without the signer's decision.`);

/** What a call does at the provider: a signature (never repeated blindly) or a question (safe to ask again). */
type Effect = 'signature' | 'query';

export function gatewayProvider(config: GatewayConfig): GatewayProvider {
  const base = config.url.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const retries = config.retries ?? 2;
  const contract: GatewayContract = config.apiVersion === 'v2' ? contractV2 : contractV1;
  const circuit = circuitFor(base, config.name, config.circuit);

  /**
   * One call; a refused connection or a 503 (nothing done) is retried with backoff. After the
   * request went out, a signature call that gets no answer (timeout, reset, a proxy's 502/504)
   * throws GATEWAY_OUTCOME_UNKNOWN and is not repeated. `answerErrors`: 4xx answers are returned.
   */
  async function call(c: GatewayCall, effect: Effect, secrets: readonly string[], answerErrors = false): Promise<Response> {
    circuit.admit();
    try {
      const response = await send(c, effect, secrets, answerErrors);
      circuit.succeeded();
      return response;
    } catch (error) {
      // The gateway's own verdicts on the request (wrong passphrase, not registered, …) say it is working.
      const sick = error instanceof SigningError && /^GATEWAY_(UNAVAILABLE|TIMEOUT|OUTCOME_UNKNOWN)$/.test(error.code);
      if (sick) circuit.failed(error.code);
      else circuit.succeeded();
      throw error;
    }
  }

  async function send(c: GatewayCall, effect: Effect, secrets: readonly string[], answerErrors: boolean): Promise<Response> {
    let delay = config.retryDelayMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${c.path}`, {
          method: c.method,
          headers: { authorization, accept: 'application/pdf, application/json', ...(c.json ? { 'content-type': 'application/json' } : {}) },
          ...(c.body ? { body: c.body() } : {}),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        const code = causeCode(error);
        if (code && NOT_SENT.has(code)) {
          if (attempt < retries) {
            await sleep(delay);
            delay *= 2;
            continue;
          }
          throw new SigningError('GATEWAY_UNAVAILABLE', `The gateway could not be reached (${code}); nothing was sent.`);
        }
        const name = (error as { name?: string }).name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        if (effect === 'signature') throw unknownOutcome(timedOut ? `no answer came within ${timeoutMs} ms` : `the connection was lost before the answer (${code ?? 'network error'})`);
        if (timedOut) throw new SigningError('GATEWAY_TIMEOUT', `The gateway did not answer within ${timeoutMs} ms.`);
        // Never the error's own text: it is safe today, but it is not ours to vouch for.
        throw new SigningError('GATEWAY_UNAVAILABLE', `The gateway dropped the connection (${code ?? 'network error'}).`);
      }
      if (response.ok || (answerErrors && response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403)) return response;
      const body = await errorBody(response);
      if (saidNotSigned(response.status, body)) {
        if (attempt < retries) {
          await sleep(delay);
          delay *= 2;
          continue;
        }
      } else if (effect === 'signature' && (response.status === 502 || response.status === 504)) {
        // A proxy in front of the gateway gave up waiting; the gateway behind it may have signed.
        throw unknownOutcome(`a proxy answered HTTP ${response.status} instead of the gateway`);
      }
      throw errorFromGateway(response.status, body, secrets);
    }
  }

  async function userStatus(signer: ProviderSigner): Promise<ProviderUserStatus> {
    const response = await call(contract.userStatus(signer), 'query', [], true);
    const body = (await errorBody(response)) as Record<string, unknown> | undefined;
    const status = body ? contract.status(body) : undefined;
    if (status) return status;
    if (!response.ok) throw errorFromGateway(response.status, body);
    throw new SigningError('GATEWAY_RESPONSE_INVALID', 'The gateway\'s user status answer names no status.');
  }

  async function assertCanSign(signer: ProviderSigner): Promise<void> {
    const { state, said } = await userStatus(signer);
    const quoted = ` (provider: ${JSON.stringify(said.slice(0, 100))})`;
    switch (state) {
      case 'ISSUE': return;
      case 'NOT_REGISTERED': throw new SigningError('SIGNER_NOT_REGISTERED', `The signer is not registered with the certificate provider${quoted}.`, 'nik');
      case 'NO_CERTIFICATE': throw new SigningError('SIGNER_NO_CERTIFICATE', `The signer has no certificate at the provider${quoted}.`, 'nik');
      case 'EXPIRED': throw new SigningError('CERT_EXPIRED', `The signer's certificate at the provider has expired${quoted}.`, 'nik');
      case 'REVOKED': throw new SigningError('CERT_REVOKED', `The signer's certificate at the provider is revoked${quoted}.`, 'nik');
      case 'INACTIVE': throw new SigningError('SIGNER_CERT_INACTIVE', `The signer's certificate at the provider is not active${quoted}.`, 'nik');
    }
  }

  function sealConfig(): SealConfig {
    if (contract.version !== 'v2') throw new SigningError('GATEWAY_UNSUPPORTED', 'Contract v1 of the gateway has no electronic seal.', 'seal');
    if (!config.seal) throw new SigningError('GATEWAY_NOT_CONFIGURED', `No electronic seal is configured for gateway ${config.name}.`, 'seal');
    return config.seal;
  }

  return {
    kind: 'gateway',
    name: config.name,
    apiVersion: contract.version,
    userStatus,
    assertCanSign,
    async signDocument(request: SignDocumentRequest): Promise<SignedDocument> {
      const { signer } = request;
      if (!/^\d{16}$/.test(signer.nik)) throw new SigningError('USAGE', 'The NIK must be 16 digits.', 'nik');
      const secret = 'passphrase' in signer ? signer.passphrase : signer.totp;
      if (!secret) throw new SigningError('passphrase' in signer ? 'PASSPHRASE_INVALID' : 'TOTP_INVALID', 'The passphrase or TOTP code is empty.', 'passphrase' in signer ? 'passphrase' : 'totp');
      const a = request.appearance;
      const image = a.visible ? (a.imagePng ?? (await stampImage(a.linkQR))) : undefined;
      const outgoing = contract.sign(request, image);
      if (config.checkUserStatus !== false) await assertCanSign(signer);
      const response = await call(outgoing, 'signature', [secret]);
      const limit = config.maxResponseBytes ?? request.pdf.length + 20 * 1024 * 1024;
      let answer: { pdf: Buffer; documentId?: string };
      try {
        answer = await contract.signed(response, limit);
      } catch (error) {
        if (error instanceof SigningError) throw error;
        // The body was cut off: the provider signed, and the signed file did not arrive whole.
        throw unknownOutcome(`the answer was cut off (${causeCode(error) ?? 'network error'})`);
      }
      await checkGatewayResponse({
        sent: request.pdf,
        returned: answer.pdf,
        nik: signer.nik,
        providerAnchors: config.trustAnchors,
        ...(config.otherTrustAnchors ? { otherAnchors: config.otherTrustAnchors } : {}),
      });
      return { pdf: answer.pdf, provider: 'gateway', providerName: config.name, ...(answer.documentId ? { providerDocumentId: answer.documentId } : {}) };
    },
    async verify(pdf: Buffer): Promise<ProviderVerification> {
      const response = await call(contract.verify(pdf), 'query', []);
      return contract.verification(await response.json());
    },
    async requestTotp(signer: ProviderSigner, documents = 1): Promise<void> {
      if (contract.version !== 'v2') throw new SigningError('GATEWAY_UNSUPPORTED', 'Contract v1 of the gateway has no TOTP.', 'totp');
      const response = await call({
        method: 'POST', path: '/api/v2/sign/get/totp', json: true,
        body: () => JSON.stringify({ nik: signer.nik, ...(signer.email ? { email: signer.email } : {}), data: documents }),
      }, 'query', []);
      await response.body?.cancel();
    },
    async requestSealActivation(): Promise<void> {
      const response = await call(sealCalls.activation(sealConfig()), 'query', []);
      await response.body?.cancel();
    },
    async requestSealTotp(activationCode: string, documents = 1): Promise<string> {
      const response = await call(sealCalls.totp(sealConfig(), activationCode, documents), 'query', [activationCode]);
      return sealTotpOf(response);
    },
    async revokeSealActivation(activationCode: string): Promise<void> {
      const response = await call(sealCalls.revoke(sealConfig(), activationCode), 'query', [activationCode]);
      await response.body?.cancel();
    },
    async sealDocument(request: SealRequest): Promise<SignedDocument> {
      const seal = sealConfig();
      if (!request.totp) throw new SigningError('TOTP_INVALID', 'The seal TOTP code is empty.', 'totp');
      const a = request.appearance;
      const image = a.visible ? (a.imagePng ?? (await stampImage(a.linkQR))) : undefined;
      const response = await call(sealCalls.seal(seal, request, image), 'signature', [request.totp]);
      let pdf: Buffer;
      try {
        pdf = await signedFile(response, config.maxResponseBytes ?? request.pdf.length + 20 * 1024 * 1024);
      } catch (error) {
        if (error instanceof SigningError) throw error;
        throw unknownOutcome(`the answer was cut off (${causeCode(error) ?? 'network error'})`);
      }
      await checkGatewayResponse({
        sent: request.pdf, returned: pdf, sealName: seal.name, providerAnchors: config.trustAnchors,
        ...(config.otherTrustAnchors ? { otherAnchors: config.otherTrustAnchors } : {}),
      });
      return { pdf, provider: 'gateway', providerName: config.name };
    },
  };
}
