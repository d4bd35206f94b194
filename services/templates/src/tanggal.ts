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

/** The zones of Indonesia by their Indonesian names; another zone prints its UTC offset. */
const zonaIndonesia: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/**
 * When a reviewer initialled, as the paraf box prints it (the same shape as the paraf stamp's):
 * "7 Des 2026" over "10:15 WITA", the wall clock in the Pemda's zone.
 */
export function formatWaktuParaf(iso: string, timeZone: string): { tanggal: string; pukul: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const zona = zonaIndonesia[timeZone] ?? (parts['timeZoneName'] ?? 'UTC').replace('GMT', 'UTC');
  return { tanggal: `${Number(parts['day'])} ${bulan[Number(parts['month']) - 1]!.slice(0, 3)} ${parts['year']}`, pukul: `${parts['hour']}:${parts['minute']} ${zona}` };
}

/**
 * Initials of a name as a paraf prints them: the first letter of each word before the academic
 * titles (after the first comma), at most four; the same rule as the paraf stamp's (signing initialsOf).
 */
export function inisial(nama: string): string {
  const words = nama.split(',')[0]!.split(/\s+/).filter((w) => /^[A-Za-z\u00C0-\u024F]/.test(w));
  return words.map((w) => w[0]!.toUpperCase()).join('').slice(0, 4) || '?';
}
