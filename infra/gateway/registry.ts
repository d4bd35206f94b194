// The stand-in provider's own records: its CA ("BSrE Stand-in Root CA"), and
// the NIKs registered with it, each with a PKCS#12 protected by the holder's
// passphrase. The passphrase itself is stored nowhere: a wrong one simply
// fails to open the PKCS#12, as at the real provider's HSM.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPki, issueCertificate, openPki, type IssueRequest, type Pki } from '@naskah/signing';

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
      save();
      return record;
    },
    p12Of(nik) {
      const record = signers[nik];
      return record ? readFileSync(join(dir, record.p12)) : undefined;
    },
  };
  for (const seed of options.seed ?? []) if (!signers[seed.nik]) await registry.register(seed);
  return registry;
}
