import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { SigningError } from '../errors.js';
import { NAME_OIDS, parseCertificate, type ParsedCertificate } from '../cms/certificate.js';
import type { KeyHolder, SignerIdentity } from './key-holder.js';
import { decodePkcs12 } from './pkcs12.js';

/** A key holder backed by a PKCS#12 file; the KeyObject lives only in this process's memory. */
class Pkcs12KeyHolder implements KeyHolder {
  readonly keyAlgorithm: 'rsa' | 'ecdsa';
  readonly subject: SignerIdentity;

  constructor(
    private readonly key: KeyObject,
    readonly certificate: Buffer,
    readonly chain: readonly Buffer[],
    parsed: ParsedCertificate,
  ) {
    this.keyAlgorithm = key.asymmetricKeyType === 'ec' ? 'ecdsa' : 'rsa';
    this.subject = identityOf(parsed);
  }

  sign(data: Buffer): Promise<Buffer> {
    // node:crypto picks PKCS#1 v1.5 for RSA keys and DER (r, s) for EC keys
    return Promise.resolve(sign('sha256', data, this.key));
  }

  // A holder may end up in a log line through a careless spread; show only who it is.
  toJSON(): object {
    return { subject: this.subject, keyAlgorithm: this.keyAlgorithm };
  }
}

function identityOf(cert: ParsedCertificate): SignerIdentity {
  const s = cert.subject;
  return {
    name: s.get(NAME_OIDS.commonName) ?? '',
    nik: s.get(NAME_OIDS.serialNumber),
    nip: s.get(NAME_OIDS.userId),
    title: s.get(NAME_OIDS.title),
    org: s.get(NAME_OIDS.organization),
    serialHex: cert.serialHex,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    issuer: cert.issuer.get(NAME_OIDS.commonName) ?? '',
  };
}

/** Orders the other certificates as a chain from the signer's issuer upward. */
function chainFor(signer: ParsedCertificate, others: ParsedCertificate[]): Buffer[] {
  const chain: Buffer[] = [];
  let current = signer;
  const remaining = [...others];
  for (;;) {
    if (current.issuerDer.equals(current.subjectDer)) break;
    const i = remaining.findIndex((c) => c.subjectDer.equals(current.issuerDer));
    if (i < 0) break;
    current = remaining.splice(i, 1)[0]!;
    chain.push(current.der);
  }
  return chain;
}

function loadHolder(p12: Buffer, passphrase: string): KeyHolder {
  const decoded = decodePkcs12(p12, passphrase);
  let key: KeyObject;
  try {
    key = decoded.key.encrypted
      ? createPrivateKey({ key: decoded.key.der, format: 'der', type: 'pkcs8', passphrase })
      : createPrivateKey({ key: decoded.key.der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new SigningError('PASSPHRASE_INVALID', 'The passphrase does not open this certificate file.', 'passphrase');
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new SigningError('P12_MALFORMED', `Keys of type ${key.asymmetricKeyType} are not supported; use RSA or ECDSA P-256.`);
  }
  const modulusLength = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType === 'rsa' && (modulusLength ?? 0) < 2048) {
    throw new SigningError('CERT_INVALID', `RSA keys of ${modulusLength} bits are too weak to sign with; 2048 bits is the minimum.`);
  }
  const publicSpki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  let certs: ParsedCertificate[];
  try {
    certs = decoded.certificates.map((c) => parseCertificate(c.der));
  } catch {
    throw new SigningError('P12_MALFORMED', 'The PKCS#12 file cannot be read: a certificate in it is malformed.');
  }
  const signer = certs.find((c) => c.spkiDer.equals(publicSpki));
  if (!signer) throw new SigningError('P12_MALFORMED', 'The PKCS#12 file holds no certificate for its private key.');
  const chain = chainFor(
    signer,
    certs.filter((c) => c !== signer),
  );
  return new Pkcs12KeyHolder(key, signer.der, chain, signer);
}

// Parsed holders are cached so repeated signing skips PBKDF2 and parsing. The
// cache key is a keyed hash (random per process) of the file and passphrase, so
// nothing in memory is a plain hash of a passphrase.
const cacheKeySecret = randomBytes(32);
const cache = new Map<string, KeyHolder>();
const CACHE_LIMIT = 256;

/**
 * Opens a PKCS#12 file. Throws SigningError PASSPHRASE_INVALID (field
 * "passphrase") or P12_MALFORMED. Repeated calls with the same bytes and
 * passphrase return the same holder.
 */
export function openPkcs12(p12: Buffer, passphrase: string): KeyHolder {
  const id = createHmac('sha256', cacheKeySecret)
    .update(createHash('sha256').update(p12).digest())
    .update(passphrase, 'utf8')
    .digest('base64');
  const cached = cache.get(id);
  if (cached) {
    cache.delete(id);
    cache.set(id, cached);
    return cached;
  }
  const holder = loadHolder(p12, passphrase);
  cache.set(id, holder);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return holder;
}
