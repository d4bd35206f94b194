import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182912_usul_musnah extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "usul_musnah" ("id" serial primary key, "object_key" varchar(255) not null, "proposed_at" timestamptz not null, "status" text not null default 'diajukan', "decided_by_id" int null, "decided_at" timestamptz null, "decision_note" text null, "berita_acara_key" varchar(255) null);`);
    this.addSql(`alter table "usul_musnah" add constraint "usul_musnah_object_key_unique" unique ("object_key");`);
    this.addSql(`alter table "archive_record" add "usul_musnah_id" int null, add "destroyed_at" timestamptz null, add "destroyed_by_id" int null;`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_usul_musnah_id_foreign" foreign key ("usul_musnah_id") references "usul_musnah" ("id") on delete set null;`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_destroyed_by_id_foreign" foreign key ("destroyed_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "usul_musnah" add constraint "usul_musnah_decided_by_id_foreign" foreign key ("decided_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "usul_musnah" add constraint "usul_musnah_status_check" check ("status" in ('diajukan', 'disetujui', 'ditolak', 'dimusnahkan'));`);
    // Proposals written before this table existed live only in the audit trail (archive.usul_musnah, data.proposalKey): bring them in, still awaiting a decision.
    this.addSql(`insert into "usul_musnah" ("object_key", "proposed_at", "status") select e."data"->>'proposalKey', min(e."at"), 'diajukan' from "audit_event" e where e."action" = 'archive.usul_musnah' and e."subject_type" = 'archive_record' and e."data"->>'proposalKey' is not null group by e."data"->>'proposalKey';`);
    this.addSql(`update "archive_record" ar set "usul_musnah_id" = u."id" from "audit_event" e join "usul_musnah" u on u."object_key" = e."data"->>'proposalKey' where e."action" = 'archive.usul_musnah' and e."subject_type" = 'archive_record' and e."subject_id" = ar."id"::text;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "archive_record" drop constraint "archive_record_usul_musnah_id_foreign";`);
    this.addSql(`alter table "archive_record" drop constraint "archive_record_destroyed_by_id_foreign";`);
    this.addSql(`drop table if exists "usul_musnah" cascade;`);
    this.addSql(`alter table "archive_record" drop column "usul_musnah_id", drop column "destroyed_at", drop column "destroyed_by_id";`);
  }

}
