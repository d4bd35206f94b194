import { Migration } from '@mikro-orm/migrations';

/**
 * The documents list's join branches (documentVisibilityBranches: routing
 * steps of the viewer's positions, deliveries to the positions they oversee)
 * could not be read in the list's order: a head of agency's page joined every
 * one of the 20,000 steps (or 12,000 deliveries) to its document, or scanned
 * every document of the filtered status and type, before keeping 25 (bench:api
 * on 1M documents: three sequential scans, 830 ms alone). Each step and
 * recipient row now carries its document's creation time, copied by a trigger
 * when the row is written (a document's created_at never changes), so a page
 * walks each position's rows newest first and stops after one page.
 */
export class Migration20261207150000_position_walk_by_document_date extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create function "document_created_at_copy"() returns trigger language plpgsql as $$
begin
  select d.created_at into new.document_created_at from document d where d.id = new.document_id;
  return new;
end $$;`);
    for (const table of ['routing_step', 'document_recipient']) {
      this.addSql(`alter table "${table}" add column "document_created_at" timestamptz null;`);
      this.addSql(`update "${table}" t set "document_created_at" = d.created_at from "document" d where d.id = t.document_id;`);
      this.addSql(`create trigger "${table}_document_created_at" before insert or update of "document_id" on "${table}" for each row execute function "document_created_at_copy"();`);
    }
    this.addSql(`create index "routing_step_position_document_created_at_index" on "routing_step" ("position_id", "document_created_at", "document_id");`);
    this.addSql(`create index "document_recipient_delivered_document_created_at_index" on "document_recipient" ("position_id", "document_created_at", "document_id") where "delivered_at" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_recipient_delivered_document_created_at_index";`);
    this.addSql(`drop index "routing_step_position_document_created_at_index";`);
    for (const table of ['routing_step', 'document_recipient']) {
      this.addSql(`drop trigger "${table}_document_created_at" on "${table}";`);
      this.addSql(`alter table "${table}" drop column "document_created_at";`);
    }
    this.addSql(`drop function "document_created_at_copy"();`);
  }

}
