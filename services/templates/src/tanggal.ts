const bulan = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "2026-11-23" → "23 November 2026" (the way letters write dates). */
export function formatTanggal(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day} ${bulan[month - 1]} ${year}`;
}

/** NIP 197805122003121004 → "19780512 200312 1 004" (birth date, appointment, sex, serial). */
export function formatNip(nip: string): string {
  return `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
}
