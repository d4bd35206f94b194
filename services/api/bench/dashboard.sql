-- Dashboard bench data on top of the Tanah Bumbu demo seed: 50 agencies,
-- 1,000,000 documents over 2025-01 .. 2026-11 (80% finished: submitted and
-- signed 0 to 139 hours later, 1% cancelled), 60,000 surat masuk with 150,000
-- dispositions (a third still open), and per agency two performance agreements
-- a year (one superseded) with ten indicators reported every quarter.
-- Deterministic: the same run gives the same rows. :documents is BENCH_DOCUMENTS (default 1,000,000).
set maintenance_work_mem = '256MB';
insert into agency (region_id, code, name, address, phone, email, website, city, postal_code)
select 1, 'OPD' || lpad(g::text, 2, '0'), 'Perangkat Daerah Uji Beban ' || g, '', '', '', '', 'Batulicin', '72271' from generate_series(1, 44) g;
create temporary table ag as select row_number() over (order by id) - 1 as idx, id from agency;
create temporary table drafter as select min(id) as id from person;
create temporary table pos as select min(id) as id from position;
create temporary table idx as select indexname, indexdef from pg_indexes i where tablename = 'document' and not exists (select 1 from pg_constraint c where c.conname = i.indexname);
do $$ declare r record; begin for r in select indexname from idx loop execute 'drop index ' || r.indexname; end loop; end $$;
-- 1M documents over 2025-01-01 .. 2026-11-23, ~80% finished with submit and signature times.
insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at, submitted_at, signed_at)
select ag.id, 'nota_dinas', 'Naskah uji ' || g, '000.1.2.3', '[]', '[]', '{}', (select id from drafter), (select id from pos), st.status, ts.at, ts.at,
       case when st.status not in ('draft') then ts.at + ((g * 13) % 86400) * interval '1 second' end,
       case when st.status in ('signed', 'distributed', 'archived') then ts.at + ((g * 13) % 86400) * interval '1 second' + ((g::bigint * 7919) % 500000) * interval '1 second' end
from generate_series(1, :documents) g
join ag on ag.idx = g % 50
cross join lateral (select case when (g / 50) % 100 < 10 then 'draft' when (g / 50) % 100 < 15 then 'in_review' when (g / 50) % 100 < 18 then 'returned'
    when (g / 50) % 100 < 20 then 'approved' when (g / 50) % 100 = 20 then 'signing' when (g / 50) % 100 = 21 then 'cancelled' when (g / 50) % 100 < 40 then 'signed'
    when (g / 50) % 100 < 80 then 'distributed' else 'archived' end as status) st
cross join lateral (select timestamptz '2026-11-23 00:00:00+08' - ((g * 37) % 59616000) * interval '1 second' as at) ts;
do $$ declare r record; begin for r in select indexdef from idx loop execute r.indexdef; end loop; end $$;
-- 60,000 incoming letters, 150,000 dispositions, a third still open.
insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
select ag.id, 'AG/' || g, 'Pengirim', 'S/' || g, date '2025-01-01', timestamptz '2026-11-23 00:00:00+08' - ((g * 41) % 59616000) * interval '1 second', 'Surat ' || g, (select id from drafter), now()
from generate_series(1, 60000) g join ag on ag.idx = g % 50;
insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, deadline, state, created_at)
select l.id, (select id from pos), (select id from drafter), (select id from pos), 'Mohon ditindaklanjuti', l.received_at + interval '5 days',
       (array['sent','read','forwarded','done','done','done','done','done','withdrawn'])[1 + (l.id * k) % 9], l.received_at + interval '1 hour'
from incoming_letter l cross join generate_series(1, 3) k where l.agenda_number like 'AG/%' and (l.id + k) % 6 <> 0;
-- Two agreements per agency per year with 10 indicators reported each quarter.
insert into agreement (kind, agency_id, title, year, parties, status, created_at)
select 'kinerja', ag.id, 'PK ' || y || ' ' || v, y, '[]', case when v = 1 then 'superseded' else 'active' end, now() from ag, generate_series(2025, 2026) y, generate_series(1, 2) v;
insert into indicator (agreement_id, code, name, unit, target_year, target_q1, target_q2, target_q3, target_q4)
select g.id, 'IKU' || n, 'Indikator ' || n, '%', 100, 25, 50, 75, 100 from agreement g, generate_series(1, 10) n;
insert into progress_report (indicator_id, quarter, realisation, achievement, reported_by_id, reported_at)
select i.id, q, 20, 60 + (i.id * q) % 50, (select id from drafter), now() from indicator i, generate_series(1, 4) q;
