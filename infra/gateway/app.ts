// The stand-in for a certificate provider's signing gateway (BSrE contract as
// the regional clients use it), for tests and the demo. It signs with its own
// CA through the Naskah engine, so everything about the result (PAdES B-LT,
// its own TSA and OCSP) is real; only the provider is pretend.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import busboy from 'busboy';
import express, { type Express, type Request, type Response } from 'express';
import {
  assertCertificateValidAt, assertNotRevoked, GATEWAY_STATUS, inProcessRevocationSource, inProcessTimestampClient,
  isSigningError, openPkcs12, pemToDer, signPdf, verifyPdf, type StampPlacement,
} from '@naskah/signing';
import type { GatewayRegistry } from './registry.js';

/** Ways to misbehave, for the client's refusal tests. Never reachable through the HTTP contract. */
export type GatewayFault =
  | { kind: 'tamper' }
  | { kind: 'two-signatures' }
  | { kind: 'wrong-signer'; nik: string; passphrase: string }
  | { kind: 'rewrite' }
  | { kind: 'close-socket' }
  | { kind: 'hang' }
  | { kind: 'unavailable'; times: number };

export interface StandInGatewayOptions {
  registry: GatewayRegistry;
  username: string;
  password: string;
  /** Largest upload, default 25 MB. */
  maxFileBytes?: number;
}

export interface StandInGateway {
  app: Express;
  /** Requests to /api/sign/pdf seen, including refused ones. */
  requests: number;
  fault: GatewayFault | undefined;
  /** The linkQR of the last request (the address the stamp's QR code will open), for tests. */
  lastLinkQR?: string;
}

interface Upload {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

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

export function createStandInGateway(options: StandInGatewayOptions): StandInGateway {
  const { registry } = options;
  const maxFileBytes = options.maxFileBytes ?? 25 * 1024 * 1024;
  const timestamp = inProcessTimestampClient(registry.pki);
  const revocation = inProcessRevocationSource(registry.pki);
  const root = pemToDer(readFileSync(registry.rootPemPath, 'utf8'));
  const expected = Buffer.from(`Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`);
  const state: StandInGateway = { app: express(), requests: 0, fault: undefined };
  const app = state.app;
  app.disable('x-powered-by');

  const fail = (res: Response, error: unknown): void => {
    if (error instanceof ContractError) {
      res.status(error.httpStatus).json({ error: error.message, status_code: error.statusCode });
      return;
    }
    if (isSigningError(error, 'PASSPHRASE_INVALID')) {
      res.status(400).json({ error: 'Passphrase anda salah', status_code: GATEWAY_STATUS.PASSPHRASE_INVALID });
    } else if (isSigningError(error, 'CERT_EXPIRED') || isSigningError(error, 'CERT_NOT_YET_VALID')) {
      res.status(400).json({ error: 'Sertifikat anda sudah kedaluwarsa', status_code: GATEWAY_STATUS.CERT_EXPIRED });
    } else if (isSigningError(error, 'CERT_REVOKED')) {
      res.status(400).json({ error: 'Sertifikat anda sudah dicabut', status_code: GATEWAY_STATUS.CERT_REVOKED });
    } else if (isSigningError(error) && /^(PDF_|ANCHOR_|PLACEMENT_)/.test(error.code)) {
      res.status(400).json({ error: `Dokumen tidak dapat ditandatangani: ${error.message}`, status_code: 400 });
    } else {
      res.status(500).json({ error: 'Kesalahan internal; dokumen tidak ditandatangani', status_code: 500 });
    }
  };

  app.use((req, res, next) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      res.status(401).set('www-authenticate', 'Basic realm="esign"').json({ error: 'Unauthorized', status_code: 401 });
      return;
    }
    next();
  });

  app.get('/api/user/status/:nik', (req, res) => {
    const known = registry.signers[req.params.nik] !== undefined;
    res.status(known ? 200 : 400).json(known ? { status_code: GATEWAY_STATUS.USER_ISSUED, message: 'ISSUE' } : { error: 'User tidak terdaftar', status_code: GATEWAY_STATUS.USER_NOT_REGISTERED });
  });

  app.post('/api/sign/pdf', async (req, res) => {
    state.requests++;
    try {
      const fault = state.fault;
      if (fault?.kind === 'unavailable' && fault.times > 0) {
        fault.times--;
        req.resume();
        res.status(503).json({ error: 'Layanan sedang sibuk; dokumen tidak ditandatangani', status_code: 503 });
        return;
      }
      const { fields, files } = await readMultipart(req, maxFileBytes);
      state.lastLinkQR = fields.linkQR;
      const pdf = files.file;
      if (!pdf || pdf.length === 0) throw new ContractError(400, 400, 'Parameter file wajib diisi');
      const nik = fields.nik ?? '';
      if (!/^\d{16}$/.test(nik)) throw new ContractError(400, 400, 'Parameter nik harus 16 digit');
      if (!fields.passphrase) throw new ContractError(400, 400, 'Parameter passphrase wajib diisi');
      const placement = placementOf(fields);
      if (fields.image === 'true' && !files.imageTTD?.subarray(0, 8).equals(PNG)) throw new ContractError(400, 400, 'Parameter imageTTD harus berkas PNG');
      if (fault?.kind === 'close-socket') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'hang') return;

      const p12 = registry.p12Of(nik);
      if (!p12) throw new ContractError(400, GATEWAY_STATUS.USER_NOT_REGISTERED, 'User tidak terdaftar');
      const holder = openPkcs12(p12, fields.passphrase);
      assertCertificateValidAt(holder.subject, new Date());
      await assertNotRevoked(holder, revocation);

      const sign = (input: Buffer, signer = holder): Promise<Buffer> =>
        signPdf(input, {
          holder: signer,
          level: 'B-LT',
          timestamp,
          revocation,
          placement,
          ...(fields.linkQR ? { verificationUrl: fields.linkQR } : {}),
          ...(fields.reason ? { reason: fields.reason } : {}),
          ...(fields.location ? { location: fields.location } : {}),
          issuerName: 'Balai Sertifikasi Elektronik (stand-in)',
        });
      let signed: Buffer;
      if (fault?.kind === 'wrong-signer') signed = await sign(pdf, openPkcs12(registry.p12Of(fault.nik)!, fault.passphrase));
      else signed = await sign(pdf);
      if (fault?.kind === 'two-signatures') signed = await signPdf(signed, { holder, level: 'B-B', placement: { invisible: true } });
      if (fault?.kind === 'tamper') signed = tamperWithNewRevision(pdf, signed);
      if (fault?.kind === 'rewrite') signed = Buffer.concat([signed.subarray(0, 20), Buffer.from('%rewritten\n'), signed.subarray(20)]);

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

  app.post('/api/sign/verify', async (req, res) => {
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

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found', status_code: 404 });
  });
  return state;
}
