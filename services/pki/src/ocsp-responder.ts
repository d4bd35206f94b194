/** An RFC 6960 OCSP responder over the PKI's database. */
import { createHash } from 'node:crypto';
import {
  childAt,
  childrenOf,
  contentOf,
  contextConstructed,
  type DerNode,
  encodingOf,
  enumerated,
  generalizedTime,
  HASH_BY_OID,
  integerHex,
  octetString,
  oid,
  OID,
  oidOf,
  parseDer,
  sequence,
  tlv,
} from '@naskah/signing/cms';
import type { Pki } from './authority.js';
import { REVOCATION_REASON_CODES, type Authority } from './records.js';
import { signStructure } from './certificate-builder.js';
import { REVOCATION_VALIDITY_MS } from './crl.js';

/** OCSPResponseStatus values (RFC 6960 §4.2.1) */
const STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;

const bareStatus = (status: number): Buffer => sequence(enumerated(status));

export class OcspResponder {
  private readonly clock: () => Date;

  constructor(private readonly pki: Pki, options: { clock?: () => Date } = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  private caFor(certId: DerNode): { ca: 'root' | 'issuing'; authority: Authority } | undefined {
    const [alg, nameHash, keyHash] = childrenOf(certId);
    const hash = HASH_BY_OID[oidOf(childAt(alg!, 0))];
    if (!hash) return undefined;
    for (const ca of ['issuing', 'root'] as const) {
      const authority = ca === 'root' ? this.pki.root : this.pki.issuing;
      const c = authority.certificate;
      if (
        createHash(hash).update(c.subjectDer).digest().equals(contentOf(nameHash!)) &&
        createHash(hash).update(c.publicKeyBytes).digest().equals(contentOf(keyHash!))
      ) {
        return { ca, authority };
      }
    }
    return undefined;
  }

  /** Answers one OCSPRequest DER; never throws: anything unreadable is "malformedRequest". */
  respond(request: Buffer): Buffer {
    try {
      return this.answer(request);
    } catch {
      return bareStatus(STATUS.malformedRequest);
    }
  }

  private answer(request: Buffer): Buffer {
    let requests: DerNode[];
    let nonceExtension: Buffer | undefined;
    try {
      const tbs = childAt(parseDer(request), 0, 0x30);
      const fields = childrenOf(tbs);
      const list = fields.find((f) => f.tag === 0x30);
      if (!list) return bareStatus(STATUS.malformedRequest);
      requests = childrenOf(list).map((r) => childAt(r, 0, 0x30));
      const exts = fields.find((f) => f.tag === 0xa2);
      if (exts) {
        for (const e of childrenOf(childAt(exts, 0))) if (oidOf(childAt(e, 0)) === OID.ocspNonce) nonceExtension = encodingOf(e);
      }
    } catch {
      return bareStatus(STATUS.malformedRequest);
    }
    if (requests.length === 0) return bareStatus(STATUS.malformedRequest);
    const now = this.clock();
    let signer: Authority | undefined;
    const singles: Buffer[] = [];
    for (const certId of requests) {
      const found = this.caFor(certId);
      // All certificates in one response must come from one CA, as one key signs it.
      if (!found) return bareStatus(STATUS.unauthorized);
      const responder = found.ca === 'root' ? this.pki.root : this.pki.ocspResponder;
      if (signer && signer !== responder) return bareStatus(STATUS.malformedRequest);
      signer = responder;
      const serial = integerHex(childAt(certId, 3, 0x02));
      const record = this.pki.findRecord(found.ca, serial);
      let status: Buffer;
      if (!record) status = Buffer.from([0x82, 0x00]);
      else if (record.revokedAt) {
        const code = REVOCATION_REASON_CODES[record.reason ?? 'unspecified'];
        status = tlv(
          0xa1,
          generalizedTime(new Date(record.revokedAt)),
          ...(code !== 0 ? [contextConstructed(0, enumerated(code))] : []),
        );
      } else status = Buffer.from([0x80, 0x00]);
      singles.push(
        sequence(
          encodingOf(certId),
          status,
          generalizedTime(now),
          contextConstructed(0, generalizedTime(new Date(now.getTime() + REVOCATION_VALIDITY_MS))),
        ),
      );
    }
    const responder = signer!;
    const keyHash = createHash('sha1').update(responder.certificate.publicKeyBytes).digest();
    const responseData = sequence(
      contextConstructed(2, octetString(keyHash)),
      generalizedTime(now),
      sequence(...singles),
      ...(nonceExtension ? [contextConstructed(1, sequence(nonceExtension))] : []),
    );
    const signed = signStructure(responseData, responder.key);
    // BasicOCSPResponse = the signed structure plus [0] certs: the delegated responder's certificate
    const basic =
      responder === this.pki.root
        ? signed
        : sequence(...childrenOf(parseDer(signed)).map(encodingOf), contextConstructed(0, sequence(responder.certificate.der)));
    return sequence(
      enumerated(STATUS.successful),
      contextConstructed(0, sequence(oid(OID.ocspBasic), octetString(basic))),
    );
  }
}
