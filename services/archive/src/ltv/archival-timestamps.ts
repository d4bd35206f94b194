// Archival time-stamps (PAdES B-LTA) for what the archive keeps: what a file
// needs (an upgrade, a renewal or nothing) and the archive step's upgrade of a
// provider's B-T signature on its way in. The renewal walk is renewal.ts.
import { createHash } from 'node:crypto';
import { archivalState, renewDocumentTimestamp, upgradeToLta, type ArchivalState, type UpgradeToLtaOptions } from '@naskah/signing';

const DAY = 86_400_000;

export interface ArchiveLtv {
  /**
   * The configured TSA, the OCSP/CRL sources and the certificates that complete
   * chains; asked for at each use, so a TSA replaced in the configuration is
   * the one the next renewal uses.
   */
  services(): UpgradeToLtaOptions;
  /** Renew when the newest document time-stamp's TSA certificate expires within this many days (default 180). */
  windowDays?: number;
}

/** Hash algorithms a time-stamp may no longer rest on: renewed at once, whatever its certificate's expiry. */
const deprecatedHashes = new Set(['md5', 'sha1']);

export type LtvAction = 'upgrade' | 'tsa_expiring' | 'hash_deprecated';

/** What a file needs: an upgrade to B-LTA (signed, no document time-stamp after the signature), a renewal, or nothing. */
export function ltvActionFor(state: ArchivalState, now: Date, windowDays: number): LtvAction | undefined {
  if (!state.signed) return undefined;
  const ts = state.documentTimestamp;
  if (!ts) return 'upgrade';
  if (deprecatedHashes.has(ts.hashAlgorithm)) return 'hash_deprecated';
  return ts.tsaNotAfter.getTime() - now.getTime() <= windowDays * DAY ? 'tsa_expiring' : undefined;
}

export async function applyLtv(ltv: ArchiveLtv, pdf: Buffer, action: LtvAction): Promise<Buffer> {
  return action === 'upgrade' ? upgradeToLta(pdf, ltv.services()) : renewDocumentTimestamp(pdf, ltv.services());
}

export interface LtvOutcome {
  pdf: Buffer;
  sha256: string;
  /** What was added, or why nothing was: the archive's audit event records it. */
  ltv: { level: 'B-LTA' } | { upgradeFailed: string } | { notSigned: true };
}

/**
 * The archive step's upgrade: a signed file without a document time-stamp is
 * archived as B-LTA. When the upgrade fails (a TSA or OCSP responder down),
 * the file is archived as signed, and the renewal schedule upgrades it later.
 */
export async function upgradeForArchive(ltv: ArchiveLtv, pdf: Buffer): Promise<LtvOutcome> {
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  let state: ArchivalState;
  try {
    state = archivalState(pdf);
  } catch (error) {
    return { pdf, sha256: sha(pdf), ltv: { upgradeFailed: messageOf(error) } };
  }
  if (!state.signed) return { pdf, sha256: sha(pdf), ltv: { notSigned: true } };
  if (state.documentTimestamp) return { pdf, sha256: sha(pdf), ltv: { level: 'B-LTA' } };
  try {
    const upgraded = await applyLtv(ltv, pdf, 'upgrade');
    return { pdf: upgraded, sha256: sha(upgraded), ltv: { level: 'B-LTA' } };
  } catch (error) {
    return { pdf, sha256: sha(pdf), ltv: { upgradeFailed: messageOf(error) } };
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error));
