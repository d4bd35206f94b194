import { Migration } from '@mikro-orm/migrations';

export class Migration20261123161133_unread_index extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create index "document_recipient_unread_index" on "document_recipient" ("position_id", "kind") where "delivered_at" is not null and "read_at" is null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_recipient_unread_index";`);
  }

}
