import { Migration } from '@mikro-orm/migrations';

/**
 * The leaders' dashboard per agency per day (WITA), so a year view sums a few
 * thousand rows instead of reading every document; dashboard_rollup holds the
 * watermark before which every day is rolled up. Filled by
 * refreshDashboardDays (the dashboard-rollup schedule).
 */
export class Migration20261206234500_dashboard_rollup extends Migration {


  override up(): void | Promise<void> {
    this.addSql(`create table "dashboard_day" ("agency_id" int not null, "day" date not null, "created" int not null, "signed" int not null, "cancelled" int not null, "timed" int not null, "hours" float8[] not null, constraint "dashboard_day_pkey" primary key ("agency_id", "day"));`);
    this.addSql(`alter table "dashboard_day" add constraint "dashboard_day_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`create table "dashboard_rollup" ("id" serial primary key, "complete_before" date not null, "refreshed_at" timestamptz not null);`);
    // The days after the watermark: documents cancelled after submission, by agency and last change.
    this.addSql(`create index "document_cancelled_index" on "document" ("agency_id", "updated_at") where "status" = 'cancelled' and "submitted_at" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_cancelled_index";`);
    this.addSql(`drop table if exists "dashboard_rollup";`);
    this.addSql(`drop table if exists "dashboard_day";`);
  }

}
