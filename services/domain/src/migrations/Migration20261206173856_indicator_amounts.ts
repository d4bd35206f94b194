import { Migration } from '@mikro-orm/migrations';

/**
 * Indicator targets and realisations as numeric(17,2) (under 10^15) instead of
 * numeric(14,2) (under 10^12): a money indicator can be a regency's whole
 * budget, a few trillion rupiah. The values themselves are bounded by their
 * unit (indicatorValueRules), checked where they are entered. Widening keeps
 * every stored value.
 */
export class Migration20261206173856_indicator_amounts extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`alter table "indicator" alter column "target_year" type numeric(17,2), alter column "target_q1" type numeric(17,2), alter column "target_q2" type numeric(17,2), alter column "target_q3" type numeric(17,2), alter column "target_q4" type numeric(17,2);`);
    this.addSql(`alter table "progress_report" alter column "realisation" type numeric(17,2);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "indicator" alter column "target_year" type numeric(14,2), alter column "target_q1" type numeric(14,2), alter column "target_q2" type numeric(14,2), alter column "target_q3" type numeric(14,2), alter column "target_q4" type numeric(14,2);`);
    this.addSql(`alter table "progress_report" alter column "realisation" type numeric(14,2);`);
  }

}
