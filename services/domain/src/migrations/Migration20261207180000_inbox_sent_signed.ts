import { Migration } from '@mikro-orm/migrations';

/** Naskah Keluar's statuses, as inbox.ts `sentOut` has them: changing those needs a migration redefining these functions. */
const sent = `('distributed','archived')`;

/**
 * inbox_sent_signed: per position, the sent documents with a sign step at it
 * (each document once). The Naskah Keluar badge stops at its cap, and a head's
 * count walked 1,653 of their 20,000 sign steps with two lookups each to find
 * the first 1,000 (bench:api, 1M documents: ~10,600 buffers and three quarters
 * of the inbox's SQL time); one of the viewer's positions at the cap settles it.
 *
 * Statement-level triggers with transition tables: a bulk insert (bench data,
 * imports) adjusts once per statement, and a statement that adds two sign steps
 * of one document at one position still counts it once, which row triggers,
 * all firing after the whole statement, could not tell apart. A (document,
 * position) pair moves the count when its steps go from none to some, or back,
 * while the document is sent; a document moves it when it enters or leaves the
 * sent statuses. Deleting a document needs no trigger: its steps must go first.
 */
export class Migration20261207180000_inbox_sent_signed extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "inbox_sent_signed" ("position_id" int not null, "documents" int not null, constraint "inbox_sent_signed_pkey" primary key ("position_id"));`);
    this.addSql(`alter table "inbox_sent_signed" add constraint "inbox_sent_signed_position_id_foreign" foreign key ("position_id") references "position" ("id") on delete cascade;`);
    // Pairs (document, position) with how many sign steps the statement added and removed; the steps now in the table
    // say whether the pair has any after it and had any before. Counter rows are locked in position order (no deadlock).
    // Joined, not looked up pair by pair: a bulk load that drops routing_step's indexes first (bench:api's generator)
    // then costs one scan of the steps, not one per pair.
    this.addSql(`create function "inbox_sent_signed_adjust"(step_documents int[], step_positions int[], steps_added int[], steps_removed int[]) returns void language sql as $$
  with p as (select * from unnest(step_documents, step_positions, steps_added, steps_removed) p(document_id, position_id, added, removed)),
  n as (select s.document_id, s.position_id, count(*) as now from routing_step s join p on p.document_id = s.document_id and p.position_id = s.position_id
         where s.kind = 'sign' group by s.document_id, s.position_id)
  insert into inbox_sent_signed as c (position_id, documents)
  select position_id, sum(delta)::int from (
    select p.position_id, (coalesce(n.now, 0) > 0)::int - (coalesce(n.now, 0) - p.added + p.removed > 0)::int as delta
      from p join document d on d.id = p.document_id and d.status in ${sent}
      left join n on n.document_id = p.document_id and n.position_id = p.position_id) x
   group by position_id having sum(delta) <> 0
   order by position_id
  on conflict (position_id) do update set documents = c.documents + excluded.documents
$$;`);
    const pairs = (source: string) => `perform inbox_sent_signed_adjust(array_agg(document_id), array_agg(position_id), array_agg(added), array_agg(removed))
    from (select document_id, position_id, sum(added)::int as added, sum(removed)::int as removed from (${source}) u group by document_id, position_id) g
    having count(*) > 0;`;
    this.addSql(`create function "inbox_sent_signed_steps"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${pairs(`select document_id, position_id, 1 as added, 0 as removed from new_steps where kind = 'sign'`)}
  elsif tg_op = 'DELETE' then
    ${pairs(`select document_id, position_id, 0 as added, 1 as removed from old_steps where kind = 'sign'`)}
  else
    -- Acting on a step (state, acted_at) changes no pair: only rows whose document, position or kind moved take part.
    ${pairs(`select n.document_id, n.position_id, 1 as added, 0 as removed from new_steps n join old_steps o on o.id = n.id
              where n.kind = 'sign' and (o.document_id, o.position_id, o.kind) is distinct from (n.document_id, n.position_id, n.kind)
             union all
             select o.document_id, o.position_id, 0, 1 from old_steps o join new_steps n on n.id = o.id
              where o.kind = 'sign' and (o.document_id, o.position_id, o.kind) is distinct from (n.document_id, n.position_id, n.kind)`)}
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "routing_step_inbox_sent_signed_insert" after insert on "routing_step" referencing new table as new_steps for each statement execute function "inbox_sent_signed_steps"();`);
    this.addSql(`create trigger "routing_step_inbox_sent_signed_update" after update on "routing_step" referencing old table as old_steps new table as new_steps for each statement execute function "inbox_sent_signed_steps"();`);
    this.addSql(`create trigger "routing_step_inbox_sent_signed_delete" after delete on "routing_step" referencing old table as old_steps for each statement execute function "inbox_sent_signed_steps"();`);
    this.addSql(`create function "inbox_sent_signed_truncated"() returns trigger language plpgsql as $$
begin
  delete from inbox_sent_signed;
  return null;
end $$;`);
    this.addSql(`create trigger "routing_step_inbox_sent_signed_truncate" after truncate on "routing_step" for each statement execute function "inbox_sent_signed_truncated"();`);
    this.addSql(`create function "inbox_sent_signed_documents"() returns trigger language plpgsql as $$
begin
  insert into inbox_sent_signed as c (position_id, documents)
  select s.position_id, sum(case when n.status in ${sent} then 1 else -1 end)::int
    from old_documents o join new_documents n on n.id = o.id
    cross join lateral (select distinct s.position_id from routing_step s where s.document_id = n.id and s.kind = 'sign') s
   where (o.status in ${sent}) <> (n.status in ${sent})
   group by s.position_id having sum(case when n.status in ${sent} then 1 else -1 end) <> 0
   order by s.position_id
  on conflict (position_id) do update set documents = c.documents + excluded.documents;
  return null;
end $$;`);
    this.addSql(`create trigger "document_inbox_sent_signed" after update on "document" referencing old table as old_documents new table as new_documents for each statement execute function "inbox_sent_signed_documents"();`);
    this.addSql(`insert into "inbox_sent_signed" (position_id, documents)
      select s.position_id, count(distinct s.document_id)::int from routing_step s join document d on d.id = s.document_id
       where s.kind = 'sign' and d.status in ${sent} group by s.position_id;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "document_inbox_sent_signed" on "document";`);
    for (const t of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger "routing_step_inbox_sent_signed_${t}" on "routing_step";`);
    this.addSql(`drop function "inbox_sent_signed_documents"();`);
    this.addSql(`drop function "inbox_sent_signed_steps"();`);
    this.addSql(`drop function "inbox_sent_signed_truncated"();`);
    this.addSql(`drop function "inbox_sent_signed_adjust"(int[], int[], int[], int[]);`);
    this.addSql(`drop table "inbox_sent_signed";`);
  }

}
