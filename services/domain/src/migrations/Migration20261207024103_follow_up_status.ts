import { Migration } from '@mikro-orm/migrations';

/**
 * A tindak lanjut says whether the task is finished or only partly (the rulebook's
 * followUpStatuses); its attachment (PDF or image) is the existing follow_up_object_key.
 */
export class Migration20261207024103_follow_up_status extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "disposition" add column "follow_up_status" text check ("follow_up_status" in ('selesai', 'sebagian')) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "disposition" drop column "follow_up_status";`);
  }

}
