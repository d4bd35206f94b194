// The document page follows the routing workflow while it moves the document on: after an action
// (Ajukan, Paraf, Tanda Tangani …) the workflow writes the new status and steps a moment after the
// API answered, and numbering, distribution and archiving run with no one clicking at all. The page
// asks again every little while until the document has settled (someone's turn, or the end), so the
// official sees "Proses Paraf" or "Diarsipkan" without reloading.
import type { Identifier, RaRecord } from 'react-admin';
import type { DocumentStatus } from '@naskah/domain/rulebook';

/** Statuses only the workflow's activities leave (numbering, distribution, archiving): no one's turn. */
const WORKFLOW_ONLY: readonly DocumentStatus[] = ['approved', 'signed', 'distributed'];
/** Where the routing ends or waits for the drafter: nothing moves without a click. */
const AT_REST: readonly DocumentStatus[] = ['archived', 'cancelled', 'returned'];
/** How long after an action the page keeps asking, at most. */
const FOLLOW_MS = 90_000;
const FOLLOW_EVERY_MS = 1_500;

interface Followed { until: number; first?: string }
const followed = new Map<string, Followed>();

/** Called when the API has taken an action on the document: its page follows the workflow from now. */
export function followDocument(id: Identifier): void {
  followed.set(String(id), { until: Date.now() + FOLLOW_MS });
}

function shape(record: RaRecord): string {
  const steps = ((record.steps ?? []) as Array<{ id?: unknown; state?: unknown }>).map((s) => `${String(s.id)}:${String(s.state)}`);
  return `${String(record.status)}|${steps.join(',')}|${((record.versions ?? []) as unknown[]).length}`;
}

/**
 * How soon to ask for the document again (react-query's refetchInterval), or false once it has
 * settled: after an action, until it changed and it is someone's turn or the end; and in any case
 * while it is in a status only the workflow leaves.
 */
export function followInterval(record: RaRecord | undefined): number | false {
  if (!record) return false;
  const status = String(record.status) as DocumentStatus;
  if (WORKFLOW_ONLY.includes(status)) return FOLLOW_EVERY_MS;
  const key = String(record.id);
  const follow = followed.get(key);
  if (!follow) return false;
  const now = shape(record);
  follow.first ??= now;
  const someonesTurn = ((record.steps ?? []) as Array<{ state?: unknown }>).some((s) => s.state === 'pending');
  // Changed since the action, and now someone's turn (a reviewer, the signer) or back with the drafter (withdrawn).
  const settled = AT_REST.includes(status) || (now !== follow.first && (someonesTurn || status === 'draft'));
  if (settled || Date.now() > follow.until) {
    followed.delete(key);
    return false;
  }
  return FOLLOW_EVERY_MS;
}
