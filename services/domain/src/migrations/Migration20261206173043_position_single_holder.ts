import { Migration } from '@mikro-orm/migrations';

/**
 * One definitive holder per position (issue 15): a partial unique index on
 * person(position_id). Before it, the conflicts already in the data are
 * reported with RAISE NOTICE (the migration log shows them):
 *
 * - a position with several holders: if exactly one holder belongs to the
 *   position's agency, the holders from other agencies are taken off it —
 *   they break both rules, and a person of another agency can never be the
 *   definitive holder. Any other case needs a person's decision (which of two
 *   colleagues holds the post? the other becomes Plt/Plh by delegation), so
 *   the migration stops with an exception listing them and changes nothing.
 * - a person holding a position of another agency (and no one else holds
 *   it): reported only; the API refuses new ones (422 POSITION_OTHER_AGENCY),
 *   and whether the person or the position is in the wrong agency is for the
 *   administrator to decide.
 *
 * The plain index on person(position_id) is replaced by the unique one, which
 * serves the same lookups.
 */
export class Migration20261206173043_position_single_holder extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`do $$
declare
  r record;
  unresolved text := '';
begin
  for r in
    select p.position_id, pos.agency_id as position_agency,
      string_agg(format('person %s (%s, agency %s)', p.id, p.name, p.agency_id), ', ' order by p.id) as holders,
      count(*) filter (where p.agency_id = pos.agency_id) as own_agency
    from person p join position pos on pos.id = p.position_id
    group by p.position_id, pos.agency_id having count(*) > 1
  loop
    raise notice 'position % (agency %) has several definitive holders: %', r.position_id, r.position_agency, r.holders;
    if r.own_agency = 1 then
      raise notice '  position %: keeping the holder of agency %, taking it off the holders of other agencies', r.position_id, r.position_agency;
      update person set position_id = null where position_id = r.position_id and agency_id <> r.position_agency;
    else
      unresolved := unresolved || format(E'\\n  position %s: %s', r.position_id, r.holders);
    end if;
  end loop;
  for r in
    select p.id, p.name, p.agency_id, p.position_id, pos.agency_id as position_agency
    from person p join position pos on pos.id = p.position_id
    where pos.agency_id <> p.agency_id order by p.id
  loop
    raise notice 'person % (%, agency %) holds position % of agency %: left as is, correct the person or the position', r.id, r.name, r.agency_id, r.position_id, r.position_agency;
  end loop;
  if unresolved <> '' then
    raise exception 'positions with several definitive holders need a decision (keep one: set the others'' position_id to null and give them a Plt/Plh delegation if they act in it):%', unresolved;
  end if;
end $$;`);
    this.addSql(`drop index "person_position_id_index";`);
    this.addSql(`create unique index "person_position_held_unique" on "person" ("position_id") where "position_id" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "person_position_held_unique";`);
    this.addSql(`create index "person_position_id_index" on "person" ("position_id");`);
  }

}
