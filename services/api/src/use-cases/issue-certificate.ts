// Penerbitan sertifikat elektronik from the internal CA (uncertified TTE). The
// passphrase protects the new PKCS#12 and lives only as long as this request:
// the keystore gets the encrypted file, the database only its name.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { publicUrls } from '@naskah/config';
import {
  activeCertificateOf, certificateRow, certificateSubject, hasRole, insertInternalCertificate, lockCertificateHolder, pemdaPublicBaseUrl, recordAudit,
  type DomainEntityManager as EntityManager, type Viewer,
} from '@naskah/domain';
import { parseCertificate } from '@naskah/signing';
import { AppError } from '../errors/problem.js';
import { internalCa, keystoreDir } from './internal-ca.js';

/** Long enough that five guesses before the lockout cannot find it; the engine refuses shorter too. */
const minPassphraseLength = 8;

export interface CertificateRecord {
  id: number; personId: number; personName: string; serial: string; subject: string; issuer: string;
  status: 'active' | 'revoked' | 'expired'; notBefore: string; notAfter: string; provider: 'internal' | 'gateway'; publicBaseUrl: string | null;
}

/** One certificate row as the certificates list shows it. */
export async function certificateRecord(em: EntityManager, id: number): Promise<CertificateRecord | undefined> {
  const row = await certificateRow(em, id);
  if (!row) return undefined;
  return {
    id: row.id, personId: row.person_id, personName: row.person_name, serial: row.serial, subject: row.subject, issuer: row.issuer,
    status: row.status, notBefore: new Date(row.not_before).toISOString(), notAfter: new Date(row.not_after).toISOString(), provider: row.provider,
    publicBaseUrl: row.public_base_url,
  };
}

const shortNames: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.5': 'SERIALNUMBER', '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.12': 'T',
  '0.9.2342.19200300.100.1.1': 'UID',
};
/** The same "CN=…, SERIALNUMBER=…" text the demo seed stores for its certificates. */
const nameText = (name: ReadonlyMap<string, string>): string => [...name.entries()].map(([k, v]) => `${shortNames[k] ?? k}=${v}`).join(', ');

function refuseHeld(personId: number, serial: string): never {
  throw new AppError('CERTIFICATE_EXISTS', 409, `person ${personId} already holds an active certificate (serial ${serial}); revoke it first`, { field: 'personId' });
}

/**
 * An admin issues for anyone; a signer (penandatangan) for themself, so the
 * passphrase is typed by its owner only. Subject: name, NIK (serialNumber),
 * NIP (UID), jabatan (title) and agency (O), as the signing engine builds it.
 */
export async function issueCertificate(em: EntityManager, viewer: Viewer, input: { personId: number; passphrase: string }, configuredBaseUrl: string): Promise<CertificateRecord> {
  const self = input.personId === viewer.personId;
  if (!hasRole(viewer, 'admin') && !(self && hasRole(viewer, 'signer'))) {
    throw new AppError('FORBIDDEN', 403, 'Only an admin issues certificates for others; a signer may request their own.', { field: 'personId' });
  }
  if (input.passphrase.length < minPassphraseLength) {
    throw new AppError('PASSPHRASE_TOO_SHORT', 422, `the passphrase must be at least ${minPassphraseLength} characters`, { field: 'passphrase' });
  }
  const person = await certificateSubject(em, input.personId);
  if (!person) throw new AppError('REFERENCE_NOT_FOUND', 422, `person ${input.personId} does not exist`, { field: 'personId' });
  const nik = person.nik?.trim() ?? '';
  if (!/^\d{16}$/.test(nik)) {
    throw new AppError('NIK_MISSING', 422, `person ${person.id} has no valid NIK (16 digits); the certificate names its holder by NIK, so record it on the person first`, { field: 'personId' });
  }
  const held = await activeCertificateOf(em, person.id);
  if (held) refuseHeld(person.id, held.serial);
  const ca = internalCa();
  if (!ca) throw new AppError('INTERNAL_CA_MISSING', 503, 'this server has no internal CA yet (npm start or `naskah pki init` creates it beside the keystore)');

  // Its AIA, OCSP and CRL addresses: the public ones of today (the Pemda settings' URL; PUBLIC_BASE_URL
  // before they exist), recorded with the row. Certificates issued earlier keep theirs.
  const publicBaseUrl = await pemdaPublicBaseUrl(em, configuredBaseUrl);
  const issued = await ca.issue({
    name: person.name, nik, ...(person.nip && /^\d{18}$/.test(person.nip) ? { nip: person.nip } : {}),
    ...(person.title ? { title: person.title } : {}), org: person.agency_name, passphrase: input.passphrase,
    baseUrl: publicUrls(publicBaseUrl).pki,
  });
  const parsed = parseCertificate(issued.certificate);
  // One file per certificate: a re-issue after revocation must not overwrite the revoked one's file.
  const keystoreRef = `${nik}-${issued.serialHex}.p12`;
  const file = path.join(keystoreDir(), keystoreRef);
  let id: number;
  try {
    await mkdir(keystoreDir(), { recursive: true, mode: 0o700 });
    await writeFile(file, issued.p12, { mode: 0o600, flag: 'wx' });
    id = await em.transactional(async (tx) => {
      // Two issues for one person at once: the second waits here and then sees the first one's row.
      await lockCertificateHolder(tx, person.id);
      const raced = await activeCertificateOf(tx, person.id);
      if (raced) refuseHeld(person.id, raced.serial);
      const row = await insertInternalCertificate(tx, {
        personId: person.id, serial: issued.serialHex, subject: nameText(parsed.subject), issuer: nameText(parsed.issuer),
        notBefore: parsed.notBefore, notAfter: parsed.notAfter, keystoreRef, publicBaseUrl,
      });
      await recordAudit(tx, {
        actor: { id: viewer.personId, name: viewer.name }, action: 'certificate.issued', subjectType: 'certificate', subjectId: row.id,
        agencyId: person.agency_id,
        data: { personId: person.id, serial: issued.serialHex, provider: 'internal', notAfter: parsed.notAfter.toISOString(), requestedBy: self ? 'holder' : 'admin' },
      });
      return row.id;
    });
  } catch (error) {
    // Nothing half-done: a certificate the database never recorded must not stay valid in the CA.
    ca.revoke(issued.serialHex, 'cessationOfOperation');
    await rm(file, { force: true });
    throw error;
  }
  return (await certificateRecord(em, id))!;
}
