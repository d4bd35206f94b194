/**
 * The internal PKI: a root CA, an issuing CA that certifies officials, a TSA
 * and an OCSP responder, kept in one directory. CA keys sit there as PKCS#8
 * PEM files (mode 0600): this is a development and test PKI; a production
 * deployment uses a recognised provider's certificates (see domain.md).
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { derToPem, encodePkcs12, OID, parseCertificate, type ParsedCertificate, pemToDer } from '@naskah/signing/cms';
import { SigningError } from '@naskah/signing';
import { buildCertificate, distinguishedName, ext, KEY_USAGE, keyIdentifier } from './certificate-builder.js';
import { buildCrl } from './crl.js';
import { type Authority, type IssuedRecord, type RevocationReason } from './records.js';

export { REVOCATION_REASON_CODES, type Authority, type IssuedRecord, type RevocationReason } from './records.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export const DEFAULT_PKI_BASE_URL = 'http://127.0.0.1:3000/api/pki';
const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** Certificates start a little in the past so a verifier whose clock lags does not see them as not yet valid. */
const BACKDATE = 10 * 60_000;

export type KeyType = 'rsa2048' | 'rsa3072' | 'ecdsa-p256';
interface Database {
  version: 1;
  baseUrl: string;
  crlNumber: number;
  certificates: IssuedRecord[];
}


const FILES = {
  rootCert: 'root-ca.pem',
  rootKey: 'root-ca.key',
  issuingCert: 'issuing-ca.pem',
  issuingKey: 'issuing-ca.key',
  tsaCert: 'tsa.pem',
  tsaKey: 'tsa.key',
  ocspCert: 'ocsp.pem',
  ocspKey: 'ocsp.key',
  db: 'db.json',
  issuingCrl: 'issuing-ca.crl',
  rootCrl: 'root-ca.crl',
} as const;

async function newKey(type: KeyType): Promise<KeyObject> {
  const pair =
    type === 'ecdsa-p256'
      ? await generateKeyPairAsync('ec', { namedCurve: 'prime256v1' })
      : await generateKeyPairAsync('rsa', { modulusLength: type === 'rsa3072' ? 3072 : 2048 });
  return pair.privateKey;
}

function newSerial(): Buffer {
  const serial = randomBytes(16);
  // positive, and no leading zero byte so the hex form is stable
  serial[0] = (serial[0]! & 0x7f) | 0x10;
  return serial;
}

function writePrivate(path: string, content: string | Buffer): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function writeAtomically(path: string, content: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** An http(s) base without trailing slashes; anything else is refused before it reaches a certificate. */
function pkiBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SigningError('USAGE', `The PKI base URL "${value}" is not a URL.`, 'baseUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SigningError('USAGE', 'The PKI base URL must be http(s).', 'baseUrl');
  return value.replace(/\/+$/, '');
}

const normaliseSerial = (serial: string): string => serial.trim().toLowerCase().replace(/^0x/, '').replace(/:/g, '').replace(/^0+/, '') || '0';

export class Pki {
  private db: Database;
  private dbMtime = 0;

  private constructor(
    readonly dir: string,
    readonly root: Authority,
    readonly issuing: Authority,
    readonly tsa: Authority,
    readonly ocspResponder: Authority,
  ) {
    this.db = this.readDb();
  }

  get baseUrl(): string {
    return this.db.baseUrl;
  }

  /** Opens an existing PKI directory written by `initPki`. */
  static open(dir: string): Pki {
    if (!existsSync(join(dir, FILES.db))) {
      throw new SigningError('PKI_NOT_FOUND', `No PKI found in ${dir} (run "naskah pki init --dir ${dir}" first).`, 'dir');
    }
    const load = (certFile: string, keyFile: string): Authority => ({
      certificate: parseCertificate(pemToDer(readFileSync(join(dir, certFile), 'utf8'))[0]!),
      key: createPrivateKey(readFileSync(join(dir, keyFile), 'utf8')),
    });
    return new Pki(
      dir,
      load(FILES.rootCert, FILES.rootKey),
      load(FILES.issuingCert, FILES.issuingKey),
      load(FILES.tsaCert, FILES.tsaKey),
      load(FILES.ocspCert, FILES.ocspKey),
    );
  }

  /** The chain above an official's certificate: issuing CA, then root. */
  get chain(): Buffer[] {
    return [this.issuing.certificate.der, this.root.certificate.der];
  }

  private readDb(): Database {
    const path = join(this.dir, FILES.db);
    this.dbMtime = statSync(path).mtimeMs;
    return JSON.parse(readFileSync(path, 'utf8')) as Database;
  }

  /** The database, re-read when another process (the CLI) changed it. */
  records(): readonly IssuedRecord[] {
    const path = join(this.dir, FILES.db);
    if (statSync(path).mtimeMs !== this.dbMtime) this.db = this.readDb();
    return this.db.certificates;
  }

  findRecord(issuer: 'root' | 'issuing', serialHex: string): IssuedRecord | undefined {
    const serial = normaliseSerial(serialHex);
    return this.records().find((r) => r.issuer === issuer && r.serialHex === serial);
  }

  private saveDb(): void {
    const path = join(this.dir, FILES.db);
    writeAtomically(path, JSON.stringify(this.db, null, 2) + '\n');
    this.dbMtime = statSync(path).mtimeMs;
  }

  /** A fresh CRL for the issuing CA (officials, TSA, OCSP) or the root (the issuing CA). */
  crl(of: 'issuing' | 'root' = 'issuing', now = new Date()): Buffer {
    const authority = of === 'root' ? this.root : this.issuing;
    const revoked = this.records().filter((r) => r.issuer === of && r.revokedAt);
    return buildCrl(authority, revoked, this.db.crlNumber, now);
  }

  private writeCrls(): void {
    writeAtomically(join(this.dir, FILES.issuingCrl), this.crl('issuing'));
    writeAtomically(join(this.dir, FILES.rootCrl), this.crl('root'));
  }

  /**
   * Read-modify-write of the database under a lock file, so the API and a CLI
   * issuing or revoking at the same moment do not lose each other's records.
   */
  private update<T>(change: (db: Database) => T): T {
    const lock = join(this.dir, `${FILES.db}.lock`);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let attempt = 0; ; attempt++) {
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // a holder that died mid-update leaves its lock behind; updates take milliseconds
        const held = statSync(lock, { throwIfNoEntry: false });
        if (held && Date.now() - held.mtimeMs > 10_000) rmSync(lock, { force: true });
        else if (attempt > 500) throw new Error('the PKI database is locked by another process');
        else Atomics.wait(pause, 0, 0, 10);
      }
    }
    try {
      this.db = this.readDb();
      return change(this.db);
    } finally {
      rmSync(lock, { force: true });
    }
  }

  /** Records and writes a newly issued certificate. */
  record(entry: IssuedRecord): void {
    this.update((db) => {
      db.certificates.push(entry);
      this.saveDb();
    });
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    validateIssueRequest(request);
    const key = await newKey(request.keyType ?? 'rsa2048');
    const now = Date.now();
    const notBefore = request.notBefore ?? new Date(now - BACKDATE);
    const notAfter = request.notAfter ?? new Date(now + 2 * YEAR);
    if (notAfter <= notBefore) throw new SigningError('USAGE', 'notAfter must be later than notBefore.', 'notAfter');
    const serial = newSerial();
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' }) as Buffer;
    // The caller's current public address (PUBLIC_BASE_URL) wins over the one the PKI was created with:
    // a certificate must name the services where outside verifiers reach them today.
    const base = pkiBaseUrl(request.baseUrl ?? this.baseUrl);
    const der = buildCertificate({
      serial,
      subject: distinguishedName({
        country: 'ID',
        organization: request.org,
        title: request.title,
        commonName: request.name,
        serialNumber: request.nik,
        userId: request.nip,
      }),
      issuer: this.issuing.certificate.subjectDer,
      issuerKey: this.issuing.key,
      publicKeySpki: spki,
      notBefore,
      notAfter,
      extensions: [
        ext.keyUsage(KEY_USAGE.signing),
        ext.signerExtKeyUsage(),
        ext.subjectKeyIdentifier(keyIdentifier(spki)),
        ext.authorityKeyIdentifier(keyIdentifier(this.issuing.certificate.spkiDer)),
        ext.authorityInfoAccess(`${base}/ocsp`, `${base}/ca.crt`),
        ext.crlDistributionPoint(`${base}/crl`),
      ],
    });
    const certificate = parseCertificate(der);
    const p12 = encodePkcs12(
      {
        privateKeyPkcs8: key.export({ type: 'pkcs8', format: 'der' }) as Buffer,
        certificate: der,
        chain: this.chain,
        friendlyName: request.name,
      },
      request.passphrase,
    );
    this.record({
      serialHex: certificate.serialHex,
      issuer: 'issuing',
      kind: 'official',
      subject: request.name,
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      baseUrl: base,
    });
    return { p12, certificate: der, serialHex: certificate.serialHex, baseUrl: base };
  }

  revoke(serialHex: string, reason: RevocationReason = 'unspecified', at = new Date()): IssuedRecord {
    const serial = normaliseSerial(serialHex);
    return this.update((db) => {
      const entry = db.certificates.find((r) => r.serialHex === serial);
      if (!entry) throw new SigningError('CERT_UNKNOWN', `No certificate with serial ${serial} was issued by this PKI.`, 'serial');
      if (!entry.revokedAt) {
        entry.revokedAt = at.toISOString();
        entry.reason = reason;
        db.crlNumber += 1;
        this.saveDb();
        this.writeCrls();
      }
      return entry;
    });
  }

  /** Written by init: creates every file of a new PKI. */
  static async create(dir: string, options: InitPkiOptions = {}): Promise<Pki> {
    if (existsSync(join(dir, FILES.db))) {
      throw new SigningError('USAGE', `${dir} already holds a PKI; use a new directory.`, 'dir');
    }
    mkdirSync(dir, { recursive: true });
    const baseUrl = pkiBaseUrl(options.baseUrl ?? DEFAULT_PKI_BASE_URL);
    const org = options.organization ?? 'Naskah';
    const [rootKey, issuingKey, tsaKey, ocspKey] = await Promise.all([
      newKey('rsa3072'),
      newKey('rsa2048'),
      newKey('rsa2048'),
      newKey('rsa2048'),
    ]);
    const now = Date.now();
    const notBefore = new Date(now - BACKDATE);
    const records: IssuedRecord[] = [];
    const spkiOf = (k: KeyObject): Buffer => createPublicKey(k).export({ type: 'spki', format: 'der' }) as Buffer;

    // Every PKI gets its own CA names. Relying parties find issuers and CRLs by name: two
    // installations both calling their issuing CA "Naskah Issuing CA" (different keys) in one
    // trust store make NSS check one's CRL with the other's key, and CERT_PKIXVerifyCert then
    // leaves SEC_ERROR_CRL_INVALID behind, which pdfsig prints as an unknown certificate issue.
    const instance = randomBytes(8).toString('hex').toUpperCase();
    const rootName = distinguishedName({ country: 'ID', organization: org, commonName: `${org} Root CA`, serialNumber: instance });
    const rootSpki = spkiOf(rootKey);
    const rootDer = buildCertificate({
      serial: newSerial(),
      subject: rootName,
      issuer: rootName,
      issuerKey: rootKey,
      publicKeySpki: rootSpki,
      notBefore,
      notAfter: new Date(now + 20 * YEAR),
      extensions: [
        ext.basicConstraintsCa(),
        ext.keyUsage(KEY_USAGE.ca),
        ext.subjectKeyIdentifier(keyIdentifier(rootSpki)),
      ],
    });
    const root = parseCertificate(rootDer);

    const issuingName = distinguishedName({ country: 'ID', organization: org, commonName: `${org} Issuing CA`, serialNumber: instance });
    const issuingSpki = spkiOf(issuingKey);
    const issuingSerial = newSerial();
    const issuingDer = buildCertificate({
      serial: issuingSerial,
      subject: issuingName,
      issuer: rootName,
      issuerKey: rootKey,
      publicKeySpki: issuingSpki,
      notBefore,
      notAfter: new Date(now + 10 * YEAR),
      extensions: [
        ext.basicConstraintsCa(0),
        ext.keyUsage(KEY_USAGE.ca),
        ext.subjectKeyIdentifier(keyIdentifier(issuingSpki)),
        ext.authorityKeyIdentifier(keyIdentifier(rootSpki)),
        ext.authorityInfoAccess(`${baseUrl}/ocsp`, `${baseUrl}/root-ca.crt`),
        ext.crlDistributionPoint(`${baseUrl}/crl/root`),
      ],
    });
    const issuing = parseCertificate(issuingDer);
    records.push({ serialHex: issuing.serialHex, issuer: 'root', kind: 'ca', subject: `${org} Issuing CA`, notBefore: notBefore.toISOString(), notAfter: issuing.notAfter.toISOString() });

    const leaf = (name: string, key: KeyObject, purpose: string, extra: Buffer[], notAfter = new Date(now + 10 * YEAR)): ParsedCertificate => {
      const spki = spkiOf(key);
      const der = buildCertificate({
        serial: newSerial(),
        subject: distinguishedName({ country: 'ID', organization: org, commonName: name }),
        issuer: issuingName,
        issuerKey: issuingKey,
        publicKeySpki: spki,
        notBefore,
        notAfter,
        extensions: [
          ext.keyUsage(KEY_USAGE.digitalSignature),
          ext.extKeyUsage(purpose),
          ext.subjectKeyIdentifier(keyIdentifier(spki)),
          ext.authorityKeyIdentifier(keyIdentifier(issuingSpki)),
          ...extra,
        ],
      });
      return parseCertificate(der);
    };
    const tsa = leaf(`${org} Time-Stamp Authority`, tsaKey, OID.ekuTimeStamping, [
      ext.authorityInfoAccess(`${baseUrl}/ocsp`, `${baseUrl}/ca.crt`),
      ext.crlDistributionPoint(`${baseUrl}/crl`),
    ], options.tsaNotAfter);
    const ocsp = leaf(`${org} OCSP Responder`, ocspKey, OID.ekuOcspSigning, [ext.ocspNoCheck()]);
    records.push(
      { serialHex: tsa.serialHex, issuer: 'issuing', kind: 'tsa', subject: `${org} Time-Stamp Authority`, notBefore: notBefore.toISOString(), notAfter: tsa.notAfter.toISOString() },
      { serialHex: ocsp.serialHex, issuer: 'issuing', kind: 'ocsp', subject: `${org} OCSP Responder`, notBefore: notBefore.toISOString(), notAfter: ocsp.notAfter.toISOString() },
    );

    const pem = (c: ParsedCertificate): string => derToPem(c.der);
    const keyPem = (k: KeyObject): string => k.export({ type: 'pkcs8', format: 'pem' }) as string;
    writeFileSync(join(dir, FILES.rootCert), pem(root));
    writePrivate(join(dir, FILES.rootKey), keyPem(rootKey));
    writeFileSync(join(dir, FILES.issuingCert), pem(issuing));
    writePrivate(join(dir, FILES.issuingKey), keyPem(issuingKey));
    writeFileSync(join(dir, FILES.tsaCert), pem(tsa));
    writePrivate(join(dir, FILES.tsaKey), keyPem(tsaKey));
    writeFileSync(join(dir, FILES.ocspCert), pem(ocsp));
    writePrivate(join(dir, FILES.ocspKey), keyPem(ocspKey));
    writeFileSync(join(dir, 'chain.pem'), pem(issuing) + pem(root));
    const db: Database = { version: 1, baseUrl, crlNumber: 1, certificates: records };
    writeAtomically(join(dir, FILES.db), JSON.stringify(db, null, 2) + '\n');
    const pki = Pki.open(dir);
    pki.writeCrls();
    return pki;
  }
}

export interface InitPkiOptions {
  /** Base URL the OCSP, CRL and CA-issuer locations in certificates point at. */
  baseUrl?: string;
  /** O of the CA names (default "Naskah") */
  organization?: string;
  /** When the TSA's certificate expires (default in 10 years): tests of time-stamp renewal want a short-lived one. */
  tsaNotAfter?: Date;
}

export interface IssueRequest {
  name: string;
  /** 16-digit NIK, in subject serialNumber */
  nik: string;
  /** 18-digit NIP, in subject UID */
  nip?: string;
  /** jabatan */
  title?: string;
  /** agency */
  org?: string;
  keyType?: KeyType;
  passphrase: string;
  notBefore?: Date;
  notAfter?: Date;
  /**
   * Base of the PKI services the certificate's AIA (OCSP, CA issuers) and CRL
   * distribution point name, e.g. `https://naskah.example.go.id/api/pki`;
   * default the base the PKI was created with.
   */
  baseUrl?: string;
}

export interface IssuedCertificate {
  p12: Buffer;
  certificate: Buffer;
  serialHex: string;
  /** The PKI base URL the certificate names (recorded with it). */
  baseUrl: string;
}

function validateIssueRequest(r: IssueRequest): void {
  if (!r.name?.trim()) throw new SigningError('USAGE', 'The name is required.', 'name');
  if (!/^\d{16}$/.test(r.nik ?? '')) throw new SigningError('USAGE', 'The NIK must be exactly 16 digits.', 'nik');
  if (r.nip !== undefined && !/^\d{18}$/.test(r.nip)) throw new SigningError('USAGE', 'The NIP must be exactly 18 digits.', 'nip');
  if (r.keyType !== undefined && !['rsa2048', 'rsa3072', 'ecdsa-p256'].includes(r.keyType)) {
    throw new SigningError('USAGE', 'The key type must be rsa2048, rsa3072 or ecdsa-p256.', 'key');
  }
  if (!r.passphrase || r.passphrase.length < 8) {
    throw new SigningError('USAGE', 'The passphrase must be at least 8 characters.', 'passphrase');
  }
}

export const initPki = (dir: string, options?: InitPkiOptions): Promise<Pki> => Pki.create(dir, options);
export const openPki = (dir: string): Pki => Pki.open(dir);

export function issueCertificate(pki: Pki | string, request: IssueRequest): Promise<IssuedCertificate> {
  return (typeof pki === 'string' ? Pki.open(pki) : pki).issue(request);
}

export function revokeCertificate(pki: Pki | string, serialHex: string, reason?: RevocationReason): IssuedRecord {
  return (typeof pki === 'string' ? Pki.open(pki) : pki).revoke(serialHex, reason);
}
