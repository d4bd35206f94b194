// The fair @signpdf peer in `bench:sign` (issue 20 item 7): @signpdf's own
// signing path -- the node-forge PKCS#7 its P12Signer builds, with the same
// signed attributes -- but with the PKCS#12 opened once, as its Signer API
// allows (P12Signer re-parses the P12 on every call). What remains is
// @signpdf's real per-signature cost: node-forge's hashing and RSA.
import { createRequire } from 'node:module';

// node-forge ships no types: the few calls used here, as @signpdf's P12Signer makes them.
interface ForgeBuffer { getBytes(): string }
interface ForgeKey { n: { compareTo(o: unknown): number } }
interface ForgeCert { publicKey: ForgeKey }
interface ForgeBag { key?: ForgeKey; cert?: ForgeCert }
interface Forge {
  util: { createBuffer(bytes: string): ForgeBuffer };
  asn1: { fromDer(b: ForgeBuffer): unknown; toDer(a: unknown): ForgeBuffer };
  pkcs12: { pkcs12FromAsn1(a: unknown, strict: boolean, pass: string): { getBags(q: { bagType: string }): Record<string, ForgeBag[] | undefined> } };
  pki: { oids: Record<'pkcs8ShroudedKeyBag' | 'certBag' | 'sha256' | 'contentType' | 'data' | 'signingTime' | 'messageDigest', string> };
  pkcs7: {
    createSignedData(): {
      content: ForgeBuffer;
      addCertificate(c: ForgeCert): void;
      addSigner(s: { key: ForgeKey; certificate: ForgeCert; digestAlgorithm: string; authenticatedAttributes: Array<{ type: string; value?: string | Date }> }): void;
      sign(o: { detached: boolean }): void;
      toAsn1(): unknown;
    };
  };
}
const forge = createRequire(import.meta.url)('node-forge') as Forge;

type SignerBase = abstract new () => { sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> };
// @signpdf/signpdf re-exports its Signer base class (sign() refuses any other object); its default export is an instance.
const { Signer } = createRequire(import.meta.url)('@signpdf/signpdf') as { Signer: SignerBase };

export class KeyOnceP12Signer extends Signer {
  private readonly key: ForgeKey;
  private readonly certs: ForgeCert[];
  private readonly cert: ForgeCert;

  constructor(p12: Buffer, passphrase: string) {
    super();
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
    const keyBag = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
    const certBags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    if (!keyBag?.key) throw new Error('no key in the PKCS#12');
    this.key = keyBag.key;
    this.certs = certBags.flatMap((b) => (b.cert ? [b.cert] : []));
    const mine = this.certs.find((c) => c.publicKey.n.compareTo(this.key.n) === 0);
    if (!mine) throw new Error('no certificate matches the key');
    this.cert = mine;
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const c of this.certs) p7.addCertificate(c);
    p7.addSigner({
      key: this.key,
      certificate: this.cert,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: signingTime ?? new Date() },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
