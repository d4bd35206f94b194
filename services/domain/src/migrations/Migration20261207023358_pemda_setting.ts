import { Migration } from '@mikro-orm/migrations';

/**
 * The Pemda's settings (name, logo, time zone, public base URL): one row the
 * admin sets once (issue 19). The seed writes Tanah Bumbu's (WITA).
 */
export class Migration20261207023358_pemda_setting extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "pemda_setting" ("id" serial primary key, "name" varchar(255) not null, "logo" text null, "time_zone" text not null, "public_base_url" varchar(255) not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "pemda_setting" add constraint "pemda_setting_time_zone_check" check ("time_zone" in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "pemda_setting";`);
  }

}
