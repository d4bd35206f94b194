// The two published versions of BSrE's esign-client contract, as data: what
// each call sends and how each answer reads. gateway-provider.ts does the
// HTTP (auth, timeouts, retries, the outcome of a lost answer) once for both.
import { SigningError } from '../errors.js';
import type { SignDocumentRequest } from './provider.js';

/** v1: multipart `/api/sign/pdf`; v2: JSON with base64 files under `/api/v2`. Chosen per gateway in SIGNING_GATEWAYS_FILE. */
export type GatewayApiVersion = 'v1' | 'v2';

export interface GatewayCall {
  method: 'GET' | 'POST';
  path: string;
  /** Built again for each attempt (a FormData or stream body can be sent once). */
  body?: () => FormData | string;
  json?: boolean;
}

/** What the provider says about a signer's account, before anything secret is sent. */
export type ProviderUserState = 'ISSUE' | 'NOT_REGISTERED' | 'NO_CERTIFICATE' | 'EXPIRED' | 'REVOKED' | 'INACTIVE';

export interface ProviderUserStatus {
  state: ProviderUserState;
  /** The provider's own word (ISSUE, RENEW, SUSPEND, …), for the operator. */
  said: string;
}

/** One signature as the provider's verification service judged it (informational: Naskah trusts its own verifier). */
export interface ProviderSignatureCheck {
  signer: string | null;
  /** e.g. PAdES-BASELINE-T (v2 only). */
  signatureFormat: string | null;
  ltv: boolean | null;
  integrityValid: boolean;
  certificateTrusted: boolean;
}

export interface ProviderVerification {
  conclusion: string;
  signatures: ProviderSignatureCheck[];
}

export interface ProviderSigner {
  nik: string;
  email?: string;
}

export interface GatewayContract {
  readonly version: GatewayApiVersion;
  sign(request: SignDocumentRequest, image: Buffer | undefined): GatewayCall;
  /** The signed PDF in a successful answer; throws GATEWAY_RESPONSE_INVALID on anything else. */
  signed(response: Response, limit: number): Promise<{ pdf: Buffer; documentId?: string }>;
  userStatus(signer: ProviderSigner): GatewayCall;
  /** The state in a status answer (HTTP 200, or a refusal whose body names the state). */
  status(body: Record<string, unknown>): ProviderUserStatus | undefined;
  verify(pdf: Buffer): GatewayCall;
  verification(body: unknown): ProviderVerification;
}

/** The provider's status words (both versions) → our states; RENEW, SUSPEND, NEW, WAITING_FOR_VERIFICATION … are inactive. */
export function userState(said: string): ProviderUserState {
  switch (said.toUpperCase()) {
    case 'ISSUE': return 'ISSUE';
    case 'NOT_REGISTERED': return 'NOT_REGISTERED';
    case 'NO_CERTIFICATE': return 'NO_CERTIFICATE';
    case 'EXPIRED': return 'EXPIRED';
    case 'REVOKE': case 'REVOKED': return 'REVOKED';
    default: return 'INACTIVE';
  }
}

/** The answer's body, at most `limit` bytes (a gateway that streams without end must not fill our memory). */
export async function readLimited(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel();
    throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway's answer (${declared} bytes) is larger than ${limit} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > limit) throw new SigningError('GATEWAY_RESPONSE_INVALID', `The gateway's answer is larger than ${limit} bytes.`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
