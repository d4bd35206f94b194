import { SigningError } from '../errors.js';
import { boolean, childAt, childrenOf, contentOf, DerError, encodingOf, integer, integerHex, octetString, oid, oidOf, parseDer, readNode, sequence, timeOf } from './der.js';
import { OID } from './oids.js';

export interface TimestampTokenInfo {
  genTime: Date;
  policy: string;
  serialHex: string;
  hashAlgorithm: string;
  messageImprint: Buffer;
  nonceHex?: string;
  /** certificates carried in the token (DER), the TSA's first when present */
  certificates: Buffer[];
}

/** Reads a TimeStampToken (ContentInfo with SignedData over TSTInfo). Does not check the TSA's signature. */
export function parseTimestampToken(token: Buffer): TimestampTokenInfo {
  try {
    const contentInfo = parseDer(token);
    if (oidOf(childAt(contentInfo, 0)) !== OID.signedData) throw new DerError('not SignedData');
    const signedData = childAt(childAt(contentInfo, 1, 0xa0), 0, 0x30);
    const fields = childrenOf(signedData);
    const encap = fields[2]!;
    if (oidOf(childAt(encap, 0)) !== OID.tstInfo) throw new DerError('not a TSTInfo');
    const octets = childAt(childAt(encap, 1, 0xa0), 0, 0x04);
    const tstBuffer = contentOf(octets);
    const tst = readNode(tstBuffer);
    const t = childrenOf(tst);
    const imprint = t[2]!;
    const certificates = fields.filter((f) => f.tag === 0xa0).flatMap((f) => childrenOf(f).map(encodingOf));
    let nonceHex: string | undefined;
    for (const f of t.slice(5)) if (f.tag === 0x02) nonceHex = integerHex(f);
    return {
      policy: oidOf(t[1]!),
      hashAlgorithm: oidOf(childAt(childAt(imprint, 0), 0)),
      messageImprint: contentOf(childAt(imprint, 1, 0x04)),
      serialHex: integerHex(t[3]!),
      genTime: timeOf(t[4]!),
      nonceHex,
      certificates,
    };
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw new SigningError('TSA_RESPONSE_INVALID', 'The time-stamp token is not a valid RFC 3161 token.');
  }
}

/**
 * Reads a TimeStampResp; returns the token when granted. Rejections and
 * garbage are TSA_RESPONSE_INVALID, and the imprint (and nonce, when sent)
 * must be the ones requested.
 */
export function tokenFromResponse(response: Buffer, imprint: Buffer, nonceHex?: string): Buffer {
  let token: Buffer;
  try {
    const resp = parseDer(response);
    const [status, tokenNode] = childrenOf(resp);
    const code = Number(integerHex(childAt(status!, 0, 0x02)));
    if (code !== 0 && code !== 1) {
      throw new SigningError('TSA_RESPONSE_INVALID', `The time-stamp authority refused the request (status ${code}).`);
    }
    if (!tokenNode) throw new DerError('no token');
    token = encodingOf(tokenNode);
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw new SigningError('TSA_RESPONSE_INVALID', 'The time-stamp authority sent a response that is not a TimeStampResp.');
  }
  const info = parseTimestampToken(token);
  if (!info.messageImprint.equals(imprint)) {
    throw new SigningError('TSA_RESPONSE_INVALID', 'The time-stamp token covers a different hash than the one requested.');
  }
  if (nonceHex !== undefined && info.nonceHex !== nonceHex) {
    throw new SigningError('TSA_RESPONSE_INVALID', 'The time-stamp token does not echo the request nonce.');
  }
  return token;
}

/** A TimeStampReq for a SHA-256 imprint, with a nonce and certReq = TRUE. */
export function timestampRequest(imprintSha256: Buffer, nonce: Buffer): Buffer {
  return sequence(
    integer(1),
    sequence(sequence(oid(OID.sha256)), octetString(imprintSha256)),
    integer(nonce),
    boolean(true),
  );
}
