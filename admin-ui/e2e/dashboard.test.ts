// The leaders' dashboard in the browser, on records put in the database of
// this run: the table, the region cards, the period filter and the CSV.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import pg from 'pg';
import { openOrm, rebuildDashboardDays } from '@naskah/domain';
import type { Locator, Page } from 'playwright-core';
import { openAs, rawKeys, screenshot, settled, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let db: pg.Client;
const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar', year: 'numeric' }).format(new Date());
const names: Record<string, string> = {};

async function doc(agency: string, status: string, created: string, submitted: string | null, signed: string | null): Promise<void> {
  await db.query(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at, submitted_at, signed_at)
     select a.id, 'nota_dinas', 'Naskah dasbor', '000.1.2.3', '[]', '[]', '{}', (select person_id from app_user where username = 'staf.kominfo'), $2, $3::timestamptz, coalesce($5::timestamptz, $3::timestamptz), $4::timestamptz, $5::timestamptz
       from agency a where a.code = $1`,
    [agency, status, `${year}-${created}+08:00`, submitted && `${year}-${submitted}+08:00`, signed && `${year}-${signed}+08:00`]);
}

/** The rows below go straight into the tables, past the writers that keep the dashboard's per-day rows: the backfill rolls them up. */
async function backfill(): Promise<void> {
  const orm = await openOrm({ databaseUrl: stack.db.url });
  try {
    await orm.em.fork().transactional((tx) => rebuildDashboardDays(tx));
  } finally {
    await orm.close(true);
  }
}

/** The texts of a chart's <svg> that reach outside its box. */
async function textsOutside(svg: Locator): Promise<string[]> {
  return svg.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
    }).map((t) => t.textContent ?? '');
  });
}

beforeAll(async () => {
  stack = await startConsoleStack();
  db = new pg.Client({ connectionString: stack.db.url });
  await db.connect();
  for (const row of (await db.query<{ code: string; name: string }>('select code, name from agency')).rows) names[row.code] = row.name;
  // Diskominfosp in January: signed after 2 and 5 hours, one cancelled, one overdue disposition; Bappeda: 10 hours.
  await doc('Diskominfosp', 'archived', '01-05T07:00:00', '01-05T08:00:00', '01-05T10:00:00');
  await doc('Diskominfosp', 'distributed', '01-06T07:00:00', '01-06T08:00:00', '01-06T13:00:00');
  await doc('Diskominfosp', 'cancelled', '01-07T07:00:00', '01-07T08:00:00', null);
  await doc('Bappeda', 'archived', '01-08T07:00:00', '01-08T08:00:00', '01-08T18:00:00');
  await db.query(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
     select a.id, 'AG/DASBOR/1', 'BSSN', 'B-1/BSSN', $1, $2, 'Undangan', (select person_id from app_user where username = 'tu.kominfo'), now() from agency a where a.code = 'Diskominfosp'`,
    [`${year}-01-02`, `${year}-01-02T09:00:00+08:00`]);
  await db.query(
    `insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, deadline, state, created_at)
     select l.id, p.id, p.person_id, p.aptika, 'Mohon ditindaklanjuti', $1, 'sent', $2 from incoming_letter l,
       (select po.id, pe.id as person_id, (select per.position_id from person per join app_user u on u.person_id = per.id where u.username = 'kabid.aptika') as aptika
          from app_user u join person pe on pe.id = u.person_id join position po on po.id = pe.position_id where u.username = 'kadis.kominfo') p
      where l.agenda_number = 'AG/DASBOR/1'`,
    [`${year}-01-04T16:00:00+08:00`, `${year}-01-02T10:00:00+08:00`]);
  await backfill();
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
});

const cells = async (page: Page, name: string) =>
  page.getByTestId('dashboard-table').getByRole('row').filter({ hasText: name }).first().getByRole('cell').allInnerTexts();

describe('leaders’ dashboard', () => {
  test('the Bupati sees every agency, region totals, a period filter and a CSV in Indonesian', async () => {
    const page = await openAs(stack, 'bupati', `/dasbor`);
    await page.getByTestId('dashboard-table').getByText(names['Diskominfosp']!).waitFor();
    // Created, signed, adoption, median h, p90 h, open, overdue, achievement — in Indonesian number format.
    expect(await cells(page, names['Diskominfosp']!)).toEqual([names['Diskominfosp'], '3', '2', '66,7%', '3,5', '4,7', '1', '1', '—']);
    expect(await cells(page, names['Bappeda']!)).toEqual([names['Bappeda'], '1', '1', '100%', '10', '10', '0', '0', '—']);
    expect(await cells(page, 'Seluruh perangkat daerah')).toEqual(['Seluruh perangkat daerah', '4', '3', '75%', '5', '9', '1', '1', '—']);
    const cards = await page.getByTestId('dashboard-totals').innerText();
    expect(cards).toContain('Naskah ditandatangani (TTE)');
    expect(cards).toContain('dari 1 disposisi terbuka');
    // Issue 19: adoption is of the routings that ended (3 TTE + 1 cancelled), said on the card, not "of all letters".
    expect(cards).toContain('3 dengan TTE dari 4 naskah yang alurnya berakhir');
    // The charts show the agencies with a figure, not a bar row for every agency of the Pemda.
    const table = await page.getByTestId('dashboard-table').getByRole('row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const withAdoption = table.filter((c) => c.length > 0 && c[0] !== 'Seluruh perangkat daerah' && c[3] !== '—').length;
    expect(withAdoption).toBe(2);
    await expect(page.getByTestId('chart-tte').locator('svg g').count()).resolves.toBe(withAdoption);
    // Issue 19: every label of the agency chart (codes, 66,7% and 100,0%, the 100% mark) inside the chart's box, on a desk and a phone.
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      expect(await textsOutside(page.getByTestId('chart-tte').locator('svg'))).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`dasbor-opd-${year}-01-01-${year}-12-31.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFKode;Perangkat Daerah;Naskah dibuat;Naskah ditandatangani \(TTE\);/);
    expect(csv).toContain(`Diskominfosp;${names['Diskominfosp']};3;2;1;66,67;3,5;4,7;1;1;0;0;`);

    // February holds none of it.
    await page.getByTestId('dashboard-from').fill(`${year}-02-01`);
    await page.getByTestId('dashboard-to').fill(`${year}-02-28`);
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-testid="dashboard-table"] tr')]
      .some((tr) => tr.textContent?.startsWith(name) && tr.querySelectorAll('td')[1]?.textContent === '0'), names['Diskominfosp']!);
    expect(await cells(page, names['Diskominfosp']!)).toEqual([names['Diskominfosp'], '0', '0', '—', '—', '—', '0', '0', '—']);
    await expect(page.getByTestId('chart-tte').innerText()).resolves.toBe('Belum ada angka pada periode ini.');
    await page.close();
  });

  test('staff see their own agency only', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/dasbor`);
    await page.getByText('Hanya perangkat daerah Anda').waitFor();
    const rows = await page.getByTestId('dashboard-table').getByRole('row').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(names['Diskominfosp']);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  // Issue 19: "no drill-down from an overdue count or an agency bar to the items". Runs last: it adds records.
  test('the overdue count and an agency\'s bar open their items, already filtered', async () => {
    // Two more branches of the same letter that are not overdue: one open but not yet due, one followed up after its deadline.
    await db.query(
      `insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, deadline, state, created_at)
       select d.incoming_letter_id, d.from_position_id, d.from_person_id, d.to_position_id, 'Untuk diketahui', x.deadline, x.state, d.created_at
         from disposition d, (values (now() + interval '7 days', 'sent'), ($1::timestamptz, 'done')) x(deadline, state)`, [`${year}-01-04T16:00:00+08:00`]);
    // A perjanjian kinerja of Diskominfosp with its first quarter reported, and one of Bappeda with nothing reported yet.
    const agreement = async (code: string, title: string, party: string) => (await db.query<{ id: number }>(
      `insert into agreement (kind, agency_id, title, year, version, parties, parallel, status, created_at)
       select 'kinerja', a.id, $2, $3, 1, jsonb_build_array((select pe.position_id from person pe join app_user u on u.person_id = pe.id where u.username = $4)), false, 'active', now()
         from agency a where a.code = $1 returning id`, [code, title, Number(year), party])).rows[0]!.id;
    const kominfo = await agreement('Diskominfosp', `Perjanjian Kinerja Diskominfosp ${year}`, 'kadis.kominfo');
    await agreement('Bappeda', `Perjanjian Kinerja Bappeda ${year}`, 'kadis.bappeda');
    await db.query(
      `with i as (insert into indicator (agreement_id, code, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4)
                  values ($1, 'IKU-1', 'Indeks SPBE', 'indeks', 'higher', 3.5, 3.5, 3.5, 3.5, 3.5) returning id)
       insert into progress_report (indicator_id, quarter, realisation, achievement, reported_by_id, reported_at)
       select i.id, 1, 3, 85.71, (select person_id from app_user where username = 'kadis.kominfo'), now() from i`, [kominfo]);
    await backfill();

    const page = await openAs(stack, 'bupati', `/dasbor`);
    await page.getByTestId('dashboard-table').getByText(names['Diskominfosp']!).waitFor();
    // Still one overdue of three open: the count opens exactly that one.
    expect(await page.getByTestId('dashboard-totals').innerText()).toContain('dari 2 disposisi terbuka');
    expect(await page.getByTestId('overdue-link-Diskominfosp').innerText()).toBe('1');
    await page.getByTestId('overdue-link').click();
    await page.waitForURL(/\/dispositions\?/);
    await page.getByText('Undangan').first().waitFor();
    await settled(page);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Hanya yang terlambat').isChecked()).toBe(true);
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'dashboard-overdue-drilldown');

    // The achievement chart: only the agency with a reported quarter has a bar (Bappeda's agreement has none yet);
    // the bar opens that agency's agreements.
    await page.goto(`${stack.baseUrl}/dasbor`);
    const chart = page.getByTestId('chart-achievement');
    await chart.locator('a').first().waitFor();
    expect(await chart.getAttribute('data-bars')).toBe('1');
    expect(await chart.locator('a').getAttribute('aria-label')).toBe('Diskominfosp: 85,7%');
    await chart.locator('a').click();
    await page.waitForURL(/\/agreements\?/);
    await page.getByText(`Perjanjian Kinerja Diskominfosp ${year}`).waitFor();
    await settled(page);
    expect(await page.getByText(`Perjanjian Kinerja Bappeda ${year}`).count()).toBe(0);
    await page.close();
  });
});
