import { Migration } from '@mikro-orm/migrations';

/**
 * The documents list's "positions I sign for" branch, read one position at a
 * time newest first (as the step and delivery branches are): in date order
 * whatever the filter, where (signer_position_id, status, created_at) is in
 * date order only when the list filters one status (bench:api: a head's page
 * read and sorted all 12,000 of their distributed letters to keep 26 nota dinas).
 */
export class Migration20261207151000_document_signer_date_index extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create index "document_signer_position_id_created_at_index" on "document" ("signer_position_id", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_signer_position_id_created_at_index";`);
  }

}
