// The institution's electronic seal (segel elektronik), contract v2 only:
// the admin activates the seal once (the provider sends an activation code to
// the institution's registered contact), asks for a seal TOTP for a number of
// documents, and each document is sealed with it. No person's passphrase is
// involved; the seal's certificate names the institution.
import { SigningError } from '../errors.js';
import { signatureProperties } from './contract-v2.js';
import type { GatewayCall } from './contract.js';
import type { SignatureAppearance } from '../stamp/appearance.js';

export interface SealRequest {
  pdf: Buffer;
  /** The one-time code from `requestSealTotp`; used for this call only and never kept. */
  totp: string;
  appearance: SignatureAppearance;
  reason?: string;
  location?: string;
}

/** The institution's seal account at the provider, from SIGNING_GATEWAYS_FILE. */
export interface SealConfig {
  idSubscriber: string;
  /** The seal certificate's subject name (CN): the returned seal must be exactly this institution's. */
  name: string;
  /** The institution's activation code (from a secrets file), when Naskah seals without a person asking. */
  activationCode?: string;
}

const body = (o: Record<string, unknown>) => () => JSON.stringify(o);

export const sealCalls = {
  activation(seal: SealConfig): GatewayCall {
    return { method: 'POST', path: '/api/v2/seal/get/activation', json: true, body: body({ idSubscriber: seal.idSubscriber }) };
  },
  totp(seal: SealConfig, activationCode: string, documents: number): GatewayCall {
    return { method: 'POST', path: '/api/v2/seal/get/totp', json: true, body: body({ idSubscriber: seal.idSubscriber, totp: activationCode, data: documents }) };
  },
  revoke(seal: SealConfig, activationCode: string): GatewayCall {
    return { method: 'POST', path: '/api/v2/seal/revoke/activation', json: true, body: body({ idSubscriber: seal.idSubscriber, totp: activationCode }) };
  },
  seal(seal: SealConfig, request: SealRequest, image: Buffer | undefined): GatewayCall {
    const properties = signatureProperties(request.pdf, request.appearance, image, request.reason, request.location);
    return {
      method: 'POST', path: '/api/v2/seal/pdf', json: true,
      body: body({ idSubscriber: seal.idSubscriber, totp: request.totp, signatureProperties: [properties], file: [request.pdf.toString('base64')] }),
    };
  },
};

/** The seal TOTP in a `/seal/get/totp` answer. */
export async function sealTotpOf(response: Response): Promise<string> {
  const answer = (await response.json()) as { result?: unknown; totp?: unknown };
  if (answer.result !== true || typeof answer.totp !== 'string' || answer.totp === '') {
    throw new SigningError('GATEWAY_RESPONSE_INVALID', 'The gateway\'s seal TOTP answer holds no code.');
  }
  return answer.totp;
}
