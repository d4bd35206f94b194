// The internal CA's public services under /api/pki: the OCSP responder, the
// RFC 3161 timestamp authority, CRLs and CA certificates. Certificates issued
// by the internal CA name these URLs in their AIA and CRL distribution points,
// so validators (pyHanko, Adobe, our own verifier online) can reach them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import { createPkiHandler, openPki } from '@naskah/signing';
import { keystoreDir } from '../use-cases/sign-document.js';

/** Mounts the PKI beside the keystore (`<data>/pki`) when it exists; returns whether it did. */
export function mountInternalPki(router: Router, pkiDir = path.join(path.dirname(keystoreDir()), 'pki')): boolean {
  if (!existsSync(path.join(pkiDir, 'db.json'))) return false;
  router.use('/pki', createPkiHandler(openPki(pkiDir)));
  return true;
}
