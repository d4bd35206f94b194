// The internal CA's public services under /api/pki: the OCSP responder, the
// RFC 3161 timestamp authority, CRLs and CA certificates. Certificates issued
// by the internal CA name these URLs in their AIA and CRL distribution points,
// so validators (pyHanko, Adobe, our own verifier online) can reach them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createPkiHandler, openPki } from '@naskah/pki';
import { keystoreDir } from '../use-cases/sign-document.js';

/**
 * Mounts the PKI beside the keystore (`<data>/pki`) when it exists; returns whether it did.
 * New certificates name `publicPkiUrl` (PUBLIC_BASE_URL/api/pki); the CA certificates keep the
 * address the PKI was created with, so a different one is worth a warning at start.
 */
export function mountInternalPki(router: Router, pkiDir = path.join(path.dirname(keystoreDir()), 'pki'), check?: { publicPkiUrl: string; logger: Logger }): boolean {
  if (!existsSync(path.join(pkiDir, 'db.json'))) return false;
  const pki = openPki(pkiDir);
  if (check && pki.baseUrl !== check.publicPkiUrl) {
    check.logger.warn({ created: pki.baseUrl, configured: check.publicPkiUrl },
      'the internal CA was created for another public address: its CA and TSA certificates still name the old one (new officials\' certificates name the configured one); keep the old address answering or create the CA again');
  }
  router.use('/pki', createPkiHandler(pki));
  return true;
}
