import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182118_archive_size extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "archive_record" add column "size" bigint null;`);
    // Records archived before this column: the size is in the version row of the same hash, and always in the archive.archived audit event.
    this.addSql(`update "archive_record" ar set "size" = dv."size" from "document_version" dv where dv."document_id" = ar."document_id" and dv."sha256" = ar."sha256";`);
    this.addSql(`update "archive_record" ar set "size" = (e."data"->>'size')::bigint from "audit_event" e where ar."size" is null and e."action" = 'archive.archived' and e."subject_type" = 'document' and e."subject_id" = ar."document_id"::text and e."data"->>'size' is not null;`);
    this.addSql(`alter table "archive_record" alter column "size" set not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "archive_record" drop column "size";`);
  }

}
