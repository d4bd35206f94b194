// The stand-in for a certificate provider's signing gateway (BSrE esign-client,
// contract v1 and v2 as the regional clients use them), for tests and the demo. It signs with its own
// CA through the Naskah engine, so everything about the result (PAdES B-LT,
// its own TSA and OCSP) is real; only the provider is pretend.
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import busboy from 'busboy';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import {
  assertCertificateValidAt,
  assertNotRevoked,
  GATEWAY_STATUS,
  isSigningError,
  openPkcs12,
  pemToDer,
  signPdf,
  verifyPdf,
  type KeyHolder,
  type StampPlacement,
} from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient } from '@naskah/pki';
import type { GatewayRegistry } from './registry.js';

/** Ways to misbehave, for the client's refusal tests. Never reachable through the HTTP contract. */
export type GatewayFault =
  | { kind: 'tamper' }
  | { kind: 'two-signatures' }
  | { kind: 'wrong-signer'; nik: string; passphrase: string }
  | { kind: 'rewrite' }
  | { kind: 'close-socket' }
  /** Signs, then closes the connection instead of answering: the client cannot know it signed. */
  | { kind: 'drop-response' }
  /** Signs, then a proxy in front answers 504 in HTML (it gave up waiting): again the client cannot know. */
  | { kind: 'proxy-timeout' }
  | { kind: 'hang' }
  | { kind: 'unavailable'; times: number };

export interface StandInGatewayOptions {
  registry: GatewayRegistry;
  username: string;
  password: string;
  /** Largest upload, default 25 MB. */
  maxFileBytes?: number;
  /** NIKs registered at the provider whose certificate has not been issued (v2 status NO_CERTIFICATE, 2021). */
  withoutCertificate?: readonly string[];
  /** E-mail → NIK, for v2 requests that name the signer by e-mail. */
  emails?: Readonly<Record<string, string>>;
  /** v2 electronic seals: idSubscriber → the NIK-like id under which the institution's seal certificate is registered. */
  seals?: Readonly<Record<string, string>>;
  /**
   * The level of the signatures made: B-LT by default; B-T is what BSrE's
   * service returns by the field reports (no validation data), what Naskah's
   * LTV upgrade starts from.
   */
  signatureLevel?: 'B-T' | 'B-LT';
}

export interface StandInGateway {
  app: Express;
  /** Signing requests seen (/api/sign/pdf and /api/v2/sign/pdf), including refused ones. */
  requests: number;
  /** Every request's method and path, in order (never a body: that is where the secrets are). */
  calls: string[];
  /** Signatures the stand-in actually made, whether or not the answer reached the client. */
  signatures: number;
  /** The TOTP codes the provider "sent" (by SMS or e-mail), by NIK: what the signer would read on the phone. */
  totpSent: Record<string, string>;
  /** Seal activation codes the provider "sent" to each institution's contact, by idSubscriber. */
  sealActivationSent: Record<string, string>;
  fault: GatewayFault | undefined;
  /** The linkQR of the last request (the address the stamp's QR code will open), for tests. */
  lastLinkQR?: string;
}

interface Upload {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

/** What a reverse proxy says when the gateway behind it was too slow (not the contract's JSON). */
class ProxyTimeout extends Error {}

class ContractError extends Error {
  constructor(readonly httpStatus: number, readonly statusCode: number, message: string) {
    super(message);
  }
}

function readMultipart(req: Request, maxFileBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: 3, fields: 40, fieldSize: 4096 } });
    } catch {
      reject(new ContractError(400, 400, 'Permintaan harus multipart/form-data'));
      return;
    }
    const upload: Upload = { fields: {}, files: {} };
    bb.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => reject(new ContractError(413, 413, `Berkas ${name} terlalu besar`)));
      stream.on('end', () => {
        upload.files[name] = Buffer.concat(chunks);
      });
    });
    bb.on('error', () => reject(new ContractError(400, 400, 'Permintaan multipart tidak dapat dibaca')));
    bb.on('close', () => resolve(upload));
    req.pipe(bb);
  });
}

const integer = (fields: Record<string, string>, name: string): number => {
  const v = fields[name];
  if (v === undefined || !/^-?\d+(\.\d+)?$/.test(v.trim())) throw new ContractError(400, 400, `Parameter ${name} harus berupa angka`);
  return Number(v);
};

function placementOf(fields: Record<string, string>): StampPlacement {
  const tampilan = (fields.tampilan ?? '').toLowerCase();
  if (tampilan === 'invisible') return { invisible: true };
  if (tampilan !== 'visible') throw new ContractError(400, 400, 'Parameter tampilan harus visible atau invisible');
  const halaman = (fields.halaman ?? '').toUpperCase();
  const page = fields.page !== undefined ? integer(fields, 'page') : halaman === 'PERTAMA' ? 1 : halaman === 'TERAKHIR' ? -1 : halaman ? integer(fields, 'halaman') : undefined;
  if (fields.tag_koordinat !== undefined) {
    if (fields.tag_koordinat.length !== 1) throw new ContractError(400, 400, 'Parameter tag_koordinat harus satu karakter');
    return page === undefined || page < 1 ? { anchor: fields.tag_koordinat } : { anchor: fields.tag_koordinat, page };
  }
  return { page: page ?? 1, rect: [integer(fields, 'xAxis'), integer(fields, 'yAxis'), integer(fields, 'width'), integer(fields, 'height')] };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Changes the /Reason of the new signature after signing: valid syntax, broken digest. */
function tamperWithNewRevision(original: Buffer, signed: Buffer): Buffer {
  const out = Buffer.from(signed);
  const at = out.indexOf('/Reason <', original.length) + '/Reason <'.length;
  if (at < '/Reason <'.length) throw new Error('no /Reason to tamper with');
  out[at] = out[at] === 0x34 ? 0x35 : 0x34;
  return out;
}

type Account = 'ISSUE' | 'NOT_REGISTERED' | 'NO_CERTIFICATE' | 'EXPIRED' | 'REVOKE';

/** v2's account statuses, with the error code each refusal carries. */
const ACCOUNT_REFUSAL: Record<Exclude<Account, 'ISSUE'>, { statusCode: number; error: string }> = {
  NOT_REGISTERED: { statusCode: GATEWAY_STATUS.USER_NOT_REGISTERED, error: 'User tidak terdaftar' },
  NO_CERTIFICATE: { statusCode: GATEWAY_STATUS.NO_CERTIFICATE, error: 'User belum memiliki sertifikat elektronik' },
  EXPIRED: { statusCode: GATEWAY_STATUS.CERT_EXPIRED, error: 'Sertifikat anda sudah kedaluwarsa' },
  REVOKE: { statusCode: GATEWAY_STATUS.CERT_REVOKED, error: 'Sertifikat anda sudah dicabut' },
};

const TOTP_LIFETIME_MS = 5 * 60_000;

export function createStandInGateway(options: StandInGatewayOptions): StandInGateway {
  const { registry } = options;
  const maxFileBytes = options.maxFileBytes ?? 25 * 1024 * 1024;
  const timestamp = inProcessTimestampClient(registry.pki);
  const revocation = inProcessRevocationSource(registry.pki);
  const root = pemToDer(readFileSync(registry.rootPemPath, 'utf8'));
  const expected = Buffer.from(`Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`);
  const state: StandInGateway = { app: express(), requests: 0, calls: [], signatures: 0, totpSent: {}, sealActivationSent: {}, fault: undefined };
  const sealActivations = new Map<string, string>();
  const sealTotps = new Map<string, { code: string; uses: number; until: number }>();
  const totps = new Map<string, { code: string; uses: number; until: number }>();
  const withoutCertificate = new Set(options.withoutCertificate ?? []);
  const app = state.app;
  app.disable('x-powered-by');

  const fail = (res: Response, error: unknown): void => {
    if (error instanceof ProxyTimeout) {
      res.status(504).type('text/html').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
      return;
    }
    if (error instanceof ContractError) {
      res.status(error.httpStatus).json({ error: error.message, status_code: error.statusCode });
      return;
    }
    if (isSigningError(error, 'PASSPHRASE_INVALID')) {
      res.status(400).json({ error: 'Passphrase anda salah', status_code: GATEWAY_STATUS.PASSPHRASE_INVALID });
    } else if (isSigningError(error, 'CERT_EXPIRED') || isSigningError(error, 'CERT_NOT_YET_VALID')) {
      res.status(400).json({ error: ACCOUNT_REFUSAL.EXPIRED.error, status_code: GATEWAY_STATUS.CERT_EXPIRED });
    } else if (isSigningError(error, 'CERT_REVOKED')) {
      res.status(400).json({ error: ACCOUNT_REFUSAL.REVOKE.error, status_code: GATEWAY_STATUS.CERT_REVOKED });
    } else if (isSigningError(error) && /^(PDF_|ANCHOR_|PLACEMENT_)/.test(error.code)) {
      res.status(400).json({ error: `Dokumen tidak dapat ditandatangani: ${error.message}`, status_code: 400 });
    } else {
      res.status(500).json({ error: 'Kesalahan internal; dokumen tidak ditandatangani', status_code: 500 });
    }
  };

  /** The signer's account as the provider's records have it. */
  const accountOf = (nik: string): Account => {
    if (withoutCertificate.has(nik)) return 'NO_CERTIFICATE';
    const record = registry.signers[nik];
    if (!record) return 'NOT_REGISTERED';
    const cert = registry.pki.findRecord('issuing', record.serialHex);
    if (cert?.revokedAt) return 'REVOKE';
    if (cert && Date.parse(cert.notAfter) < Date.now()) return 'EXPIRED';
    return 'ISSUE';
  };

  app.use((req, res, next) => {
    state.calls.push(`${req.method} ${req.path}`);
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      res.status(401).set('www-authenticate', 'Basic realm="esign"').json({ error: 'Unauthorized', status_code: 401 });
      return;
    }
    next();
  });

  /**
   * Signs one PDF with the faults applied; `open` gives the signer's key (passphrase or TOTP
   * activation). Whatever a fault does after this point, the signature was made.
   */
  async function produce(
    req: Request, pdf: Buffer, nik: string, open: () => KeyHolder, placement: StampPlacement, meta: { linkQR?: string; reason?: string; location?: string },
  ): Promise<Buffer | undefined> {
    const fault = state.fault;
    if (fault?.kind === 'close-socket') {
      req.socket.destroy();
      return undefined;
    }
    if (fault?.kind === 'hang') return undefined;
    const account = accountOf(nik);
    if (account === 'NOT_REGISTERED' || account === 'NO_CERTIFICATE') throw new ContractError(400, ACCOUNT_REFUSAL[account].statusCode, ACCOUNT_REFUSAL[account].error);
    const holder = open();
    assertCertificateValidAt(holder.subject, new Date());
    await assertNotRevoked(holder, revocation);
    const sign = (input: Buffer, signer = holder): Promise<Buffer> =>
      signPdf(input, {
        holder: signer, level: options.signatureLevel ?? 'B-LT', timestamp, revocation, placement,
        ...(meta.linkQR ? { verificationUrl: meta.linkQR } : {}),
        ...(meta.reason ? { reason: meta.reason } : {}),
        ...(meta.location ? { location: meta.location } : {}),
        issuerName: 'Balai Sertifikasi Elektronik (stand-in)',
      });
    let signed: Buffer;
    if (fault?.kind === 'wrong-signer') signed = await sign(pdf, openPkcs12(registry.p12Of(fault.nik)!, fault.passphrase));
    else signed = await sign(pdf);
    state.signatures++;
    if (fault?.kind === 'two-signatures') signed = await signPdf(signed, { holder, level: 'B-B', placement: { invisible: true } });
    if (fault?.kind === 'tamper') signed = tamperWithNewRevision(pdf, signed);
    if (fault?.kind === 'rewrite') signed = Buffer.concat([signed.subarray(0, 20), Buffer.from('%rewritten\n'), signed.subarray(20)]);
    if (fault?.kind === 'drop-response') {
      req.socket.destroy();
      return undefined;
    }
    if (fault?.kind === 'proxy-timeout') throw new ProxyTimeout();
    return signed;
  }

  /** 503 "nothing signed" while the fault lasts. */
  const busy = (req: Request, res: Response): boolean => {
    const fault = state.fault;
    if (fault?.kind !== 'unavailable' || fault.times <= 0) return false;
    fault.times--;
    req.resume();
    res.status(503).json({ error: 'Layanan sedang sibuk; dokumen tidak ditandatangani', status_code: 503 });
    return true;
  };

  // ---- contract v1 ------------------------------------------------------------------------

  app.get('/api/user/status/:nik', (req, res) => {
    const account = accountOf(req.params.nik);
    if (account === 'NOT_REGISTERED' || account === 'NO_CERTIFICATE') {
      res.status(400).json({ error: ACCOUNT_REFUSAL[account].error, status_code: ACCOUNT_REFUSAL[account].statusCode });
      return;
    }
    // v1 says ISSUE for every registered user; an expired or revoked certificate shows when signing.
    res.json({ status_code: GATEWAY_STATUS.USER_ISSUED, message: 'ISSUE' });
  });

  app.post('/api/sign/pdf', async (req, res) => {
    state.requests++;
    try {
      if (busy(req, res)) return;
      const { fields, files } = await readMultipart(req, maxFileBytes);
      state.lastLinkQR = fields.linkQR;
      const pdf = files.file;
      if (!pdf || pdf.length === 0) throw new ContractError(400, 400, 'Parameter file wajib diisi');
      const nik = fields.nik ?? '';
      if (!/^\d{16}$/.test(nik)) throw new ContractError(400, 400, 'Parameter nik harus 16 digit');
      const passphrase = fields.passphrase;
      if (!passphrase) throw new ContractError(400, 400, 'Parameter passphrase wajib diisi');
      const placement = placementOf(fields);
      if (fields.image === 'true' && !files.imageTTD?.subarray(0, 8).equals(PNG)) throw new ContractError(400, 400, 'Parameter imageTTD harus berkas PNG');
      const signed = await produce(req, pdf, nik, () => openPkcs12(registry.p12Of(nik)!, passphrase), placement, {
        ...(fields.linkQR ? { linkQR: fields.linkQR } : {}), ...(fields.reason ? { reason: fields.reason } : {}), ...(fields.location ? { location: fields.location } : {}),
      });
      if (!signed) return;
      res.status(200).set({
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="signed.pdf"',
        id_dokumen: randomUUID(),
        signing_time: new Date().toISOString(),
      }).send(signed);
    } catch (error) {
      fail(res, error);
    }
  });

  // A busy provider (fault 'unavailable') refuses its verification service too.
  app.post('/api/sign/verify', (req, res, next) => {
    if (!busy(req, res)) next();
  }, async (req, res) => {
    try {
      const { files } = await readMultipart(req, maxFileBytes);
      const pdf = files.signed_file;
      if (!pdf || pdf.length === 0) throw new ContractError(400, 400, 'Parameter signed_file wajib diisi');
      const report = await verifyPdf(pdf, { trustAnchors: root, checkRevocation: false });
      const approvals = report.signatures.filter((s) => s.kind !== 'document-timestamp');
      res.json({
        conclusion: report.verdict === 'VALID' ? 'VALID' : report.verdict === 'INVALID' ? 'INVALID' : 'WARNING',
        description: report.verdict === 'VALID' ? 'Dokumen valid dan tidak berubah sejak ditandatangani' : 'Dokumen tidak valid atau ditandatangani oleh penerbit lain',
        jumlah_signature: approvals.length,
        details: approvals.map((s) => ({
          info_signer: { signer_name: s.signer?.name ?? null, issuer_dn: s.signer?.issuer ?? null, cert_user_certified: s.trusted },
          signature_document: { signed_in: s.signedAt, document_integrity: s.intact && s.cmsValid, signature_field: s.field },
          status: s.verdict,
        })),
      });
    } catch (error) {
      fail(res, error);
    }
  });

  // ---- contract v2 (JSON, files in base64) ------------------------------------------------

  const json = express.json({ limit: Math.ceil(maxFileBytes * 4 / 3) + 1024 * 1024 });

  /** The signer a v2 body names: `nik`, or `email` the provider knows. */
  const signerOf = (body: Record<string, unknown>): string => {
    if (typeof body.nik === 'string' && body.nik !== '') {
      if (!/^\d{16}$/.test(body.nik)) throw new ContractError(400, 400, 'Parameter nik harus 16 digit');
      return body.nik;
    }
    if (typeof body.email === 'string' && body.email !== '') {
      const nik = options.emails?.[body.email.toLowerCase()];
      if (!nik) throw new ContractError(400, GATEWAY_STATUS.USER_NOT_REGISTERED, 'User tidak terdaftar');
      return nik;
    }
    throw new ContractError(400, 400, 'Parameter nik atau email wajib diisi');
  };

  const base64File = (value: unknown, name: string): Buffer => {
    if (typeof value !== 'string' || value === '' || !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(value)) throw new ContractError(400, 400, `Parameter ${name} harus base64`);
    return Buffer.from(value, 'base64');
  };

  const number = (p: Record<string, unknown>, name: string): number => {
    const v = p[name];
    if (typeof v !== 'number' && !(typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) throw new ContractError(400, 400, `Parameter signatureProperties.${name} harus berupa angka`);
    return Number(v);
  };

  const v2Placement = (p: Record<string, unknown>): StampPlacement => {
    const tampilan = String(p.tampilan ?? '').toUpperCase();
    if (tampilan === 'INVISIBLE') return { invisible: true };
    if (tampilan !== 'VISIBLE') throw new ContractError(400, 400, 'Parameter signatureProperties.tampilan harus VISIBLE atau INVISIBLE');
    if (!base64File(p.imageBase64, 'signatureProperties.imageBase64').subarray(0, 8).equals(PNG)) throw new ContractError(400, 400, 'Parameter signatureProperties.imageBase64 harus gambar PNG');
    return { page: number(p, 'page'), rect: [number(p, 'originX'), number(p, 'originY'), number(p, 'width'), number(p, 'height')] };
  };

  /** `file[]` and `signatureProperties[]` of a v2 signing or sealing body, one job per file. */
  const v2Jobs = (b: Record<string, unknown>) => {
    const files = b.file;
    const properties = b.signatureProperties;
    if (!Array.isArray(files) || files.length === 0) throw new ContractError(400, 400, 'Parameter file wajib diisi');
    if (!Array.isArray(properties) || properties.length !== files.length) throw new ContractError(400, 400, 'Jumlah signatureProperties harus sama dengan jumlah file');
    return files.map((f, i) => {
      const p = properties[i] as Record<string, unknown> | null;
      if (!p || typeof p !== 'object') throw new ContractError(400, 400, 'Parameter signatureProperties tidak valid');
      return {
        pdf: base64File(f, 'file'), placement: v2Placement(p),
        meta: { ...(typeof p.reason === 'string' ? { reason: p.reason } : {}), ...(typeof p.location === 'string' ? { location: p.location } : {}) },
      };
    });
  };

  /** A TOTP the provider sent this signer (or seal), used once per document it was asked for. */
  const takeTotp = (nik: string, code: string, store = totps): void => {
    const t = store.get(nik);
    if (!t || t.until < Date.now() || t.uses <= 0 || t.code.length !== code.length || !timingSafeEqual(Buffer.from(t.code), Buffer.from(code))) {
      throw new ContractError(400, GATEWAY_STATUS.TOTP_INVALID, 'TOTP tidak valid atau sudah kedaluwarsa');
    }
    t.uses--;
  };

  const body = (req: Request): Record<string, unknown> => {
    const b: unknown = req.body;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw new ContractError(400, 400, 'Body harus JSON');
    return b as Record<string, unknown>;
  };

  const checkStatus = (req: Request, res: Response): void => {
    try {
      const source = req.method === 'GET' ? (req.query as Record<string, unknown>) : body(req);
      const nik = signerOf(source);
      const account = accountOf(nik);
      if (account === 'NOT_REGISTERED' || account === 'NO_CERTIFICATE') {
        res.json({ status: account, status_code: ACCOUNT_REFUSAL[account].statusCode, message: ACCOUNT_REFUSAL[account].error });
        return;
      }
      res.json({ status: account, message: account === 'ISSUE' ? 'Sertifikat aktif' : ACCOUNT_REFUSAL[account].error });
    } catch (error) {
      if (error instanceof ContractError && error.statusCode === GATEWAY_STATUS.USER_NOT_REGISTERED) {
        res.json({ status: 'NOT_REGISTERED', status_code: error.statusCode, message: error.message });
        return;
      }
      fail(res, error);
    }
  };
  app.get('/api/v2/user/check/status', checkStatus);
  app.post('/api/v2/user/check/status', json, checkStatus);

  app.post('/api/v2/sign/get/totp', json, (req, res) => {
    try {
      const b = body(req);
      const nik = signerOf(b);
      const account = accountOf(nik);
      if (account !== 'ISSUE') throw new ContractError(400, ACCOUNT_REFUSAL[account].statusCode, ACCOUNT_REFUSAL[account].error);
      const uses = b.data === undefined ? 1 : Number(b.data);
      if (!Number.isInteger(uses) || uses < 1 || uses > 100) throw new ContractError(400, 400, 'Parameter data harus jumlah dokumen (1–100)');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      totps.set(nik, { code, uses, until: Date.now() + TOTP_LIFETIME_MS });
      state.totpSent[nik] = code;
      res.json({ message: 'TOTP telah dikirim ke email dan nomor telepon terdaftar' });
    } catch (error) {
      fail(res, error);
    }
  });

  app.post('/api/v2/sign/pdf', (req, res, next) => {
    state.requests++;
    if (!busy(req, res)) next();
  }, json, async (req, res) => {
    try {
      const b = body(req);
      const nik = signerOf(b);
      const hasPassphrase = typeof b.passphrase === 'string' && b.passphrase !== '';
      const hasTotp = typeof b.totp === 'string' && b.totp !== '';
      if (hasPassphrase === hasTotp) throw new ContractError(400, 400, 'Isi salah satu: passphrase atau totp');
      const jobs = v2Jobs(b);
      if (hasTotp) {
        if (accountOf(nik) === 'ISSUE') takeTotp(nik, b.totp as string);
      }
      const open = (): KeyHolder => {
        if (hasPassphrase) return openPkcs12(registry.p12Of(nik)!, b.passphrase as string);
        const activation = registry.activationOf(nik);
        if (!activation) throw new ContractError(400, GATEWAY_STATUS.TOTP_INVALID, 'TOTP belum diaktifkan untuk user ini');
        return openPkcs12(registry.p12Of(nik)!, activation);
      };
      const started = Date.now();
      const signed: string[] = [];
      for (const job of jobs) {
        const out = await produce(req, job.pdf, nik, open, job.placement, job.meta);
        if (!out) return;
        signed.push(out.toString('base64'));
      }
      res.json({ time: Date.now() - started, file: signed });
    } catch (error) {
      fail(res, error);
    }
  });

  app.post('/api/v2/verify/pdf', (req, res, next) => {
    if (!busy(req, res)) next();
  }, json, async (req, res) => {
    try {
      const pdf = base64File(body(req).file, 'file');
      const report = await verifyPdf(pdf, { trustAnchors: root, checkRevocation: false });
      const approvals = report.signatures.filter((s) => s.kind !== 'document-timestamp');
      res.json({
        conclusion: report.verdict === 'VALID' ? 'VALID' : report.verdict === 'INVALID' ? 'INVALID' : 'WARNING',
        description: report.verdict === 'VALID' ? 'Dokumen valid dan tidak berubah sejak ditandatangani' : 'Dokumen tidak valid atau ditandatangani oleh penerbit lain',
        signatureCount: approvals.length,
        signatureInformations: approvals.map((s) => ({
          id: s.field,
          signerName: s.signer?.name ?? null,
          signatureDate: s.signedAt,
          fieldName: s.field,
          signatureFormat: s.level ? `PAdES-BASELINE-${s.level.replace(/^B-/, '')}` : null,
          ltv: s.level === 'B-LT' || s.level === 'B-LTA',
          integrityValid: s.intact && s.cmsValid,
          certificateTrusted: s.trusted,
          issuerDn: s.signer?.issuer ?? null,
        })),
      });
    } catch (error) {
      fail(res, error);
    }
  });

  // ---- v2 electronic seal (segel elektronik) -----------------------------------------------

  /** The seal account a body names, and its registered certificate. */
  const sealOf = (b: Record<string, unknown>): { id: string; nik: string } => {
    const id = typeof b.idSubscriber === 'string' ? b.idSubscriber : '';
    if (!id) throw new ContractError(400, 400, 'Parameter idSubscriber wajib diisi');
    const nik = options.seals?.[id];
    if (!nik) throw new ContractError(400, GATEWAY_STATUS.USER_NOT_REGISTERED, 'Subscriber segel tidak terdaftar');
    return { id, nik };
  };
  const activated = (id: string, code: unknown): void => {
    const expectedCode = sealActivations.get(id);
    if (!expectedCode || typeof code !== 'string' || code.length !== expectedCode.length || !timingSafeEqual(Buffer.from(code), Buffer.from(expectedCode))) {
      throw new ContractError(400, GATEWAY_STATUS.TOTP_INVALID, 'TOTP aktivasi segel tidak valid');
    }
  };

  app.post('/api/v2/seal/get/activation', json, (req, res) => {
    try {
      const { id } = sealOf(body(req));
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      sealActivations.set(id, code);
      state.sealActivationSent[id] = code;
      res.json({ message: 'Kode aktivasi segel telah dikirim ke kontak instansi' });
    } catch (error) {
      fail(res, error);
    }
  });

  app.post('/api/v2/seal/get/totp', json, (req, res) => {
    try {
      const b = body(req);
      const { id } = sealOf(b);
      activated(id, b.totp);
      const uses = b.data === undefined ? 1 : Number(b.data);
      if (!Number.isInteger(uses) || uses < 1 || uses > 100) throw new ContractError(400, 400, 'Parameter data harus jumlah dokumen (1–100)');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      sealTotps.set(id, { code, uses, until: Date.now() + TOTP_LIFETIME_MS });
      res.json({ result: true, totp: code, message: 'TOTP segel berhasil dibuat' });
    } catch (error) {
      fail(res, error);
    }
  });

  app.post('/api/v2/seal/revoke/activation', json, (req, res) => {
    try {
      const b = body(req);
      const { id } = sealOf(b);
      activated(id, b.totp);
      sealActivations.delete(id);
      sealTotps.delete(id);
      res.json({ message: 'Aktivasi segel telah dicabut' });
    } catch (error) {
      fail(res, error);
    }
  });

  app.post('/api/v2/seal/pdf', (req, res, next) => {
    state.requests++;
    if (!busy(req, res)) next();
  }, json, async (req, res) => {
    try {
      const b = body(req);
      const { id, nik } = sealOf(b);
      const jobs = v2Jobs(b);
      takeTotp(id, typeof b.totp === 'string' ? b.totp : '', sealTotps);
      const open = (): KeyHolder => openPkcs12(registry.p12Of(nik)!, registry.activationOf(nik)!);
      const started = Date.now();
      const sealed: string[] = [];
      for (const job of jobs) {
        const out = await produce(req, job.pdf, nik, open, job.placement, job.meta);
        if (!out) return;
        sealed.push(out.toString('base64'));
      }
      res.json({ time: Date.now() - started, file: sealed });
    } catch (error) {
      fail(res, error);
    }
  });

  // express.json's refusals (not JSON, too large) in the contract's error shape.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!error || typeof error !== 'object' || !('status' in error)) {
      next(error);
      return;
    }
    const status = Number((error as { status: unknown }).status);
    res.status(status === 413 ? 413 : 400).json({ error: status === 413 ? 'Berkas terlalu besar' : 'Body harus JSON', status_code: status === 413 ? 413 : 400 });
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found', status_code: 404 });
  });
  return state;
}
