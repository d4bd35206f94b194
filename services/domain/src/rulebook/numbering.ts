// How Naskah writes its numbers. The allocation (locks, sequences, audit) is in
// ../numbering; these are the formats, pure so any package can print them.

/** Nomor naskah: `<kode klasifikasi>/<nomor urut, 4 digits>/<kode unit>/<tahun>` (Permendagri 83/2022 pattern). */
export function formatNumber(archiveCode: string, value: number, unitCode: string, year: number): string {
  return `${archiveCode}/${String(value).padStart(4, '0')}/${unitCode}/${year}`;
}

/** Nomor agenda surat masuk: `<nomor urut, 4 digits>/SM/<tahun>`, counted per agency and year of receipt. */
export function formatAgendaNumber(value: number, year: number): string {
  return `${String(value).padStart(4, '0')}/SM/${year}`;
}
