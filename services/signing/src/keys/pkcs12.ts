/**
 * PKCS#12 (RFC 7292) reading and writing with node:crypto, and a signer's
 * key file opened into a KeyHolder (`openPkcs12`). Written files use
 * PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for both the key and the
 * certificates and an HMAC-SHA256 MAC, like OpenSSL 3's defaults; reading also
 * accepts the older SHA-1 MAC and 3DES PBE that other tools produce.
 */
import {
  createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, pbkdf2Sync, randomBytes, sign, timingSafeEqual, type KeyObject,
} from 'node:crypto';
import {
  algorithmIdentifier,
  childAt,
  childrenOf,
  contentOf,
  contextConstructed,
  DerError,
  encodingOf,
  integer,
  integerValue,
  nullValue,
  octetString,
  oid,
  oidOf,
  parseDer,
  sequence,
  setOf,
  tlv,
  type DerNode,
} from '../cms/der.js';
import { HASH_BY_OID, OID } from '../cms/oids.js';
import { SigningError } from '../errors.js';
import { NAME_OIDS, parseCertificate, type ParsedCertificate } from '../cms/certificate.js';
import type { KeyHolder, SignerIdentity } from './key-holder.js';

const P12 = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
} as const;

const PBKDF2_ITERATIONS = 10_000;
const MAC_ITERATIONS = 2048;

/** RFC 7292 Appendix B key derivation (used for the MAC and the legacy PBE schemes). */
function pkcs12Kdf(password: string, salt: Buffer, id: number, iterations: number, length: number, hash: string): Buffer {
  const u = createHash(hash).digest().length;
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const bmp = Buffer.from(password + '\0', 'utf16le').swap16();
  const repeat = (src: Buffer): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([repeat(salt), repeat(bmp)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.push(A);
    const B = repeat(A).subarray(0, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

// ---------------------------------------------------------------- writing

function pbes2Encrypt(data: Buffer, passphrase: string): { algorithm: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, PBKDF2_ITERATIONS, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  const algorithm = sequence(
    oid(P12.pbes2),
    sequence(
      sequence(oid(P12.pbkdf2), sequence(octetString(salt), integer(PBKDF2_ITERATIONS), algorithmIdentifier(P12.hmacWithSha256, nullValue()))),
      sequence(oid(P12.aes256Cbc), octetString(iv)),
    ),
  );
  return { algorithm, ciphertext };
}

const bmpString = (s: string): Buffer => tlv(0x1e, Buffer.from(s, 'utf16le').swap16());

export interface Pkcs12Contents {
  /** unencrypted PKCS#8 PrivateKeyInfo, DER */
  privateKeyPkcs8: Buffer;
  certificate: Buffer;
  chain: readonly Buffer[];
  friendlyName: string;
}

export function encodePkcs12(contents: Pkcs12Contents, passphrase: string): Buffer {
  const localKeyId = createHash('sha1').update(contents.certificate).digest();
  const keyAttributes = setOf(
    sequence(oid(P12.localKeyId), setOf(octetString(localKeyId))),
    sequence(oid(P12.friendlyName), setOf(bmpString(contents.friendlyName))),
  );
  const certBag = (der: Buffer, attributes?: Buffer): Buffer =>
    sequence(
      oid(P12.certBag),
      contextConstructed(0, sequence(oid(P12.x509Certificate), contextConstructed(0, octetString(der)))),
      ...(attributes ? [attributes] : []),
    );
  const certContents = sequence(certBag(contents.certificate, keyAttributes), ...contents.chain.map((c) => certBag(c)));
  const encryptedCerts = pbes2Encrypt(certContents, passphrase);
  const encryptedData = sequence(
    integer(0),
    sequence(oid(OID.data), encryptedCerts.algorithm, contextPrimitiveBytes(0, encryptedCerts.ciphertext)),
  );
  const encryptedKey = pbes2Encrypt(contents.privateKeyPkcs8, passphrase);
  const keyBag = sequence(
    oid(P12.shroudedKeyBag),
    contextConstructed(0, sequence(encryptedKey.algorithm, octetString(encryptedKey.ciphertext))),
    keyAttributes,
  );
  const authenticatedSafe = sequence(
    sequence(oid(OID.encryptedData), contextConstructed(0, encryptedData)),
    sequence(oid(OID.data), contextConstructed(0, octetString(sequence(keyBag)))),
  );
  const macSalt = randomBytes(16);
  const macKey = pkcs12Kdf(passphrase, macSalt, 3, MAC_ITERATIONS, 32, 'sha256');
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  return sequence(
    integer(3),
    sequence(oid(OID.data), contextConstructed(0, octetString(authenticatedSafe))),
    sequence(sequence(algorithmIdentifier(OID.sha256, nullValue()), octetString(mac)), octetString(macSalt), integer(MAC_ITERATIONS)),
  );
}

function contextPrimitiveBytes(n: number, content: Buffer): Buffer {
  return tlv(0x80 + n, content);
}

// ---------------------------------------------------------------- reading

export interface DecodedPkcs12 {
  /** PKCS#8 EncryptedPrivateKeyInfo (to decrypt with node:crypto) or PrivateKeyInfo */
  key: { der: Buffer; encrypted: boolean; localKeyId?: Buffer };
  certificates: { der: Buffer; localKeyId?: Buffer }[];
}

function malformed(detail: string): SigningError {
  return new SigningError('P12_MALFORMED', `The PKCS#12 file cannot be read: ${detail}.`);
}

function passphraseInvalid(): SigningError {
  return new SigningError('PASSPHRASE_INVALID', 'The passphrase does not open this certificate file.', 'passphrase');
}

function decryptContent(algorithm: DerNode, ciphertext: Buffer, passphrase: string): Buffer {
  const algOid = oidOf(childAt(algorithm, 0));
  try {
    if (algOid === P12.pbes2) {
      const params = childAt(algorithm, 1);
      const kdf = childAt(params, 0);
      if (oidOf(childAt(kdf, 0)) !== P12.pbkdf2) throw malformed('unsupported key derivation');
      const kdfParams = childrenOf(childAt(kdf, 1));
      const salt = contentOf(kdfParams[0]!);
      const iterations = Number(integerValue(kdfParams[1]!));
      const prfNode = kdfParams.find((n) => n.tag === 0x30);
      const prf = prfNode ? oidOf(childAt(prfNode, 0)) : P12.hmacWithSha1;
      const prfHash = {
        [P12.hmacWithSha1]: 'sha1',
        [P12.hmacWithSha256]: 'sha256',
        [P12.hmacWithSha384]: 'sha384',
        [P12.hmacWithSha512]: 'sha512',
      }[prf];
      const scheme = childAt(params, 1);
      const cipherName = {
        [P12.aes128Cbc]: ['aes-128-cbc', 16],
        [P12.aes192Cbc]: ['aes-192-cbc', 24],
        [P12.aes256Cbc]: ['aes-256-cbc', 32],
        [P12.desEde3Cbc]: ['des-ede3-cbc', 24],
      }[oidOf(childAt(scheme, 0))] as [string, number] | undefined;
      if (!prfHash || !cipherName) throw malformed('unsupported encryption');
      const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, cipherName[1], prfHash);
      const decipher = createDecipheriv(cipherName[0], key, contentOf(childAt(scheme, 1, 0x04)));
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
    if (algOid === P12.pbeSha3Des) {
      const params = childAt(algorithm, 1);
      const salt = contentOf(childAt(params, 0));
      const iterations = Number(integerValue(childAt(params, 1)));
      const key = pkcs12Kdf(passphrase, salt, 1, iterations, 24, 'sha1');
      const iv = pkcs12Kdf(passphrase, salt, 2, iterations, 8, 'sha1');
      const decipher = createDecipheriv('des-ede3-cbc', key, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
  } catch (error) {
    if (error instanceof SigningError) throw error;
    // bad padding after decryption: the MAC was absent or skipped, so this is the passphrase check
    throw passphraseInvalid();
  }
  throw malformed('unsupported encryption (legacy RC2 or unknown scheme)');
}

function bagLocalKeyId(bag: DerNode): Buffer | undefined {
  const attrs = childrenOf(bag).find((n) => n.tag === 0x31);
  if (!attrs) return undefined;
  for (const attr of childrenOf(attrs)) {
    if (oidOf(childAt(attr, 0)) === P12.localKeyId) return contentOf(childAt(childAt(attr, 1), 0));
  }
  return undefined;
}

export function decodePkcs12(p12: Buffer, passphrase: string): DecodedPkcs12 {
  let pfx: DerNode;
  let authSafe: Buffer;
  try {
    pfx = parseDer(p12);
    const authSafeInfo = childAt(pfx, 1, 0x30);
    if (oidOf(childAt(authSafeInfo, 0)) !== OID.data) throw malformed('signed (public-key) integrity mode is not supported');
    authSafe = contentOf(childAt(childAt(authSafeInfo, 1, 0xa0), 0, 0x04));
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw malformed('not a PKCS#12 structure');
  }
  const macData = childrenOf(pfx)[2];
  if (macData) {
    let ok: boolean;
    try {
      const digestInfo = childAt(macData, 0);
      const hash = HASH_BY_OID[oidOf(childAt(childAt(digestInfo, 0), 0))];
      if (!hash) throw malformed('unsupported MAC algorithm');
      const expected = contentOf(childAt(digestInfo, 1, 0x04));
      const salt = contentOf(childAt(macData, 1, 0x04));
      const iterations = childrenOf(macData)[2] ? Number(integerValue(childAt(macData, 2))) : 1;
      const macKey = pkcs12Kdf(passphrase, salt, 3, iterations, createHash(hash).digest().length, hash);
      const actual = createHmac(hash, macKey).update(authSafe).digest();
      ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    } catch (error) {
      if (error instanceof SigningError) throw error;
      throw malformed('the integrity (MAC) data is malformed');
    }
    if (!ok) throw passphraseInvalid();
  }
  const result: DecodedPkcs12 = { key: undefined as never, certificates: [] };
  try {
    for (const contentInfo of childrenOf(parseDer(authSafe))) {
      const type = oidOf(childAt(contentInfo, 0));
      const inner = childAt(childAt(contentInfo, 1, 0xa0), 0);
      let safeContents: Buffer;
      if (type === OID.data) safeContents = contentOf(inner);
      else if (type === OID.encryptedData) {
        const eci = childAt(inner, 1, 0x30);
        const encrypted = childrenOf(eci)[2];
        if (!encrypted) continue;
        // [0] IMPLICIT OCTET STRING, possibly constructed (BER) from other tools
        const ciphertext =
          encrypted.tag === 0x80 ? contentOf(encrypted) : Buffer.concat(childrenOf(encrypted).map(contentOf));
        safeContents = decryptContent(childAt(eci, 1), ciphertext, passphrase);
      } else continue;
      for (const bag of childrenOf(parseDer(safeContents))) {
        const bagType = oidOf(childAt(bag, 0));
        const value = childAt(childAt(bag, 1, 0xa0), 0);
        if (bagType === P12.shroudedKeyBag || bagType === P12.keyBag) {
          if (!result.key) {
            result.key = { der: encodingOf(value), encrypted: bagType === P12.shroudedKeyBag, localKeyId: bagLocalKeyId(bag) };
          }
        } else if (bagType === P12.certBag) {
          if (oidOf(childAt(value, 0)) !== P12.x509Certificate) continue;
          const der = contentOf(childAt(childAt(value, 1, 0xa0), 0, 0x04));
          result.certificates.push({ der: Buffer.from(der), localKeyId: bagLocalKeyId(bag) });
        }
      }
    }
  } catch (error) {
    if (error instanceof SigningError) throw error;
    if (error instanceof DerError || error instanceof Error) throw malformed('its contents are not well-formed');
    throw error;
  }
  if (!result.key) throw malformed('it holds no private key');
  if (result.certificates.length === 0) throw malformed('it holds no certificate');
  return result;
}

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
