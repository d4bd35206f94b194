// How the signer proves it is them, and the one-time code (TOTP) a v2
// certificate provider sends them on request. Naskah only asks the provider to
// send the code; the code itself goes from the provider to the signer's
// registered contact and comes back in the sign request, never stored here.
import { signingCertificateOf, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { gatewayFor, gatewayProblem, offersTotp, totpUnsupported } from './signer-keys.js';

export interface SigningMethod {
  /** The certificate's provider ('internal' for Naskah's CA), or null without a signing certificate. */
  provider: string | null;
  certified: boolean;
  /** The provider sends one-time codes: the console offers "Kirim kode OTP" beside the passphrase. */
  totp: boolean;
}

export async function signingMethod(em: EntityManager, viewer: Viewer): Promise<SigningMethod> {
  const cert = await signingCertificateOf(em, viewer.personId);
  if (cert?.provider === 'gateway') {
    const gateway = gatewayFor(cert.agency_code);
    return { provider: gateway.name, certified: true, totp: offersTotp(gateway) };
  }
  return { provider: cert ? 'internal' : null, certified: false, totp: false };
}

/** Asks the signer's provider to send them a code good for `documents` signatures. */
export async function requestSigningTotp(em: EntityManager, viewer: Viewer, documents: number): Promise<{ message: string }> {
  const cert = await signingCertificateOf(em, viewer.personId);
  if (cert?.provider !== 'gateway') throw totpUnsupported(null);
  const gateway = gatewayFor(cert.agency_code);
  if (!offersTotp(gateway)) throw totpUnsupported(gateway.name);
  try {
    await gateway.requestTotp({ nik: cert.nik }, documents);
  } catch (error) {
    throw gatewayProblem(error);
  }
  return {
    message: `Kode OTP sudah diminta dari ${gateway.name} dan dikirim ke kontak Anda yang terdaftar di sana. Masukkan kode itu untuk menandatangani ${documents} naskah.`,
  };
}
