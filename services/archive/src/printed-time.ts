// Times printed on reports (verification report, audit trail sheet, usul
// musnah, berita acara) as an Indonesian official reads them: in the Pemda's
// zone with its label, "6 Desember 2026 14.05 WITA", never UTC ISO text.
// Tanah Bumbu is WITA; the letters are dated in the same zone
// (services/api build-document-content.ts).
const PEMDA_TIME_ZONE = 'Asia/Makassar';

const ZONE_LABEL: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** "6 Desember 2026 14.05 WITA"; '-' for no time. */
export function printedTime(value: Date | string | null | undefined, timeZone = PEMDA_TIME_ZONE): string {
  if (value === null || value === undefined || value === '') return '-';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const text = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
  // id-ID writes "6 Desember 2026 pukul 14.05"; the dinas style leaves out "pukul".
  return `${text.replace(' pukul', '').replace(/,/g, '')} ${ZONE_LABEL[timeZone] ?? timeZone}`;
}

/** "6 Desember 2026" in the Pemda's zone. */
export function printedDate(value: Date | string | null | undefined, timeZone = PEMDA_TIME_ZONE): string {
  if (value === null || value === undefined || value === '') return '-';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}
