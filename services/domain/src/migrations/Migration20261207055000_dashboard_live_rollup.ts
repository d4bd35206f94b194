import { Migration } from '@mikro-orm/migrations';

/**
 * dashboard_day is kept current by the writers (dashboard/dashboard-days.ts)
 * and gains the open dispositions per day with their deadlines; the days are
 * the Pemda's zone. Backfill: every day rebuilt from the documents and
 * dispositions (the rule as it stands at this migration; later rebuilds use
 * rebuildDashboardDays).
 */
export class Migration20261207055000_dashboard_live_rollup extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "dashboard_day" add column "opened" int not null default 0, add column "open_deadlines" timestamptz[] not null default '{}';`);
    this.addSql(`alter table "dashboard_day" alter column "opened" drop default, alter column "open_deadlines" drop default;`);
    this.addSql(`delete from "dashboard_day";`);
    this.addSql(`
      with z as (select coalesce((select time_zone from pemda_setting where id = 1), 'Asia/Makassar') as tz)
      insert into dashboard_day (agency_id, day, created, signed, cancelled, timed, hours, opened, open_deadlines)
      select agency_id, day, sum(c)::int, sum(s)::int, sum(x)::int, count(h)::int, coalesce(array_agg(h order by h) filter (where h is not null), '{}'),
             sum(o)::int, coalesce(array_agg(dl order by dl) filter (where dl is not null), '{}')
        from (
          select agency_id, (created_at at time zone z.tz)::date as day, 1 as c, 0 as s, 0 as x, null::float8 as h, 0 as o, null::timestamptz as dl
            from document, z
          union all
          select agency_id, (signed_at at time zone z.tz)::date, 0, 1, 0, date_part('epoch', signed_at - submitted_at) / 3600, 0, null
            from document, z where status in ('signed', 'distributed', 'archived') and signed_at is not null
          union all
          select agency_id, (updated_at at time zone z.tz)::date, 0, 0, 1, null, 0, null
            from document, z where status = 'cancelled' and submitted_at is not null
          union all
          select l.agency_id, (x.created_at at time zone z.tz)::date, 0, 0, 0, null, 1, x.deadline
            from disposition x join incoming_letter l on l.id = x.incoming_letter_id, z where x.state in ('sent', 'read', 'forwarded')
        ) s
       group by agency_id, day;`);
    this.addSql(`update "dashboard_rollup" set "refreshed_at" = now();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dashboard_day" drop column "opened", drop column "open_deadlines";`);
  }

}
