import { Migration } from '@mikro-orm/migrations';

/**
 * A server-rendered version keeps where its signers' stamps go (page and rect per signer, as the
 * template laid it out), so signing reads the place instead of laying the letter out again.
 * Versions rendered before this stay null: the layout of their render input is not reproducible
 * in SQL, so signing computes their slots once, from that input, when it signs them.
 */
export class Migration20261207054112_version_signature_slots extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "document_version" add column "signature_slots" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document_version" drop column "signature_slots";`);
  }

}
