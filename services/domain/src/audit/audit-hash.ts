import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const genesisHash = '0'.repeat(64);

/** What a link's hash covers: every column except the hash itself (seq included, so reordering shows). */
export interface AuditLinkContent {
  seq: number;
  actorId: number | null;
  actorName: string;
  onBehalfOf: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  agencyId: number | null;
  at: Date;
  data: Record<string, unknown>;
}

/** hash = sha256(prevHash + canonical JSON of the link's content). */
export function auditHash(prevHash: string, content: AuditLinkContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...content, at: new Date(content.at).toISOString() }))
    .digest('hex');
}
