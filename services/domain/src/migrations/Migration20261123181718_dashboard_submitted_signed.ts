import { Migration } from '@mikro-orm/migrations';

/**
 * The leaders' dashboard measures submit → last signature per agency. The
 * submit time lives in the audit chain, but joining a million documents to it
 * is a million index probes; `submitted_at` keeps it on the row (backfilled
 * from the chain). Partial indexes over signed documents and open
 * dispositions carry what the dashboard reads, so it answers from them alone.
 */
export class Migration20261123181718_dashboard_submitted_signed extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "document" add column "submitted_at" timestamptz null;`);
    this.addSql(`update "document" d set "submitted_at" = e."at"
      from (select "subject_id", max("at") as "at" from "audit_event" where "action" = 'document.submit' and "subject_type" = 'document' group by "subject_id") e
      where e."subject_id" = d."id"::text;`);
    this.addSql(`create index "document_signed_index" on "document" ("agency_id", "signed_at") include ("status", "submitted_at") where "signed_at" is not null;`);
    this.addSql(`create index "disposition_open_index" on "disposition" ("created_at") include ("incoming_letter_id", "deadline") where "state" in ('sent', 'read', 'forwarded');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "disposition_open_index";`);
    this.addSql(`drop index "document_signed_index";`);
    this.addSql(`alter table "document" drop column "submitted_at";`);
  }

}
