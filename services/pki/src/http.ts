/**
 * The PKI's public HTTP face: TSA, OCSP, CRLs and CA certificates. A plain
 * Node (req, res) handler, so the API mounts it with `app.use('/api/pki',
 * createPkiHandler(pki))` and tests run it on an ephemeral port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pki } from './authority.js';
import { OcspResponder } from './ocsp-responder.js';
import { TimestampAuthority } from './timestamp-authority.js';

const MAX_REQUEST_BYTES = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export type PkiHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

export function createPkiHandler(pki: Pki): PkiHandler {
  const tsa = new TimestampAuthority(pki);
  const ocsp = new OcspResponder(pki);
  const problem = (res: ServerResponse, status: number, title: string): void =>
    send(res, status, 'application/problem+json', JSON.stringify({ type: 'about:blank', title, status }));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://pki').pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'POST' && (path === '/tsa' || path === '/ocsp')) {
      const body = await readBody(req);
      if (!body) return problem(res, 413, 'Request too large');
      if (path === '/tsa') return send(res, 200, 'application/timestamp-reply', tsa.respond(body));
      return send(res, 200, 'application/ocsp-response', ocsp.respond(body));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'Method not allowed');
    if (path.startsWith('/ocsp/')) {
      let request: Buffer;
      try {
        request = Buffer.from(decodeURIComponent(path.slice('/ocsp/'.length)), 'base64');
      } catch {
        return problem(res, 400, 'Malformed OCSP request');
      }
      return send(res, 200, 'application/ocsp-response', ocsp.respond(request));
    }
    switch (path) {
      case '/crl':
        return send(res, 200, 'application/pkix-crl', pki.crl('issuing'));
      case '/crl/root':
        return send(res, 200, 'application/pkix-crl', pki.crl('root'));
      case '/ca.crt':
        return send(res, 200, 'application/pkix-cert', pki.issuing.certificate.der);
      case '/root-ca.crt':
        return send(res, 200, 'application/pkix-cert', pki.root.certificate.der);
      case '/tsa.crt':
        return send(res, 200, 'application/pkix-cert', pki.tsa.certificate.der);
      default:
        return problem(res, 404, 'Not found');
    }
  };
  return (req, res, next) => {
    handle(req, res).catch((error: unknown) => {
      if (next) next(error);
      else if (!res.headersSent) problem(res, 500, 'PKI service error');
    });
  };
}

export interface RunningPkiServer {
  /** base URL, e.g. http://127.0.0.1:40123 (TSA at `${url}/tsa`) */
  url: string;
  close(): Promise<void>;
}

/** Runs the PKI service alone (tests, or a standalone TSA/OCSP host); port 0 picks a free port. */
export function startPkiServer(pki: Pki, options: { port?: number; host?: string } = {}): Promise<RunningPkiServer> {
  const handler = createPkiHandler(pki);
  const server = createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { address, port } = server.address() as AddressInfo;
      resolve({
        url: `http://${address}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
