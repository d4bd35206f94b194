import { Migration } from '@mikro-orm/migrations';

/**
 * Stored capaian (progress_report.achievement) recomputed by the rulebook's
 * rule (services/domain/src/rulebook/achievement.ts, as of this migration):
 * higher is better realisation / target × 100; lower is better
 * (2 − realisation / target) × 100; floored at 0, capped at 120, two
 * decimals; a zero target is 100 when nothing was realised, else 120 (higher)
 * or 0 (lower). Rows written before it used target / realisation for lower is
 * better and no cap (target 10, realisation 20: 50 % where the rule says 0 %),
 * so the screens, the dashboard and the workflow's reports disagreed.
 * The old values are not kept: down leaves the recomputed ones.
 */
export class Migration20261206203040_capaian_rulebook extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`update "progress_report" r set "achievement" = (
      select round(least(120, greatest(0,
        case when t.target = 0 then case when r.realisation = 0 then 100 when t.direction = 'higher' then 120 else 0 end
             when t.direction = 'higher' then r.realisation / t.target * 100
             else (2 - r.realisation / t.target) * 100 end)), 2)
      from (select i.direction, case r.quarter when 1 then i.target_q1 when 2 then i.target_q2 when 3 then i.target_q3 else i.target_q4 end as target
              from "indicator" i where i.id = r.indicator_id) t);`);
  }

  override down(): void | Promise<void> {
    // The earlier values came from a formula that disagreed with itself; there is nothing worth restoring.
  }

}
