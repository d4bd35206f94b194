import { Migration } from '@mikro-orm/migrations';

/**
 * The documents list reads the viewer's visible set as a union of branches,
 * each walked in the list's order up to one page; the "positions I sign for"
 * branch had no index and read every document of the requested type.
 */
export class Migration20261206233000_document_signer_index extends Migration {


  override up(): void | Promise<void> {
    this.addSql(`create index "document_signer_position_id_status_created_at_index" on "document" ("signer_position_id", "status", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_signer_position_id_status_created_at_index";`);
  }

}
