import { Migration } from '@mikro-orm/migrations';

/**
 * The document types the admin marks for the institution's electronic seal
 * (segel elektronik, issue 21): none until an admin marks one.
 */
export class Migration20261207061000_sealed_document_types extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "pemda_setting" add column "sealed_document_types" text[] not null default '{}';`);
    // The default only fills the existing row: every write names the list.
    this.addSql(`alter table "pemda_setting" alter column "sealed_document_types" drop default;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "pemda_setting" drop column "sealed_document_types";`);
  }

}
