// One trust configuration for every place that verifies (the public page, the
// archive report, the auditor package, the CLI): which roots are trusted, what
// kind of TTE each one certifies, and where revocation answers come from. The
// verdict and the label of a signature then depend on the file only.
//
// PP 71/2019 distinguishes a certified TTE (a certificate from a recognised
// Indonesian provider, PSrE, under Root CA Indonesia, such as BSrE) from a
// non-certified one (here: the Pemkab's own internal CA). Both can be valid;
// the page must say which one a signature is. A signer chaining to neither is
// "untrusted": INDETERMINATE (CERT_NOT_TRUSTED), never INVALID.
import { loadCertificates } from './certificates.js';
import type { OcspClient, RevocationSource } from './revocation.js';
import { verifyPdf, type SignatureReport, type VerificationReport, type VerifyOptions } from './verify-pdf.js';

/** internal: the installation's own CA (non-certified TTE); certified: Root CA Indonesia / a PSrE such as BSrE. */
export type TrustKind = 'internal' | 'certified';

export interface TrustAnchor {
  readonly kind: TrustKind;
  /** The root's subject CN (or the whole subject when it has none). */
  readonly name: string;
  readonly der: Buffer;
  readonly pem: string;
  /** SHA-256 of the DER, lower-case hex: how a report's chain names its anchor. */
  readonly sha256: string;
}

export interface TrustConfiguration {
  readonly anchors: readonly TrustAnchor[];
  /** What verifyPdf is given: every anchor, and the revocation policy. */
  readonly verifyOptions: VerifyOptions;
}

export interface TrustConfigurationInput {
  /** Roots of the installation's own CA (PEM or DER; a PEM may hold several). */
  readonly internalRoots?: readonly Buffer[];
  /** Roots of recognised providers: Root CA Indonesia, BSrE's, a PSrE's. */
  readonly certifiedRoots?: readonly Buffer[];
  /**
   * Ask for revocation status when the file carries none: our own responder in
   * process (`inProcessRevocationSource(pki)`), or by default HTTP to the
   * certificate's OCSP address.
   */
  readonly online?: boolean;
  readonly revocationSource?: RevocationSource | OcspClient;
  readonly checkRevocation?: boolean;
}

export type SignatureTrustKind = TrustKind | 'untrusted';

/** What a report and a page say about a signature's anchor, in both languages. */
export interface SignatureTrust {
  readonly kind: SignatureTrustKind;
  /** Name of the anchor the chain ends at; null when untrusted. */
  readonly anchor: string | null;
  readonly id: string;
  readonly en: string;
}

export type LabelledSignatureReport = SignatureReport & { readonly trust: SignatureTrust };
export type LabelledReport = Omit<VerificationReport, 'signatures'> & { readonly signatures: LabelledSignatureReport[] };

export function trustConfiguration(input: TrustConfigurationInput): TrustConfiguration {
  const anchors = new Map<string, TrustAnchor>();
  const add = (kind: TrustKind, inputs: readonly Buffer[] | undefined): void => {
    for (const cert of loadCertificates(inputs ?? [])) {
      const sha256 = cert.sha256.toString('hex');
      // A root listed as certified and as internal is certified: the stronger claim is the provider's.
      if (anchors.get(sha256)?.kind === 'certified') continue;
      anchors.set(sha256, {
        kind, sha256, der: cert.der, name: cert.subject.name ?? cert.subjectText,
        pem: `-----BEGIN CERTIFICATE-----\n${cert.der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`,
      });
    }
  };
  add('internal', input.internalRoots);
  add('certified', input.certifiedRoots);
  const list = [...anchors.values()];
  return {
    anchors: list,
    verifyOptions: {
      trustAnchors: list.map((a) => a.der),
      allowOnlineRevisionCheck: input.online ?? false,
      ...(input.revocationSource ? { revocationSource: input.revocationSource } : {}),
      ...(input.checkRevocation === false ? { checkRevocation: false } : {}),
    },
  };
}

const LABELS: Record<SignatureTrustKind, (anchor: string) => { id: string; en: string }> = {
  certified: (a) => ({
    id: `TTE tersertifikasi: sertifikat penanda tangan diterbitkan di bawah ${a} (PSrE yang diakui, PP 71/2019).`,
    en: `Certified electronic signature: the signer's certificate chains to ${a} (a recognised Indonesian certificate provider, PP 71/2019).`,
  }),
  internal: (a) => ({
    id: `TTE tidak tersertifikasi: sertifikat penanda tangan diterbitkan oleh CA internal ${a}, bukan oleh PSrE yang diakui (PP 71/2019).`,
    en: `Non-certified electronic signature: the signer's certificate was issued by the internal CA ${a}, not by a recognised Indonesian certificate provider (PP 71/2019).`,
  }),
  untrusted: () => ({
    id: 'Penerbit sertifikat tidak dikenal: sertifikat penanda tangan tidak berantai ke otoritas yang dipercaya.',
    en: 'Unknown issuer: the signer\'s certificate does not chain to a trusted authority.',
  }),
};

/** The anchor a signature's chain ends at, by the configuration's own list. */
function signatureTrust(signature: SignatureReport, trust: TrustConfiguration): SignatureTrust {
  const top = signature.trusted ? signature.chain[signature.chain.length - 1] : undefined;
  const anchor = top ? trust.anchors.find((a) => a.sha256 === top.sha256) : undefined;
  if (!anchor) return { kind: 'untrusted', anchor: null, ...LABELS.untrusted('') };
  return { kind: anchor.kind, anchor: anchor.name, ...LABELS[anchor.kind](anchor.name) };
}

function labelReport(report: VerificationReport, trust: TrustConfiguration): LabelledReport {
  return { ...report, signatures: report.signatures.map((s) => ({ ...s, trust: signatureTrust(s, trust) })) };
}

/** The one verification call: verifyPdf with the configuration's anchors and revocation policy, each signature labelled. */
export async function verifyWithTrust(input: Buffer | Uint8Array | string, trust: TrustConfiguration, options: { now?: Date } = {}): Promise<LabelledReport> {
  const report = await verifyPdf(input, { ...trust.verifyOptions, ...(options.now ? { now: options.now } : {}) });
  return labelReport(report, trust);
}

/** File names for shipping the anchors (auditor package `trust/`): kind, then a short fingerprint. */
export function anchorFileName(anchor: TrustAnchor): string {
  return `${anchor.kind === 'certified' ? 'tersertifikasi' : 'internal'}-${anchor.sha256.slice(0, 16)}.pem`;
}
