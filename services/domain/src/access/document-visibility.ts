import type { Viewer } from './viewer.js';
import { pgIntArray } from './viewer.js';

export interface SqlFragment { sql: string; params: unknown[]; /** A join the condition needs (branches only). */ join?: string }

const open = `('biasa','terbatas')`;

/**
 * The documents a viewer may see, as a condition on alias `d`:
 * - their agency's Biasa/Terbatas documents;
 * - anything they drafted, route (paraf/sign) or received (kepada/tembusan,
 *   once delivered), and what their subordinates route or received — that
 *   is the only way to Rahasia and Sangat Rahasia;
 * - auditors: every agency's Biasa/Terbatas, and everything when granted.
 */
export function documentVisibility(viewer: Viewer): SqlFragment {
  if (viewer.roles.includes('auditor')) {
    return viewer.classifiedAccess ? { sql: 'true', params: [] } : { sql: `d.classification in ${open}`, params: [] };
  }
  const oversight = pgIntArray(viewer.oversightPositionIds);
  return {
    sql: `((d.agency_id = ? and d.classification in ${open})
      or d.drafter_id = ?
      or exists (select 1 from document_recipient r where r.document_id = d.id and r.delivered_at is not null and r.position_id = any(?::int[]))
      or exists (select 1 from routing_step s where s.document_id = d.id and s.position_id = any(?::int[])))`,
    params: [viewer.agencyId, viewer.personId, oversight, oversight],
  };
}

/**
 * The same rule as documentVisibility, split into branches whose union is the
 * visible set. Each branch is index-friendly on its own (agency, drafter,
 * recipient, routing step), which an OR of them is not; list queries put
 * their filters into every branch and union the ids.
 */
export function documentVisibilityBranches(viewer: Viewer): SqlFragment[] {
  if (viewer.roles.includes('auditor')) return [documentVisibility(viewer)];
  const oversight = pgIntArray(viewer.oversightPositionIds);
  return [
    { sql: `d.agency_id = ? and d.classification in ${open}`, params: [viewer.agencyId] },
    { sql: 'd.drafter_id = ?', params: [viewer.personId] },
    // Written as joins (`from` adds the table) so the planner walks from the few recipient/step rows to documents by key.
    { sql: 'r.position_id = any(?::int[]) and r.delivered_at is not null', params: [oversight], join: 'join document_recipient r on r.document_id = d.id' },
    { sql: 's.position_id = any(?::int[])', params: [oversight], join: 'join routing_step s on s.document_id = d.id' },
  ];
}

/** Incoming letters: own agency's open ones; Rahasia ones only along the addressee / disposition chain. */
export function incomingLetterVisibility(viewer: Viewer): SqlFragment {
  if (viewer.roles.includes('auditor')) {
    return viewer.classifiedAccess ? { sql: 'true', params: [] } : { sql: `l.classification in ${open}`, params: [] };
  }
  const oversight = pgIntArray(viewer.oversightPositionIds);
  return {
    sql: `((l.agency_id = ? and l.classification in ${open})
      or l.registered_by_id = ?
      or l.addressed_to_id = any(?::int[])
      or exists (select 1 from disposition x where x.incoming_letter_id = l.id and x.to_position_id = any(?::int[])))`,
    params: [viewer.agencyId, viewer.personId, oversight, oversight],
  };
}

/** Dispositions: the branches a viewer sent or received (or that their subordinates did); the secretariat sees its agency's. */
export function dispositionVisibility(viewer: Viewer): SqlFragment {
  if (viewer.roles.includes('auditor')) return { sql: 'true', params: [] };
  const oversight = pgIntArray(viewer.oversightPositionIds);
  const secretariat = viewer.roles.includes('secretariat');
  return {
    sql: `(x.from_position_id = any(?::int[]) or x.to_position_id = any(?::int[])${secretariat
      ? ' or exists (select 1 from incoming_letter l2 where l2.id = x.incoming_letter_id and l2.agency_id = ?)' : ''})`,
    params: secretariat ? [oversight, oversight, viewer.agencyId] : [oversight, oversight],
  };
}
