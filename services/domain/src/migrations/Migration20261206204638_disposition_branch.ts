import { Migration } from '@mikro-orm/migrations';

/**
 * Disposition rows are written by the DispositionWorkflow's activities, one row
 * per branch of the workflow: (workflow_id, branch_id) names it, so a retried
 * activity finds the row it wrote instead of writing a second one.
 */
export class Migration20261206204638_disposition_branch extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "disposition" add column "branch_id" varchar(16) null;`);
    this.addSql(`alter table "disposition" add constraint "disposition_workflow_id_branch_id_unique" unique ("workflow_id", "branch_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "disposition" drop constraint "disposition_workflow_id_branch_id_unique";`);
    this.addSql(`alter table "disposition" drop column "branch_id";`);
  }

}
