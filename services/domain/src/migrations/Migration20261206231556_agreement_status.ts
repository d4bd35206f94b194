import { Migration } from '@mikro-orm/migrations';

/**
 * One status vocabulary for agreements (the rulebook's agreementStatuses), as
 * the AgreementWorkflow reports it: `reporting` and `closed` join.
 */
export class Migration20261206231556_agreement_status extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "agreement" drop constraint if exists "agreement_status_check";`);
    this.addSql(`alter table "agreement" add constraint "agreement_status_check" check ("status" in ('draft', 'signing', 'active', 'reporting', 'closed', 'superseded'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agreement" drop constraint if exists "agreement_status_check";`);
    this.addSql(`update "agreement" set "status" = 'active' where "status" in ('reporting', 'closed');`);
    this.addSql(`alter table "agreement" add constraint "agreement_status_check" check ("status" in ('draft', 'signing', 'active', 'superseded'));`);
  }

}
