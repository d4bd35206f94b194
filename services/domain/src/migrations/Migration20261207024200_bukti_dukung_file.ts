import { Migration } from '@mikro-orm/migrations';

/**
 * Bukti dukung as a file: a progress report keeps the stored file's hash, the
 * name it was uploaded under, its media type and size beside the object key
 * (the bytes live in MinIO; only this reference travels through the workflow).
 */
export class Migration20261207024200_bukti_dukung_file extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "progress_report" add column "evidence_sha256" varchar(64) null, add column "evidence_name" varchar(255) null, add column "evidence_content_type" varchar(64) null, add column "evidence_size" bigint null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "progress_report" drop column "evidence_sha256", drop column "evidence_name", drop column "evidence_content_type", drop column "evidence_size";`);
  }

}
