// Pencabutan sertifikat: the internal CA marks it revoked (its OCSP responder
// and CRL say so from now on) and the row follows, so signing refuses it
// before the key is ever opened.
import { lockCertificate, markCertificateRevoked, recordAudit, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { isSigningError } from '@naskah/signing';
import { type RevocationReason } from '@naskah/pki';
import { AppError } from '../errors/problem.js';
import { internalCa } from './internal-ca.js';
import { certificateRecord, type CertificateRecord } from './issue-certificate.js';

/**
 * CRL reason codes an admin may give (RFC 5280): key compromise (lost phone,
 * leaked passphrase), affiliation changed (mutasi), superseded (re-issued),
 * cessation of operation (pensiun, left the service). No certificateHold: a
 * revocation here is final.
 */
export const revocationReasons = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const satisfies readonly RevocationReason[];

export async function revokeCertificate(em: EntityManager, viewer: Viewer, id: number, reason: RevocationReason = 'unspecified'): Promise<CertificateRecord> {
  await em.transactional(async (tx) => {
    const cert = await lockCertificate(tx, id);
    if (!cert) throw new AppError('NOT_FOUND', 404, `certificate ${id} does not exist`);
    if (cert.provider === 'gateway') {
      throw new AppError('CERTIFICATE_AT_PROVIDER', 409,
        `certificate ${cert.serial} is held by the certificate provider (gateway); only the provider can revoke it (ask them, e.g. BSrE's RA), Naskah cannot`, { field: 'status' });
    }
    if (cert.status === 'revoked') throw new AppError('ALREADY_REVOKED', 409, `certificate ${cert.serial} is already revoked`, { field: 'status' });
    // CA first: if the row update then failed, the CA's word still stops signing (sign-document checks it).
    let revokedInCa = false;
    const ca = internalCa();
    if (ca) {
      try {
        ca.revoke(cert.serial, reason);
        revokedInCa = true;
      } catch (error) {
        // Seeded placeholders and certificates of an earlier CA: nothing to revoke there, the row still stops signing.
        if (!isSigningError(error, 'CERT_UNKNOWN')) throw error;
      }
    }
    await markCertificateRevoked(tx, id);
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'certificate.revoked', subjectType: 'certificate', subjectId: id,
      agencyId: cert.agency_id, data: { personId: cert.person_id, serial: cert.serial, reason, revokedInCa },
    });
  });
  return (await certificateRecord(em, id))!;
}
