// What a BSrE-style gateway says when it refuses, and what Naskah tells the
// signer. The regional BSrE clients read a JSON body `{ error, status_code }`;
// 2011 (user not registered) and 2031 (wrong passphrase) are the codes they
// document. The provider's codes for an expired or revoked certificate are not
// published, so the stand-in uses 2051 and 2052 and the client also recognises
// the message text. Contract v2 adds 2021 (registered, no certificate issued);
// its code for a wrong TOTP is not published either: the stand-in uses 2032.
import { SigningError, type SigningErrorCode } from '../errors.js';

export const GATEWAY_STATUS = {
  USER_ISSUED: 1111,
  USER_NOT_REGISTERED: 2011,
  NO_CERTIFICATE: 2021,
  PASSPHRASE_INVALID: 2031,
  TOTP_INVALID: 2032,
  CERT_EXPIRED: 2051,
  CERT_REVOKED: 2052,
} as const;

export type GatewayErrorCode = Extract<
  SigningErrorCode,
  | 'PASSPHRASE_INVALID' | 'SIGNER_NOT_REGISTERED' | 'CERT_EXPIRED' | 'CERT_REVOKED' | 'GATEWAY_REJECTED'
  | 'SIGNER_NO_CERTIFICATE' | 'SIGNER_CERT_INACTIVE' | 'TOTP_INVALID' | 'GATEWAY_UNSUPPORTED' | 'GATEWAY_OUTCOME_UNKNOWN'
  | 'GATEWAY_NOT_CONFIGURED' | 'GATEWAY_AUTH_FAILED' | 'GATEWAY_UNAVAILABLE' | 'GATEWAY_TIMEOUT' | 'GATEWAY_RESPONSE_INVALID'
>;

/**
 * One HTTP status and one Indonesian sentence per code, for the API
 * (`registerProblemCodes(GATEWAY_HTTP_STATUS)`) and the console. The signer's
 * own problems are 4xx; the gateway's are 5xx and the signing step stays
 * waiting so it can be retried.
 */
export const GATEWAY_ERRORS: Record<GatewayErrorCode, { status: number; id: string }> = {
  PASSPHRASE_INVALID: { status: 422, id: 'Passphrase salah. Periksa kembali passphrase sertifikat elektronik Anda.' },
  SIGNER_NOT_REGISTERED: { status: 422, id: 'NIK penanda tangan belum terdaftar pada penyelenggara sertifikat elektronik.' },
  CERT_EXPIRED: { status: 422, id: 'Sertifikat elektronik penanda tangan sudah kedaluwarsa. Ajukan pembaruan sertifikat.' },
  CERT_REVOKED: { status: 422, id: 'Sertifikat elektronik penanda tangan sudah dicabut. Ajukan penerbitan sertifikat baru.' },
  SIGNER_NO_CERTIFICATE: { status: 422, id: 'Penanda tangan sudah terdaftar tetapi belum memiliki sertifikat elektronik. Ajukan penerbitan sertifikat kepada penyelenggara.' },
  SIGNER_CERT_INACTIVE: { status: 422, id: 'Sertifikat elektronik penanda tangan sedang tidak aktif (ditangguhkan atau dalam pembaruan). Hubungi penyelenggara sertifikat elektronik.' },
  TOTP_INVALID: { status: 422, id: 'Kode TOTP salah atau sudah kedaluwarsa. Minta kode baru lalu coba lagi.' },
  GATEWAY_UNSUPPORTED: { status: 422, id: 'Versi layanan penyelenggara sertifikat elektronik yang dikonfigurasi tidak mendukung cara tanda tangan ini.' },
  GATEWAY_OUTCOME_UNKNOWN: { status: 504, id: 'Permintaan tanda tangan sudah terkirim ke penyelenggara, tetapi jawabannya tidak diterima. Dokumen mungkin sudah ditandatangani di sana; Naskah tidak mengirim ulang secara otomatis. Periksa dokumen, lalu konfirmasi bila ingin mengirim ulang.' },
  GATEWAY_REJECTED: { status: 422, id: 'Penyelenggara sertifikat elektronik menolak permintaan tanda tangan.' },
  GATEWAY_NOT_CONFIGURED: { status: 409, id: 'Gateway tanda tangan untuk perangkat daerah ini belum dikonfigurasi.' },
  GATEWAY_AUTH_FAILED: { status: 502, id: 'Aplikasi tidak dapat masuk ke gateway tanda tangan (kredensial ditolak). Hubungi administrator.' },
  GATEWAY_UNAVAILABLE: { status: 503, id: 'Gateway tanda tangan tidak dapat dihubungi. Dokumen belum ditandatangani; coba lagi nanti.' },
  GATEWAY_TIMEOUT: { status: 504, id: 'Gateway tanda tangan tidak menjawab tepat waktu. Dokumen belum disimpan; coba lagi nanti.' },
  GATEWAY_RESPONSE_INVALID: { status: 502, id: 'Dokumen yang dikembalikan gateway tanda tangan tidak lolos pemeriksaan dan tidak disimpan.' },
};

export const GATEWAY_HTTP_STATUS: Record<string, number> = Object.fromEntries(
  Object.entries(GATEWAY_ERRORS).map(([code, e]) => [code, e.status]),
);

export interface GatewayErrorBody {
  error?: unknown;
  status_code?: unknown;
  message?: unknown;
}

/**
 * The SigningError for a refusal from the gateway (HTTP status and its JSON body, if any).
 * `secrets` (the passphrase) are cut out of the gateway's text before it is quoted: a gateway
 * that echoes its input must not put the passphrase into our error.
 */
export function errorFromGateway(httpStatus: number, body: GatewayErrorBody | undefined, secrets: readonly string[] = []): SigningError {
  const statusCode = Number(body?.status_code);
  let text = String(body?.error ?? body?.message ?? '');
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  text = text.slice(0, 200);
  // The gateway's message is quoted for operators; it never holds our request's fields.
  const said = text ? ` (gateway: ${JSON.stringify(text)})` : '';
  if (httpStatus === 401 || httpStatus === 403) {
    return new SigningError('GATEWAY_AUTH_FAILED', `The gateway refused the application's credentials${said}.`);
  }
  if (statusCode === GATEWAY_STATUS.USER_NOT_REGISTERED || /tidak terdaftar|not registered|user not found/i.test(text)) {
    return new SigningError('SIGNER_NOT_REGISTERED', `The NIK is not registered with the certificate provider${said}.`, 'nik');
  }
  if (statusCode === GATEWAY_STATUS.NO_CERTIFICATE || /belum memiliki sertifikat|no certificate/i.test(text)) {
    return new SigningError('SIGNER_NO_CERTIFICATE', `The signer has no certificate at the provider${said}.`, 'nik');
  }
  if (statusCode === GATEWAY_STATUS.TOTP_INVALID || /\btotp\b/i.test(text)) {
    return new SigningError('TOTP_INVALID', `The gateway rejected the TOTP code${said}.`, 'totp');
  }
  if (statusCode === GATEWAY_STATUS.PASSPHRASE_INVALID || /passphrase/i.test(text)) {
    return new SigningError('PASSPHRASE_INVALID', `The gateway rejected the passphrase${said}.`, 'passphrase');
  }
  if (statusCode === GATEWAY_STATUS.CERT_EXPIRED || /kedaluwarsa|kadaluarsa|expired/i.test(text)) {
    return new SigningError('CERT_EXPIRED', `The signer's certificate at the provider has expired${said}.`, 'nik');
  }
  if (statusCode === GATEWAY_STATUS.CERT_REVOKED || /dicabut|revoked/i.test(text)) {
    return new SigningError('CERT_REVOKED', `The signer's certificate at the provider is revoked${said}.`, 'nik');
  }
  if (httpStatus >= 500) return new SigningError('GATEWAY_UNAVAILABLE', `The gateway failed with HTTP ${httpStatus}${said}.`);
  return new SigningError('GATEWAY_REJECTED', `The gateway refused the request with HTTP ${httpStatus}${said}.`);
}
