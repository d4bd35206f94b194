// Times printed on reports (verification report, audit trail sheet, usul
// musnah, berita acara) as an Indonesian official reads them: in the Pemda's
// zone (its settings, pemdaTimeZone) with its label, "6 Desember 2026 14.05
// WITA", never UTC ISO text. The letters are dated in the same zone.
import { timeZoneLabel } from '@naskah/domain/rulebook';

/** "6 Desember 2026 14.05 WITA"; '-' for no time. */
export function printedTime(value: Date | string | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '-';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const text = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
  // id-ID writes "6 Desember 2026 pukul 14.05"; the dinas style leaves out "pukul".
  return `${text.replace(' pukul', '').replace(/,/g, '')} ${timeZoneLabel[timeZone] ?? timeZone}`;
}

/** "6 Desember 2026" in the Pemda's zone. */
export function printedDate(value: Date | string | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '-';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}
