// Archival time-stamps as the worker configures them: ARCHIVE_TSA names the
// TSA (`internal`: the internal CA beside the keystore, as the API finds it;
// or an RFC 3161 URL). OCSP/CRL for the internal CA's certificates come from
// it in process; every other certificate (a provider's, its TSA's) is asked
// at the OCSP responder its certificate names. The chains are completed from
// the internal root and the provider roots of SIGNING_GATEWAYS_FILE.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@naskah/config';
import { httpRevocationSource, httpTimestampClient, loadGatewayDirectory, type RevocationSource, type TimestampClient } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient, openPki, type Pki } from '@naskah/pki';
import type { ArchiveLtv } from './archival-timestamps.js';

/** The internal CA's folder: `<data>/pki` beside `<data>/keystore` (NASKAH_KEYSTORE_DIR), as `npm start` lays it out. */
function internalPkiDir(env: NodeJS.ProcessEnv): string {
  return path.join(path.dirname(env['NASKAH_KEYSTORE_DIR'] ?? path.resolve('.data/keystore')), 'pki');
}

function providerRoots(gatewaysFile: string | undefined): Buffer[] {
  if (!gatewaysFile) return [];
  const directory = loadGatewayDirectory(gatewaysFile);
  return directory.agencies.flatMap((agency) => {
    try {
      return [...directory.forAgency(agency).trustAnchors];
    } catch {
      // An entry that cannot be used for signing (credentials unreadable) still names no root here.
      return [];
    }
  });
}

/** undefined when ARCHIVE_TSA is unset: archiving stays as it was (the signed version, as signed). */
export function configuredArchiveLtv(config: Config, env: NodeJS.ProcessEnv = process.env): ArchiveLtv | undefined {
  const tsa = config.archive.tsa;
  if (!tsa) return undefined;
  let internal: Pki | undefined;
  try {
    internal = openPki(internalPkiDir(env));
  } catch {
    if (tsa === 'internal') throw new Error(`ARCHIVE_TSA=internal, but there is no internal CA in ${internalPkiDir(env)}`);
  }
  const timestamp: TimestampClient = tsa === 'internal' ? inProcessTimestampClient(internal!) : httpTimestampClient(tsa);
  const online = httpRevocationSource();
  const local = internal && inProcessRevocationSource(internal);
  const ours = (issuer: Buffer): boolean => !!internal && (internal.issuing.certificate.der.equals(issuer) || internal.root.certificate.der.equals(issuer));
  const revocation: RevocationSource = {
    ocsp: (certificate, issuer) => (ours(issuer) ? local!.ocsp(certificate, issuer) : online.ocsp(certificate, issuer)),
    // Another CA's CRL address is in its certificates, not in its issuer's: OCSP answers for those.
    crl: (issuer) => (ours(issuer) ? local!.crl!(issuer) : Promise.resolve(undefined)),
  };
  const trust = [...(internal ? [internal.root.certificate.der] : []), ...providerRoots(config.signing.gatewaysFile), ...config.signing.certifiedRoots.map((f) => readFileSync(f))];
  return { services: () => ({ revocation, timestamp, trust }), windowDays: config.archive.renewalWindowDays };
}
