// The internal CA (services/signing's PKI) as the API finds it: beside the
// keystore, `<data>/pki`, the same place the demo seed and npm start create it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openPki, type Pki } from '@naskah/pki';
/** Where the signing engine keeps PKCS#12 files, named by `certificate.keystore_ref`. */
export function keystoreDir(): string {
  return process.env['NASKAH_KEYSTORE_DIR'] ?? path.resolve('.data/keystore');
}

function internalPkiDir(): string {
  return path.join(path.dirname(keystoreDir()), 'pki');
}

// Opening reads and parses four CA keys; the Pki re-reads its database when another process changes it,
// so one instance per directory stays current.
const opened = new Map<string, Pki>();

/** The internal CA, or undefined when this installation has none (the seed or `naskah pki init` creates it). */
export function internalCa(dir = internalPkiDir()): Pki | undefined {
  const cached = opened.get(dir);
  if (cached && existsSync(path.join(dir, 'db.json'))) return cached;
  opened.delete(dir);
  if (!existsSync(path.join(dir, 'db.json'))) return undefined;
  const pki = openPki(dir);
  opened.set(dir, pki);
  return pki;
}
