import { Migration } from '@mikro-orm/migrations';

export class Migration20261123181639_lampiran_render_input extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "document_lampiran" ("id" serial primary key, "document_id" int not null, "no" int not null, "file_name" varchar(255) not null, "object_key" varchar(255) not null, "sha256" varchar(64) not null, "size" bigint not null, "author_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "document_lampiran" add constraint "document_lampiran_document_id_no_unique" unique ("document_id", "no");`);
    this.addSql(`alter table "document_lampiran" add constraint "document_lampiran_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_lampiran" add constraint "document_lampiran_author_id_foreign" foreign key ("author_id") references "person" ("id");`);
    this.addSql(`alter table "document_version" add column "render_input" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document_version" drop column "render_input";`);
    this.addSql(`drop table if exists "document_lampiran" cascade;`);
  }

}
