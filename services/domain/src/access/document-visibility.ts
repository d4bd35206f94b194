// The visibility rules as SQL conditions, one per resource. README.md beside
// this file states the same rules as a table; policy.ts is what routes call.
import type { Viewer } from './viewer.js';
import { pgIntArray } from './viewer.js';
import { finalDocumentStatuses, openClassifications } from '../rulebook/vocabularies.js';

export interface SqlFragment {
  sql: string;
  params: unknown[];
  /** A join the condition needs (branches only). */
  join?: string;
  /**
   * The branch's position column (of the joined rows, or the document's own), every position
   * the condition can match (a pg int array) and that row's created_at (a
   * joined table's copy of the document's). A list in created_at order reads each position's
   * rows newest first (an index walk) and stops after one page, instead of
   * joining all of them; the condition still decides which rows count.
   * `once` holds for one matching row per document and position, so a page
   * limit counts documents, not rows (a position with a paraf and a sign step
   * on one document). `sql`/`params`: the branch's condition with the walked
   * position (`wp.position_id`) in place of the joined row's.
   */
  byPosition?: { column: string; positions: string; createdAt: string; documentId: string; once: string; sql: string; params: unknown[] };
}

/** Biasa and Terbatas: open to the agency; Rahasia and Sangat Rahasia only along the correspondence. */
const open = sqlList(openClassifications);
/** Signed or later: before that a document is a konsep, seen only by the people routing it. */
const final = sqlList(finalDocumentStatuses);

/** A vocabulary as an SQL list literal: its words are fixed identifiers of the rulebook, never user input. */
function sqlList(words: readonly string[]): string {
  return `(${words.map((w) => `'${w}'`).join(',')})`;
}

const isAuditor = (viewer: Viewer) => viewer.roles.includes('auditor');

/**
 * The positions over which the viewer sees classified correspondence: their
 * own chain inside their agency, or every subordinate when granted.
 */
function classifiedOversight(viewer: Viewer): string {
  return pgIntArray(viewer.classifiedAccess ? viewer.oversightPositionIds : viewer.agencyOversightPositionIds);
}

/**
 * Whether a position column (`column`) of a row of classification
 * `classification` is one the viewer is a superior of (or acts for).
 */
function overPosition(viewer: Viewer, column: string, classification: string): SqlFragment {
  return {
    sql: `(${column} = any(?::int[]) or (${classification} in ${open} and ${column} = any(?::int[])))`,
    params: [classifiedOversight(viewer), pgIntArray(viewer.oversightPositionIds)],
  };
}

/** Every position overPosition can match: the classified oversight and the open one. */
function overPositions(viewer: Viewer): string {
  const ids = new Set([...(viewer.classifiedAccess ? viewer.oversightPositionIds : viewer.agencyOversightPositionIds), ...viewer.oversightPositionIds]);
  return pgIntArray([...ids]);
}

/**
 * The documents a viewer may see, as branches on alias `d` whose union is the
 * visible set (each index-friendly on its own; an OR of them is not):
 * - the konsep: its drafter, and whoever acts for a reviewer or signer step;
 * - once signed: the delivered recipients (kepada, tembusan), the agency for
 *   Biasa/Terbatas, the superiors of recipients and routing steps (Rahasia and
 *   above: inside their own agency, or anywhere with the grant), auditors
 *   (Rahasia and above with the grant).
 */
export function documentVisibilityBranches(viewer: Viewer): SqlFragment[] {
  const acts = pgIntArray(viewer.positionIds);
  const oversight = overPositions(viewer);
  // Each joined branch's condition as a function of the position column: on the joined row (`s.`/`r.position_id`),
  // and on the walked position (`wp.position_id`) when a list reads one position at a time.
  const ownPosition = (column: string): SqlFragment => ({ sql: `${column} = any(?::int[])`, params: [acts] });
  const overRecipient = (column: string): SqlFragment => {
    const over = overPosition(viewer, column, 'd.classification');
    return { sql: `d.status in ${final} and r.delivered_at is not null and ${over.sql}`, params: over.params };
  };
  const overStep = (column: string): SqlFragment => {
    const over = overPosition(viewer, column, 'd.classification');
    return { sql: `d.status in ${final} and ${over.sql}`, params: over.params };
  };
  const joined = (table: 'routing_step' | 'document_recipient', positions: string, rule: (column: string) => SqlFragment): SqlFragment => {
    const a = table === 'routing_step' ? 's' : 'r';
    const walked = rule('wp.position_id');
    // A recipient row counts only once delivered (overRecipient), so the row that stands for its document is the first delivered one.
    const delivered = a === 'r' ? ` and ${a}1.delivered_at is not null` : '';
    return {
      ...rule(`${a}.position_id`),
      join: `join ${table} ${a} on ${a}.document_id = d.id`,
      byPosition: {
        column: `${a}.position_id`, positions, createdAt: `${a}.document_created_at`, documentId: `${a}.document_id`, sql: walked.sql, params: walked.params,
        once: `not exists (select 1 from ${table} ${a}1 where ${a}1.document_id = ${a}.document_id and ${a}1.position_id = ${a}.position_id${delivered} and ${a}1.id < ${a}.id)`,
      },
    };
  };
  const branches: SqlFragment[] = [
    { sql: 'd.drafter_id = ?', params: [viewer.personId] },
    { sql: 'd.signer_position_id = any(?::int[])', params: [acts],
      byPosition: { column: 'd.signer_position_id', positions: acts, createdAt: 'd.created_at', documentId: 'd.id', once: 'true', ...ownPosition('wp.position_id') } },
    // Written as joins (`from` adds the table) so the planner walks from the few recipient/step rows to documents by key.
    joined('routing_step', acts, ownPosition),
    { sql: `d.status in ${final} and d.agency_id = ? and d.classification in ${open}`, params: [viewer.agencyId] },
    joined('document_recipient', oversight, overRecipient),
    joined('routing_step', oversight, overStep),
  ];
  if (isAuditor(viewer)) {
    branches.push(viewer.classifiedAccess
      ? { sql: `d.status in ${final}`, params: [] }
      : { sql: `d.status in ${final} and d.classification in ${open}`, params: [] });
  }
  return branches;
}

/** The same rule as documentVisibilityBranches as one condition on alias `d` (single-row checks, joins). */
export function documentVisibility(viewer: Viewer): SqlFragment {
  const parts = documentVisibilityBranches(viewer).map((b): SqlFragment => {
    if (!b.join) return b;
    const table = b.join.includes('routing_step') ? 'routing_step s' : 'document_recipient r';
    const alias = table.endsWith(' s') ? 's' : 'r';
    return { sql: `exists (select 1 from ${table} where ${alias}.document_id = d.id and ${b.sql})`, params: b.params };
  });
  return { sql: `(${parts.map((p) => `(${p.sql})`).join(' or ')})`, params: parts.flatMap((p) => p.params) };
}

/**
 * Incoming letters (alias `l`): who registered it; whoever acts for its
 * addressee or a disposition sender/recipient; the agency for Biasa/Terbatas;
 * superiors of the addressee and disposition recipients (Rahasia and above:
 * inside their agency, or with the grant); auditors (classified with the grant).
 */
export function incomingLetterVisibility(viewer: Viewer): SqlFragment {
  const acts = pgIntArray(viewer.positionIds);
  const overAddressee = overPosition(viewer, 'l.addressed_to_id', 'l.classification');
  const overBranch = overPosition(viewer, 'lx.to_position_id', 'l.classification');
  const auditor = isAuditor(viewer) ? (viewer.classifiedAccess ? ' or true' : ` or l.classification in ${open}`) : '';
  return {
    sql: `(l.registered_by_id = ?
      or l.addressed_to_id = any(?::int[])
      or (l.agency_id = ? and l.classification in ${open})
      or ${overAddressee.sql}
      or exists (select 1 from disposition lx where lx.incoming_letter_id = l.id
                  and (lx.to_position_id = any(?::int[]) or lx.from_position_id = any(?::int[]) or ${overBranch.sql}))${auditor})`,
    params: [viewer.personId, acts, viewer.agencyId, ...overAddressee.params, acts, acts, ...overBranch.params],
  };
}

/**
 * Dispositions (alias `x`): only of letters the viewer may see, and then the
 * branches they (or their subordinates) sent or received; the secretariat
 * tracks every branch of its agency's letters; auditors all of a visible letter.
 */
export function dispositionVisibility(viewer: Viewer): SqlFragment {
  const letter = incomingLetterVisibility(viewer);
  const over = pgIntArray(viewer.oversightPositionIds);
  const secretariat = viewer.roles.includes('secretariat');
  const extra = isAuditor(viewer) ? ' or true' : secretariat ? ' or l.agency_id = ?' : '';
  return {
    sql: `exists (select 1 from incoming_letter l where l.id = x.incoming_letter_id and ${letter.sql}
      and (x.from_position_id = any(?::int[]) or x.to_position_id = any(?::int[])${extra}))`,
    params: [...letter.params, over, over, ...(secretariat && !isAuditor(viewer) ? [viewer.agencyId] : [])],
  };
}

/** Agreements (alias `g`): the agency that made it, whoever acts for or is over a party, auditors. */
export function agreementVisibility(viewer: Viewer): SqlFragment {
  if (isAuditor(viewer)) return { sql: 'true', params: [] };
  return {
    sql: `(g.agency_id = ? or exists (select 1 from jsonb_array_elements_text(g.parties) pt where pt::int = any(?::int[])))`,
    params: [viewer.agencyId, pgIntArray(viewer.oversightPositionIds)],
  };
}

/** Archive records (alias `ar`): exactly the documents the viewer may see. */
export function archiveRecordVisibility(viewer: Viewer): SqlFragment {
  const document = documentVisibility(viewer);
  return { sql: `exists (select 1 from document d where d.id = ar.document_id and ${document.sql})`, params: document.params };
}

/** Certificates (alias `c`): the holder's own; admins and auditors all (rows only: keys never leave the keystore). */
export function certificateVisibility(viewer: Viewer): SqlFragment {
  if (viewer.roles.includes('admin') || isAuditor(viewer)) return { sql: 'true', params: [] };
  return { sql: 'c.person_id = ?', params: [viewer.personId] };
}

/**
 * Delegations (alias `dg`): the delegate, whoever acts for or is over the
 * position, the agency's secretariat and leaders; admins and auditors all.
 */
export function delegationVisibility(viewer: Viewer): SqlFragment {
  if (viewer.roles.includes('admin') || isAuditor(viewer)) return { sql: 'true', params: [] };
  const agencyWide = viewer.roles.includes('secretariat') || viewer.roles.includes('leader');
  return {
    sql: `(dg.delegate_id = ? or dg.position_id = any(?::int[])${agencyWide ? ' or exists (select 1 from position dgp where dgp.id = dg.position_id and dgp.agency_id = ?)' : ''})`,
    params: [viewer.personId, pgIntArray(viewer.oversightPositionIds), ...(agencyWide ? [viewer.agencyId] : [])],
  };
}
