import { Migration } from '@mikro-orm/migrations';

/**
 * The PUBLIC_BASE_URL an internal-CA certificate was issued with: its AIA,
 * OCSP and CRL addresses hang under it, and they stay in the certificate when
 * the setting changes later. Null for existing rows and gateway certificates.
 */
export class Migration20261206201929_certificate_public_base_url extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "certificate" add column "public_base_url" varchar(255) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "certificate" drop column "public_base_url";`);
  }

}
