// The stand-in provider's own records: its CA ("BSrE Stand-in Root CA"), and
// the NIKs registered with it, each with a PKCS#12 protected by the holder's
// passphrase. A wrong passphrase simply fails to open the PKCS#12, as at the
// real provider's HSM. For contract v2's TOTP (the signer proves who they are
// with a one-time code, not the passphrase) the provider must reach the key
// without the passphrase: the stand-in keeps it sealed under its own key
// (hsm.key, 0600), standing in for the HSM's key activation. This is the
// provider's side only; Naskah never stores a passphrase.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPki, issueCertificate, openPki, type IssueRequest, type Pki } from '@naskah/pki';

export const STAND_IN_ORGANIZATION = 'BSrE Stand-in';

export interface RegisteredSigner {
  name: string;
  /** PKCS#12 file name inside the registry folder. */
  p12: string;
  serialHex: string;
}

export interface GatewayRegistry {
  dir: string;
  pki: Pki;
  rootPemPath: string;
  signers: Record<string, RegisteredSigner>;
  register(request: Omit<IssueRequest, 'keyType'> & { keyType?: IssueRequest['keyType'] }): Promise<RegisteredSigner>;
  p12Of(nik: string): Buffer | undefined;
  /** The key activation for a TOTP signature (undefined for a signer registered before TOTP existed). */
  activationOf(nik: string): string | undefined;
}

/** The demo's registered officials; the passphrase is what the demo types in the sign dialog. */
export const DEMO_SIGNERS: ReadonlyArray<Omit<IssueRequest, 'keyType'>> = [
  {
    name: 'Drs. H. Abdul Gafur Hasan, M.Si.',
    nik: '6310050112700010',
    nip: '197012011998031010',
    title: 'Kepala Badan Perencanaan Pembangunan Daerah',
    org: 'Pemerintah Kabupaten Tanah Bumbu',
    passphrase: 'naskah-demo-ttd',
  },
];

function recordsPath(dir: string): string {
  return join(dir, 'registry.json');
}

/** Opens the registry in `dir`, creating its CA (and the given seed signers) on first use. */
export async function openGatewayRegistry(dir: string, options: { baseUrl?: string; seed?: ReadonlyArray<Omit<IssueRequest, 'keyType'>> } = {}): Promise<GatewayRegistry> {
  mkdirSync(dir, { recursive: true });
  const pkiDir = join(dir, 'pki');
  const pki = existsSync(join(pkiDir, 'db.json'))
    ? openPki(pkiDir)
    : await initPki(pkiDir, { organization: STAND_IN_ORGANIZATION, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  const signers: Record<string, RegisteredSigner> = existsSync(recordsPath(dir)) ? JSON.parse(readFileSync(recordsPath(dir), 'utf8')) : {};
  const keyFile = join(dir, 'hsm.key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
  const hsmKey = readFileSync(keyFile);
  const hsmFile = join(dir, 'hsm.json');
  const sealed: Record<string, string> = existsSync(hsmFile) ? JSON.parse(readFileSync(hsmFile, 'utf8')) : {};
  const seal = (text: string): string => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', hsmKey, iv);
    const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), data]).toString('base64');
  };
  const unseal = (b64: string): string => {
    const raw = Buffer.from(b64, 'base64');
    const d = createDecipheriv('aes-256-gcm', hsmKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  };
  const save = (): void => {
    const tmp = `${recordsPath(dir)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(signers, null, 2));
    renameSync(tmp, recordsPath(dir));
  };
  const registry: GatewayRegistry = {
    dir,
    pki,
    rootPemPath: join(pkiDir, 'root-ca.pem'),
    signers,
    async register(request) {
      const issued = await issueCertificate(pki, { keyType: 'rsa2048', ...request });
      const file = `${request.nik}-${issued.serialHex}.p12`;
      writeFileSync(join(dir, file), issued.p12, { mode: 0o600 });
      const record = { name: request.name, p12: file, serialHex: issued.serialHex };
      signers[request.nik] = record;
      sealed[request.nik] = seal(request.passphrase);
      writeFileSync(hsmFile, JSON.stringify(sealed), { mode: 0o600 });
      save();
      return record;
    },
    p12Of(nik) {
      const record = signers[nik];
      return record ? readFileSync(join(dir, record.p12)) : undefined;
    },
    activationOf(nik) {
      const s = sealed[nik];
      return s ? unseal(s) : undefined;
    },
  };
  for (const seed of options.seed ?? []) if (!signers[seed.nik]) await registry.register(seed);
  return registry;
}
