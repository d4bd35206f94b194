import type { ArchiveFate, Role } from '../entities/index.js';

/**
 * Demo organisation: Pemerintah Kabupaten Tanah Bumbu (Kalimantan Selatan).
 * Agencies and titles follow the real structure; every person, NIP and NIK
 * is invented (valid shapes only).
 */
export const region = { code: '63.10', kind: 'kabupaten' as const, name: 'Pemerintah Kabupaten Tanah Bumbu', capital: 'Batulicin' };
/** Kalimantan Selatan is WITA. */
export const pemdaSetting = { name: region.name, timeZone: 'Asia/Makassar' as const };

const address = { city: 'Batulicin', postalCode: '72271' };
export const agencies = [
  { code: 'Setda', name: 'Sekretariat Daerah', address: 'Jl. Dharma Praja No. 1, Gunung Tinggi', phone: '(0518) 6070001', email: 'setda@tanahbumbukab.go.id', website: 'tanahbumbukab.go.id', ...address },
  { code: 'Diskominfosp', name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', address: 'Jl. Dharma Praja No. 3, Gunung Tinggi', phone: '(0518) 6070123', email: 'diskominfosp@tanahbumbukab.go.id', website: 'diskominfosp.tanahbumbukab.go.id', ...address },
  { code: 'Bappeda', name: 'Badan Perencanaan Pembangunan Daerah', address: 'Jl. Dharma Praja No. 5, Gunung Tinggi', phone: '(0518) 6070245', email: 'bappeda@tanahbumbukab.go.id', website: 'bappeda.tanahbumbukab.go.id', ...address },
  { code: 'Inspektorat', name: 'Inspektorat Daerah', address: 'Jl. Dharma Praja No. 7, Gunung Tinggi', phone: '(0518) 6070310', email: 'inspektorat@tanahbumbukab.go.id', website: 'inspektorat.tanahbumbukab.go.id', ...address },
  { code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', address: 'Jl. Raya Batulicin No. 12', phone: '(0518) 6070412', email: 'dpmptsp@tanahbumbukab.go.id', website: 'dpmptsp.tanahbumbukab.go.id', ...address },
  { code: 'BPKAD', name: 'Badan Pengelolaan Keuangan dan Aset Daerah', address: 'Jl. Dharma Praja No. 9, Gunung Tinggi', phone: '(0518) 6070520', email: 'bpkad@tanahbumbukab.go.id', website: 'bpkad.tanahbumbukab.go.id', ...address },
] as const;
export type AgencyCode = (typeof agencies)[number]['code'];

export const units = [
  { agency: 'Setda', code: 'UMUM', name: 'Bagian Umum' },
  { agency: 'Diskominfosp', code: 'SEKRETARIAT', name: 'Sekretariat' },
  { agency: 'Diskominfosp', code: 'APTIKA', name: 'Bidang Aplikasi Informatika' },
  { agency: 'Bappeda', code: 'PERENCANAAN', name: 'Bidang Perencanaan, Pengendalian dan Evaluasi' },
  { agency: 'Inspektorat', code: 'IRBAN1', name: 'Inspektur Pembantu Wilayah I' },
] as const;

/** `key` is a stable seed key; `superior` refers to another key. */
export const positions = [
  { key: 'bupati', agency: 'Setda', unit: null, title: 'Bupati Tanah Bumbu', eselon: null, superior: null },
  { key: 'sekda', agency: 'Setda', unit: null, title: 'Sekretaris Daerah', eselon: 'II.a', superior: 'bupati' },
  { key: 'kabag.umum', agency: 'Setda', unit: 'UMUM', title: 'Kepala Bagian Umum', eselon: 'III.a', superior: 'sekda' },
  { key: 'kadis.kominfo', agency: 'Diskominfosp', unit: null, title: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian', eselon: 'II.b', superior: 'sekda' },
  { key: 'sekdis.kominfo', agency: 'Diskominfosp', unit: 'SEKRETARIAT', title: 'Sekretaris Dinas Komunikasi, Informatika, Statistik dan Persandian', eselon: 'III.a', superior: 'kadis.kominfo' },
  { key: 'kabid.aptika', agency: 'Diskominfosp', unit: 'APTIKA', title: 'Kepala Bidang Aplikasi Informatika', eselon: 'III.b', superior: 'kadis.kominfo' },
  { key: 'staf.kominfo', agency: 'Diskominfosp', unit: 'APTIKA', title: 'Pranata Komputer Ahli Pertama', eselon: null, superior: 'kabid.aptika' },
  { key: 'admin', agency: 'Diskominfosp', unit: 'APTIKA', title: 'Pranata Komputer Ahli Muda (Administrator Sistem)', eselon: null, superior: 'kabid.aptika' },
  { key: 'tu.kominfo', agency: 'Diskominfosp', unit: 'SEKRETARIAT', title: 'Pengelola Naskah Dinas (Tata Usaha)', eselon: null, superior: 'sekdis.kominfo' },
  { key: 'kadis.bappeda', agency: 'Bappeda', unit: null, title: 'Kepala Badan Perencanaan Pembangunan Daerah', eselon: 'II.b', superior: 'sekda' },
  { key: 'kabid.bappeda', agency: 'Bappeda', unit: 'PERENCANAAN', title: 'Kepala Bidang Perencanaan, Pengendalian dan Evaluasi', eselon: 'III.b', superior: 'kadis.bappeda' },
  { key: 'tu.bappeda', agency: 'Bappeda', unit: null, title: 'Pengelola Naskah Dinas (Tata Usaha)', eselon: null, superior: 'kadis.bappeda' },
  { key: 'staf.bappeda', agency: 'Bappeda', unit: 'PERENCANAAN', title: 'Perencana Ahli Pertama', eselon: null, superior: 'kabid.bappeda' },
  { key: 'inspektur', agency: 'Inspektorat', unit: null, title: 'Inspektur Daerah', eselon: 'II.b', superior: 'sekda' },
  { key: 'auditor.inspektorat', agency: 'Inspektorat', unit: 'IRBAN1', title: 'Auditor Ahli Madya', eselon: null, superior: 'inspektur' },
  { key: 'auditor.rahasia', agency: 'Inspektorat', unit: 'IRBAN1', title: 'Auditor Ahli Utama', eselon: null, superior: 'inspektur' },
  { key: 'kadis.dpmptsp', agency: 'DPMPTSP', unit: null, title: 'Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', eselon: 'II.b', superior: 'sekda' },
  { key: 'kaban.bpkad', agency: 'BPKAD', unit: null, title: 'Kepala Badan Pengelolaan Keuangan dan Aset Daerah', eselon: 'II.b', superior: 'sekda' },
] as const;
export type PositionKey = (typeof positions)[number]['key'];

/**
 * People; `username` present means a demo login (password `naskah-demo`).
 * NIP: birth date (8) + appointment year-month (6) + sex (1) + serial (3).
 * NIK: 6310xx district code (6) + birth date DDMMYY, +40 on DD for women (6) + serial (4).
 */
export const people: readonly {
  position: PositionKey; name: string; nip: string | null; nik: string; username?: string; roles?: Role[];
  /** Granted Rahasia / Sangat Rahasia beyond their own correspondence (auditors, oversight leaders). */
  classifiedAccess?: boolean;
  signer?: boolean; email: string;
}[] = [
  { position: 'bupati', name: 'H. Rahmat Hidayatullah, S.E., M.M.', nip: null, nik: '6310011203710001', username: 'bupati', roles: ['signer', 'leader'], signer: true, email: 'bupati@tanahbumbukab.go.id' },
  { position: 'sekda', name: 'Dr. Hj. Siti Aisyah Rahmani, M.Si.', nip: '197105232000032004', nik: '6310016305710002', username: 'sekda', roles: ['signer', 'leader', 'reviewer'], signer: true, email: 'sekda@tanahbumbukab.go.id' },
  { position: 'kabag.umum', name: 'Ahmad Fauzan Noor, S.Sos.', nip: '197806142005011003', nik: '6310011406780003', email: 'umum.setda@tanahbumbukab.go.id' },
  { position: 'kadis.kominfo', name: 'Ir. Muhammad Ridwan Saputra, M.T.', nip: '197502182002121002', nik: '6310031802750004', username: 'kadis.kominfo', roles: ['signer', 'leader', 'reviewer'], signer: true, email: 'kadis@diskominfosp.tanahbumbukab.go.id' },
  { position: 'sekdis.kominfo', name: 'Nurul Hidayati, S.Kom., M.M.', nip: '198003092006042005', nik: '6310034903800005', username: 'sekdis.kominfo', roles: ['reviewer', 'drafter', 'signer'], signer: true, email: 'sekdis@diskominfosp.tanahbumbukab.go.id' },
  { position: 'kabid.aptika', name: 'Budi Santoso Wijaya, S.T., M.Kom.', nip: '198407212009031006', nik: '6310032107840006', username: 'kabid.aptika', roles: ['reviewer', 'drafter'], email: 'aptika@diskominfosp.tanahbumbukab.go.id' },
  { position: 'staf.kominfo', name: 'Rina Oktaviani, S.Kom.', nip: '199510102020122007', nik: '6310035010950007', username: 'staf.kominfo', roles: ['drafter'], email: 'rina.oktaviani@diskominfosp.tanahbumbukab.go.id' },
  { position: 'admin', name: 'Yusuf Maulana, S.Kom.', nip: '199204152019031008', nik: '6310031504920008', username: 'admin', roles: ['admin'], email: 'admin@diskominfosp.tanahbumbukab.go.id' },
  { position: 'tu.kominfo', name: 'Dewi Lestari', nip: '199008082014022009', nik: '6310034808900009', username: 'tu.kominfo', roles: ['secretariat'], email: 'tu@diskominfosp.tanahbumbukab.go.id' },
  { position: 'kadis.bappeda', name: 'Drs. H. Abdul Gafur Hasan, M.Si.', nip: '197012011998031010', nik: '6310050112700010', username: 'kadis.bappeda', roles: ['signer', 'leader', 'reviewer'], signer: true, email: 'kepala@bappeda.tanahbumbukab.go.id' },
  { position: 'kabid.bappeda', name: 'Fitriani Rahmah, S.E., M.Ec.Dev.', nip: '198506302010012011', nik: '6310057006850011', username: 'kabid.bappeda', roles: ['reviewer', 'drafter'], email: 'ppe@bappeda.tanahbumbukab.go.id' },
  { position: 'tu.bappeda', name: 'Hendra Gunawan', nip: '199302172015031012', nik: '6310051702930012', username: 'tu.bappeda', roles: ['secretariat'], email: 'tu@bappeda.tanahbumbukab.go.id' },
  { position: 'staf.bappeda', name: 'Ahmad Fauzi Rahman, S.P.W.K.', nip: '199604142022031017', nik: '6310051404960017', username: 'staf.bappeda', roles: ['drafter'], email: 'ahmad.fauzi@bappeda.tanahbumbukab.go.id' },
  { position: 'inspektur', name: 'H. Syahrani Effendi, S.H., M.H.', nip: '196909091995031013', nik: '6310070909690013', username: 'inspektur', roles: ['leader', 'reviewer'], classifiedAccess: true, email: 'inspektur@inspektorat.tanahbumbukab.go.id' },
  { position: 'auditor.inspektorat', name: 'Maya Puspitasari, S.E., Ak.', nip: '198811112012022014', nik: '6310075111880014', username: 'auditor.inspektorat', roles: ['auditor'], email: 'maya.p@inspektorat.tanahbumbukab.go.id' },
  { position: 'auditor.rahasia', name: 'Drs. Bambang Sutrisno, M.Ak.', nip: '197208172000031018', nik: '6310071708720018', username: 'auditor.rahasia', roles: ['auditor'], classifiedAccess: true, email: 'bambang.s@inspektorat.tanahbumbukab.go.id' },
  { position: 'kadis.dpmptsp', name: 'Ir. Hairul Anwar, M.P.', nip: '197304041999031015', nik: '6310090404730015', email: 'kepala@dpmptsp.tanahbumbukab.go.id' },
  { position: 'kaban.bpkad', name: 'Hj. Norhayati, S.E., M.Ak.', nip: '197411222001122016', nik: '6310096211740016', email: 'kepala@bpkad.tanahbumbukab.go.id' },
];

/** A slice of the JRA (Permendagri 83/2022 codes) enough for the demo and tests. */
export const retentionRules: readonly { codePrefix: string; description: string; activeYears: number; inactiveYears: number; fate: ArchiveFate }[] = [
  { codePrefix: '000', description: 'Umum', activeYears: 2, inactiveYears: 3, fate: 'musnah' },
  { codePrefix: '000.1', description: 'Ketatausahaan dan kerumahtanggaan', activeYears: 1, inactiveYears: 1, fate: 'musnah' },
  { codePrefix: '000.1.2', description: 'Persuratan: surat dinas rutin', activeYears: 1, inactiveYears: 1, fate: 'musnah' },
  { codePrefix: '000.5', description: 'Perencanaan dan pelaporan', activeYears: 2, inactiveYears: 4, fate: 'permanen' },
  { codePrefix: '000.5.3', description: 'Laporan kinerja (LKjIP)', activeYears: 2, inactiveYears: 4, fate: 'permanen' },
  { codePrefix: '000.7', description: 'Perjanjian kerja sama', activeYears: 5, inactiveYears: 5, fate: 'permanen' },
  { codePrefix: '000.8', description: 'Perjanjian kinerja', activeYears: 2, inactiveYears: 5, fate: 'permanen' },
  { codePrefix: '400.14', description: 'Komunikasi dan informatika', activeYears: 2, inactiveYears: 3, fate: 'dinilai_kembali' },
  { codePrefix: '900.1', description: 'Keuangan daerah: penganggaran', activeYears: 2, inactiveYears: 8, fate: 'permanen' },
];

export const demoPassword = 'naskah-demo';
