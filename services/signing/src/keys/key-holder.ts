/** Who a signing certificate belongs to, read once from the certificate. */
export interface SignerIdentity {
  /** CN */
  readonly name: string;
  /** subject serialNumber (16-digit NIK) */
  readonly nik?: string;
  /** 18-digit NIP, carried in the subject UID attribute */
  readonly nip?: string;
  /** subject title (jabatan) */
  readonly title?: string;
  /** subject O (agency) */
  readonly org?: string;
  /** certificate serial number, lower-case hex without leading zeros */
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** issuer CN */
  readonly issuer: string;
}

/**
 * Something that can produce signatures for one certificate. The local PKCS#12
 * holder keeps a node:crypto KeyObject; a remote certificate-provider holder
 * (later) sends the signed-attributes hash to the provider's gateway.
 */
export interface KeyHolder {
  /** signer certificate, DER */
  readonly certificate: Buffer;
  /** issuing CA(s) up to and including the root, DER, nearest first */
  readonly chain: readonly Buffer[];
  readonly keyAlgorithm: 'rsa' | 'ecdsa';
  readonly subject: SignerIdentity;
  /**
   * Signs `data` (the DER of the signed attributes) with SHA-256:
   * RSA PKCS#1 v1.5, or ECDSA with a DER-encoded (r, s) signature.
   */
  sign(data: Buffer): Promise<Buffer>;
}
