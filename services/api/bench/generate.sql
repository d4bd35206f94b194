-- Bench data on top of the Tanah Bumbu demo seed: 50 agencies, ~5,000 people
-- (one per position), 1,000,000 documents (statuses spread evenly over agencies) with a signing step and an
-- addressee each. Deterministic: the same run gives the same rows.
-- :sekda is the Sekretaris Daerah's position id; bench_head(agency_id, position_id)
-- holds the head of each seed agency before this runs.

insert into agency (region_id, code, name, address, phone, email, website, city, postal_code)
select 1, 'OPD' || lpad(g::text, 2, '0'), 'Perangkat Daerah Uji Beban ' || g, 'Jl. Uji No. ' || g, '', '', '', 'Batulicin', '72271'
from generate_series(1, 44) g;

insert into position (agency_id, title, eselon, superior_id)
select a.id, 'Kepala ' || a.name, 'II.b', :sekda from agency a where a.code like 'OPD%';
insert into bench_head (agency_id, position_id)
select p.agency_id, p.id from position p join agency a on a.id = p.agency_id where a.code like 'OPD%' and p.eselon = 'II.b';

-- 99 staff positions under each of the 50 heads.
insert into position (agency_id, title, eselon, superior_id)
select h.agency_id, 'Pelaksana ' || n, null, h.position_id from bench_head h, generate_series(1, 99) n;

-- One person for every generated position (heads of generated agencies included).
insert into person (name, nip, nik, email, phone, agency_id, position_id)
select 'Pegawai Uji ' || p.id, '1990' || lpad(p.id::text, 14, '0'), '6310' || lpad(p.id::text, 12, '0'), '', '', p.agency_id, p.id
from position p where p.title like 'Pelaksana %' or (p.title like 'Kepala Perangkat Daerah Uji Beban %');

create temporary table bench_staff as
select row_number() over (order by h.agency_id) - 1 as idx, h.agency_id, h.position_id as head_id,
       (select array_agg(pe.id order by pe.id) from person pe where pe.agency_id = h.agency_id and pe.name like 'Pegawai Uji %') as drafters
from bench_head h;

insert into document (agency_id, type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content,
                      drafter_id, signer_position_id, status, number, created_at, updated_at)
select s.agency_id,
       (array['nota_dinas','memo','surat_dinas','surat_undangan','surat_edaran','surat_tugas','berita_acara','laporan','telaahan_staf'])[1 + g % 9],
       'Naskah uji ' || g || ' tentang ' || (array['rapat koordinasi','laporan kegiatan','permohonan data','undangan sosialisasi','pengadaan barang','cuti pegawai','monitoring SPBE','evaluasi kinerja','perjalanan dinas','pemeliharaan jaringan'])[1 + (g / 7) % 10],
       (array['biasa','biasa','biasa','segera','sangat_segera'])[1 + g % 5],
       case when g % 50 = 0 then 'rahasia' when g % 7 = 0 then 'terbatas' else 'biasa' end,
       (array['000.1.2.3','000.1.5','400.14.1','900.1.2','000.5.3'])[1 + g % 5],
       g % 3, '[]', '[]', '{}',
       s.drafters[1 + (g / 50) % array_length(s.drafters, 1)], s.head_id,
       st.status,
       case when st.status in ('signed', 'distributed') then 'B/' || g || '/' || s.agency_id || '/' || extract(year from ts.at) end,
       ts.at, ts.at
from generate_series(1, :documents) g
join bench_staff s on s.idx = g % 50
cross join lateral (select case
    when (g / 50) % 100 < 10 then 'draft' when (g / 50) % 100 < 15 then 'in_review' when (g / 50) % 100 < 18 then 'returned'
    when (g / 50) % 100 < 20 then 'approved' when (g / 50) % 100 = 20 then 'signing' when (g / 50) % 100 < 40 then 'signed' else 'distributed' end as status) st
cross join lateral (select timestamptz '2025-12-31 00:00:00+08' - ((g * 37) % 63072000) * interval '1 second' as at) ts;

-- The head of the drafting agency signs; pending while the document is at signing.
insert into routing_step (document_id, kind, step_order, position_id, state, acted_at)
select d.id, 'sign', 1, d.signer_position_id,
       case when d.status = 'signing' then 'pending' when d.status in ('signed', 'distributed') then 'done' else 'waiting' end,
       case when d.status in ('signed', 'distributed') then d.created_at + interval '1 day' end
from document d;

-- Addressed to the head of another agency; delivered once distributed.
insert into document_recipient (document_id, position_id, kind, delivered_at, read_at)
select d.id, s2.head_id, 'kepada',
       case when d.status = 'distributed' then d.created_at + interval '2 days' end,
       -- Read within a day, except what arrived in the last weeks of the period (a realistic unread badge).
       case when d.status = 'distributed' and d.created_at < timestamptz '2025-12-10 00:00:00+08' then d.created_at + interval '3 days' end
from document d
join bench_staff s1 on s1.agency_id = d.agency_id
join bench_staff s2 on s2.idx = (s1.idx + 1 + d.id % 49) % 50;
