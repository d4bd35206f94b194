/** An RFC 3161 time-stamp authority answering TimeStampReq DER with TimeStampResp DER. */
import { createHash, randomBytes, sign } from 'node:crypto';
import {
  assembleSignedData,
  attribute,
  bitString,
  childrenOf,
  contentOf,
  type DerNode,
  encodingOf,
  generalizedTime,
  HASH_BY_OID,
  integer,
  octetString,
  oid,
  OID,
  oidOf,
  parseDer,
  sequence,
  setOf,
  sha256,
  signerTemplate,
  type SignerTemplate,
  TSA_POLICY_OID,
  utf8String,
} from '@naskah/signing/cms';
import type { Pki } from './authority.js';
import { signatureKindOf } from './certificate-builder.js';

const PKI_FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

function rejection(failure: keyof typeof PKI_FAILURE, text: string): Buffer {
  const bit = PKI_FAILURE[failure];
  const bytes = Buffer.alloc(Math.floor(bit / 8) + 1);
  bytes[Math.floor(bit / 8)] = 0x80 >> bit % 8;
  const unused = 7 - (bit % 8);
  return sequence(sequence(integer(2), sequence(utf8String(text)), bitString(bytes, unused)));
}

export class TimestampAuthority {
  private readonly withCerts: SignerTemplate;
  private readonly withoutCerts: SignerTemplate;
  private readonly clock: () => Date;

  constructor(private readonly pki: Pki, options: { clock?: () => Date } = {}) {
    const tsa = pki.tsa;
    const kind = signatureKindOf(tsa.key);
    this.withCerts = signerTemplate(tsa.certificate, [pki.issuing.certificate.der, pki.root.certificate.der], kind);
    this.withoutCerts = { ...this.withCerts, certificates: Buffer.alloc(0) };
    this.clock = options.clock ?? (() => new Date());
  }

  /** Answers one request; malformed requests get a "rejection" response, never an exception. */
  respond(request: Buffer): Buffer {
    let imprintNode: DerNode;
    let hashOid: string;
    let nonce: Buffer | undefined;
    let certReq = false;
    try {
      const req = parseDer(request);
      const fields = childrenOf(req);
      imprintNode = fields[1]!;
      const imprintFields = childrenOf(imprintNode);
      hashOid = oidOf(childrenOf(imprintFields[0]!)[0]!);
      const hash = HASH_BY_OID[hashOid];
      if (!hash || hash === 'sha1') return rejection('badAlg', 'unsupported hash algorithm');
      const hashed = contentOf(imprintFields[1]!);
      if (hashed.length !== createHash(hash).digest().length) {
        return rejection('badDataFormat', 'message imprint length does not match the hash algorithm');
      }
      for (const f of fields.slice(2)) {
        if (f.tag === 0x06 && oidOf(f) !== TSA_POLICY_OID) return rejection('unacceptedPolicy', 'unknown policy');
        if (f.tag === 0x02) nonce = encodingOf(f);
        if (f.tag === 0x01) certReq = contentOf(f)[0] !== 0;
      }
    } catch {
      return rejection('badDataFormat', 'not a TimeStampReq');
    }
    const tstInfo = sequence(
      integer(1),
      oid(TSA_POLICY_OID),
      encodingOf(imprintNode),
      integer(randomBytes(16)),
      generalizedTime(this.clock(), true),
      sequence(integer(1)),
      ...(nonce ? [nonce] : []),
    );
    const template = certReq ? this.withCerts : this.withoutCerts;
    const signedAttributes = setOf(
      attribute(OID.contentType, oid(OID.tstInfo)),
      attribute(OID.messageDigest, octetString(sha256(tstInfo))),
      template.signingCertificateV2,
    );
    const signature = sign('sha256', signedAttributes, this.pki.tsa.key);
    const token = assembleSignedData({ template, signedAttributes, signature, eContentType: OID.tstInfo, eContent: tstInfo });
    return sequence(sequence(integer(0)), token);
  }
}
