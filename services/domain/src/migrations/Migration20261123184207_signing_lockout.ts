import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184207_signing_lockout extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "app_user" add column "failed_signings" int not null default 0, add column "signing_locked_until" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "app_user" drop column "failed_signings", drop column "signing_locked_until";`);
  }

}
