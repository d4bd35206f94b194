// The inbox queues (SRIKANDI's dashboard queues) as reads: one page of one
// queue and every queue's badge count, each a named prepared statement.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgIntArray, type Viewer } from '../access/viewer.js';
import { visibleScope } from '../access/policy.js';
import { preparedRows } from './prepared.js';
import { INBOX_BADGE_CAP } from '../rulebook/vocabularies.js';

/** SRIKANDI-style queues, in the order its users know them: Konsep, Perlu Paraf, Perlu Tanda Tangan, Dikembalikan, Naskah Keluar, Naskah Masuk, Disposisi, Tembusan. */
export const inboxQueues = ['drafts', 'to-paraf', 'to-sign', 'returned', 'sent', 'incoming', 'dispositions', 'tembusan'] as const;
export type InboxQueue = (typeof inboxQueues)[number];

export interface InboxRow {
  kind: 'document' | 'incoming_letter' | 'disposition';
  id: number;
  documentId: number | null;
  hal: string;
  sifat: string;
  number: string | null;
  at: string | Date | null;
  deadline: string | Date | null;
  read: boolean;
  stepId: number | null;
  /** Jenis naskah (nota_dinas, surat_dinas…); null for a surat masuk or disposition. */
  type: string | null;
  /** Who it comes from, as a SRIKANDI row shows it: the drafter, the sending agency, the letter's sender or the disposing position. */
  from: string | null;
  /** A document's status (null for a surat masuk or disposition). */
  status: string | null;
  /** Whose turn it is on a document being routed: the positions (and holders) whose paraf or signature is pending. */
  turn: string | null;
}

/** A konsep on its way: submitted or not, not yet signed (a returned one has its own queue). */
const inProgress = `('draft','in_review','approved','signing')`;
/** Naskah Keluar: sent out (distributed) and kept (archived). */
const sentOut = `('distributed','archived')`;

interface Sql { sql: string; params: unknown[] }


/**
 * One queue's items (newest first) for the positions the viewer holds or acts
 * for (Plh/Plt/a.n./u.b.), plus every queue's badge count in one statement:
 * pending paraf/sign, unread incoming (and letters not yet disposed), open
 * dispositions, unread tembusan, returned drafts. Status and whose turn are
 * looked up for the page's rows only, after the limit.
 */
export async function readInbox(em: EntityManager, viewer: Viewer, queue: InboxQueue, offset: number, limit: number): Promise<{ items: InboxRow[]; total: number | null; hasNextPage: boolean; counts: Record<InboxQueue, number> }> {
  const p = pgIntArray(viewer.positionIds);
  // Naskah Masuk and Tembusan hold every naskah ever delivered (thousands for a head): each position's newest
  // `window` recipient rows by the index on (position, kind, delivered_at), and only those joined to their documents.
  const uncounted = queue === 'incoming' || queue === 'tembusan' || queue === 'sent';
  const window = offset + limit + 1;
  // The secretariat (TU) keeps every surat masuk of its agency in view until the head disposes it; -1 matches no agency.
  const secretariatAgency = viewer.roles.includes('secretariat') ? viewer.agencyId : -1;
  // ... as far as the access policy lets them see it (a Rahasia letter only the TU who registered it).
  const letters = visibleScope(viewer, 'incoming_letter') ?? { sql: 'true', params: [] };
  // Naskah Keluar, for the page and its badge alike: sent out, and drafted by the viewer or signed at one of their
  // positions. Two index walks (own drafts; sign steps of the positions) instead of an OR the planner can only
  // test row by row over every sent document.
  const sentByViewer: Sql = {
    sql: `d.status in ${sentOut}
          and d.id in (select o.id from document o where o.drafter_id = ? union select s.document_id from routing_step s where s.position_id = any(?::int[]) and s.kind = 'sign')`,
    params: [viewer.personId, p],
  };
  const sources: Record<InboxQueue, Sql> = {
    drafts: {
      sql: `select 'document' as kind, d.id, d.id as "documentId", d.hal, d.sifat, d.number, d.updated_at as at, null::timestamptz as deadline, true as read, null::int as "stepId",
                   d.type, dr.name as "from"
              from document d join person dr on dr.id = d.drafter_id where d.drafter_id = ? and d.status in ${inProgress}`,
      params: [viewer.personId],
    },
    sent: {
      sql: `select 'document' as kind, d.id, d.id as "documentId", d.hal, d.sifat, d.number, d.updated_at as at, null::timestamptz as deadline, true as read, null::int as "stepId",
                   d.type, ag.name as "from"
              from document d join agency ag on ag.id = d.agency_id
             where ${sentByViewer.sql}`,
      params: sentByViewer.params,
    },
    'to-paraf': stepQueue('paraf', p),
    'to-sign': stepQueue('sign', p),
    incoming: {
      sql: `${delivered('kepada')}
            union all
            select 'incoming_letter', l.id, null, l.hal, l.sifat, l.agenda_number, l.received_at, null, false, null, null, l.sender_name
              from incoming_letter l
             where (l.addressed_to_id = any(?::int[]) or (l.agency_id = ? and ${letters.sql}))
               and not exists (select 1 from disposition x where x.incoming_letter_id = l.id and x.parent_id is null)`,
      params: [p, window, p, secretariatAgency, ...letters.params],
    },
    dispositions: {
      sql: `select 'disposition' as kind, x.id, null::int as "documentId", l.hal, l.sifat, l.agenda_number as number, x.created_at as at, x.deadline, x.read_at is not null as read, null::int as "stepId",
                   null::text as type, fp.title as "from"
              from disposition x join incoming_letter l on l.id = x.incoming_letter_id join position fp on fp.id = x.from_position_id
             where x.to_position_id = any(?::int[]) and x.state in ('sent', 'read')`,
      params: [p],
    },
    tembusan: { sql: delivered('tembusan'), params: [p, window] },
    returned: {
      sql: `select 'document' as kind, d.id, d.id as "documentId", d.hal, d.sifat, d.number, d.updated_at as at, null::timestamptz as deadline, true as read, null::int as "stepId",
                   d.type, dr.name as "from"
              from document d join person dr on dr.id = d.drafter_id where d.drafter_id = ? and d.status = 'returned'`,
      params: [viewer.personId],
    },
  };
  // Counts read the small index-backed tables only, never the documents they point at.
  const countSources: Record<InboxQueue, Sql> = {
    drafts: { sql: `select count(*) from document d where d.drafter_id = ? and d.status in ${inProgress}`, params: [viewer.personId] },
    // Naskah Keluar only grows (a head signs thousands a year): its badge counts up to the cap the console shows
    // as "999+", so the count stops walking the sent documents there.
    // The same set as sentByViewer, counted as it streams: each sign step of the positions (its document once, at its
    // first such step) whose document is sent, then the viewer's own sent drafts without one; the cap stops the walk
    // (bench:api, a head with 20,000 sign steps: the union of all of them was hashed before the first row counted).
    // One of the positions with as many sent, signed documents as the cap (inbox_sent_signed, kept by triggers) settles
    // it without the walk, which a head of agency always reached (bench:api: three quarters of the inbox's SQL time).
    // The walk, an init plan, runs only when no position is at the cap.
    sent: {
      sql: `select case when (select max(c.documents) from inbox_sent_signed c where c.position_id = any(?::int[])) >= ${INBOX_BADGE_CAP}
                   then ${INBOX_BADGE_CAP} else (select count(*) from (
              select 1 from routing_step s
               where s.position_id = any(?::int[]) and s.kind = 'sign'
                 -- Correlated lookups by key, so the planner cannot hash every step before the first row counts.
                 and (select d.status from document d where d.id = s.document_id) in ${sentOut}
                 and s.id = (select min(s1.id) from routing_step s1 where s1.document_id = s.document_id and s1.position_id = any(?::int[]) and s1.kind = 'sign')
              union all
              select 1 from document d where d.drafter_id = ? and d.status in ${sentOut}
                 and not exists (select 1 from routing_step s1 where s1.document_id = d.id and s1.position_id = any(?::int[]) and s1.kind = 'sign')
              limit ${INBOX_BADGE_CAP}) q) end`,
      params: [p, p, p, viewer.personId, p],
    },
    'to-paraf': { sql: `select count(*) from routing_step s where s.position_id = any(?::int[]) and s.state = 'pending' and s.kind = 'paraf'`, params: [p] },
    'to-sign': { sql: `select count(*) from routing_step s where s.position_id = any(?::int[]) and s.state = 'pending' and s.kind = 'sign'`, params: [p] },
    incoming: { sql: `select (select count(*) from document_recipient r where r.position_id = any(?::int[]) and r.kind = 'kepada' and r.delivered_at is not null and r.read_at is null)
        + (select count(*) from incoming_letter l where (l.addressed_to_id = any(?::int[]) or (l.agency_id = ? and ${letters.sql}))
             and not exists (select 1 from disposition x where x.incoming_letter_id = l.id and x.parent_id is null))`, params: [p, p, secretariatAgency, ...letters.params] },
    dispositions: { sql: `select count(*) from disposition x where x.to_position_id = any(?::int[]) and x.state in ('sent', 'read')`, params: [p] },
    tembusan: { sql: `select count(*) from document_recipient r where r.position_id = any(?::int[]) and r.kind = 'tembusan' and r.delivered_at is not null and r.read_at is null`, params: [p] },
    returned: { sql: `select count(*) from document d where d.drafter_id = ? and d.status = 'returned'`, params: [viewer.personId] },
  };
  const counts = inboxQueues.map((q) => `(${countSources[q].sql})::int as "${q}"`).join(', ');
  const countParams = inboxQueues.flatMap((q) => countSources[q].params);
  const source = sources[queue];
  // Badges count what is unread, and for the other queues the badge is the page total. Naskah Masuk and Tembusan list
  // read items too, thousands for a head of agency, and Naskah Keluar's badge is capped: no total for those pages,
  // one row past the page says whether more follow.
  const [fetched, countRows] = await Promise.all([
    // The page first (sorted, limited), then status and whose turn for those rows only: the pending steps' positions and their holders.
    preparedRows<InboxRow>(em,
      `select q.kind, q.id, q."documentId", q.hal, q.sifat, q.number, q.at, q.deadline, q.read, q."stepId", q.type, q."from", dd.status, turn.who as turn
         from (select * from (${source.sql}) q0 order by q0.at desc nulls last, q0.id desc limit ? offset ?) q
         left join document dd on q.kind = 'document' and dd.id = q.id
         left join lateral (
           select string_agg(tp.title || coalesce(' (' || h.name || ')', ''), '; ' order by s.step_order, tp.title) as who
             from routing_step s join position tp on tp.id = s.position_id left join person h on h.position_id = tp.id
            where q.kind = 'document' and s.document_id = q.id and s.state = 'pending') turn on true
        order by q.at desc nulls last, q.id desc`, [...source.params, uncounted ? limit + 1 : limit, offset]),
    preparedRows<Record<InboxQueue, number>>(em, `select ${counts}`, countParams),
  ]);
  const allCounts = countRows[0]!;
  const items = fetched.slice(0, limit);
  const hasNextPage = uncounted ? fetched.length > limit : offset + items.length < allCounts[queue];
  return { items, total: uncounted ? null : allCounts[queue], hasNextPage, counts: allCounts };
}

/** Naskah delivered to the positions as `kind`, newest first: at most `window` per position (second parameter). */
function delivered(kind: 'kepada' | 'tembusan'): string {
  return `select 'document' as kind, d.id, d.id as "documentId", d.hal, d.sifat, d.number, r.delivered_at as at, null::timestamptz as deadline, r.read_at is not null as read, null::int as "stepId",
                 d.type, ag.name as "from"
            from (select distinct unnest(?::int[]) as id) pos
            cross join lateral (select r.document_id, r.delivered_at, r.read_at from document_recipient r
                                 where r.position_id = pos.id and r.kind = '${kind}' and r.delivered_at is not null
                                 order by r.delivered_at desc, r.document_id desc limit ?) r
            join document d on d.id = r.document_id join agency ag on ag.id = d.agency_id`;
}

/** Pending steps of the positions; the drafter's name a subquery, which PostgreSQL evaluates after the page's limit (a head's 200 pending signatures: 25 lookups, not 200). */
function stepQueue(kind: 'paraf' | 'sign', positions: string): Sql {
  return {
    sql: `select 'document' as kind, d.id, d.id as "documentId", d.hal, d.sifat, d.number, d.updated_at as at, s.due_at as deadline, false as read, s.id as "stepId",
                 d.type, (select dr.name from person dr where dr.id = d.drafter_id) as "from"
            from routing_step s join document d on d.id = s.document_id
           where s.position_id = any(?::int[]) and s.kind = '${kind}' and s.state = 'pending'`,
    params: [positions],
  };
}
