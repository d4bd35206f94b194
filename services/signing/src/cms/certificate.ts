import { createHash } from 'node:crypto';
import {
  childAt,
  childrenOf,
  contentOf,
  encodingOf,
  integerHex,
  oidOf,
  parseDer,
  stringOf,
  timeOf,
  type DerNode,
} from '../cms/der.js';

export const NAME_OIDS = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  userId: '0.9.2342.19200300.100.1.1',
} as const;

/** The parts of an X.509 certificate the signing code needs, as raw DER where it is re-used. */
export interface ParsedCertificate {
  readonly der: Buffer;
  readonly tbs: Buffer;
  /** serial INTEGER encoding (tag included) */
  readonly serialDer: Buffer;
  /** lower-case hex, no leading zeros */
  readonly serialHex: string;
  readonly issuerDer: Buffer;
  readonly subjectDer: Buffer;
  readonly issuer: ReadonlyMap<string, string>;
  readonly subject: ReadonlyMap<string, string>;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spkiDer: Buffer;
  /** the subjectPublicKey BIT STRING's key bytes (for key hashes in OCSP and key identifiers) */
  readonly publicKeyBytes: Buffer;
  /** extension OID → { critical, value (extnValue content) } */
  readonly extensions: ReadonlyMap<string, { critical: boolean; value: Buffer }>;
  readonly sha256: Buffer;
}

function nameAttributes(name: DerNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const rdn of childrenOf(name)) {
    for (const atv of childrenOf(rdn)) {
      const [type, value] = childrenOf(atv);
      if (type && value) out.set(oidOf(type), stringOf(value));
    }
  }
  return out;
}

export function parseCertificate(der: Buffer): ParsedCertificate {
  const cert = parseDer(der);
  const tbs = childAt(cert, 0, 0x30);
  const parts = childrenOf(tbs);
  const base = parts[0]?.tag === 0xa0 ? 1 : 0;
  const at = (i: number): DerNode => {
    const node = parts[base + i];
    if (!node) throw new Error('certificate is missing a field');
    return node;
  };
  const serial = at(0);
  const issuer = at(2);
  const validity = at(3);
  const subject = at(4);
  const spki = at(5);
  const extensions = new Map<string, { critical: boolean; value: Buffer }>();
  const extsWrapper = parts.slice(base + 6).find((p) => p.tag === 0xa3);
  if (extsWrapper) {
    for (const ext of childrenOf(childAt(extsWrapper, 0, 0x30))) {
      const fields = childrenOf(ext);
      const critical = fields.length === 3 && contentOf(fields[1]!)[0] === 0xff;
      extensions.set(oidOf(fields[0]!), { critical, value: contentOf(fields[fields.length - 1]!) });
    }
  }
  const keyBits = contentOf(childAt(spki, 1, 0x03));
  return {
    der,
    tbs: encodingOf(tbs),
    serialDer: encodingOf(serial),
    serialHex: integerHex(serial),
    issuerDer: encodingOf(issuer),
    subjectDer: encodingOf(subject),
    issuer: nameAttributes(issuer),
    subject: nameAttributes(subject),
    notBefore: timeOf(childAt(validity, 0)),
    notAfter: timeOf(childAt(validity, 1)),
    spkiDer: encodingOf(spki),
    publicKeyBytes: keyBits.subarray(1),
    extensions,
    sha256: createHash('sha256').update(der).digest(),
  };
}

export function pemToDer(pem: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) out.push(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'));
  return out;
}

export function derToPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
