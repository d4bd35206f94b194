import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15, auth hardening: server-side refresh tokens (rotation, reuse
 * detection, logout), a login throttle shared by every API process, and an
 * unguessable verification token per signed version for the QR code.
 */
export class Migration20261206173100_auth_hardening extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "refresh_token" ("id" serial primary key, "token_hash" varchar(64) not null, "family_id" uuid not null, "user_id" int not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_token_family_id_index" on "refresh_token" ("family_id");`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);

    this.addSql(`create table "login_throttle" ("key" varchar(200) not null, "username" varchar(64) null, "address" varchar(64) null, "failures" int not null default 0, "blocked_until" timestamptz null, "last_failure_at" timestamptz null, primary key ("key"));`);
    this.addSql(`create index "login_throttle_username_index" on "login_throttle" ("username");`);

    this.addSql(`alter table "document_version" add "verification_token" varchar(64) null;`);
    // Signed versions made before this migration get a token too: base64url (no padding) of 32 bytes
    // taken from two random UUIDs (244 random bits; PostgreSQL has gen_random_uuid without pgcrypto).
    // Their printed QR codes named the document id and stop working; nothing is deployed yet.
    this.addSql(`update "document_version" set "verification_token" = rtrim(translate(encode(decode(
        replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/', '-_'), '=')
      where "reason" = 'signed';`);
    this.addSql(`alter table "document_version" add constraint "document_version_verification_token_unique" unique ("verification_token");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document_version" drop constraint "document_version_verification_token_unique";`);
    this.addSql(`alter table "document_version" drop column "verification_token";`);
    this.addSql(`drop table if exists "login_throttle" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
  }

}
