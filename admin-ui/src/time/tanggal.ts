import { timeZoneLabel, timeZoneOffsetHours, type PemdaTimeZone } from '@naskah/domain/rulebook';
import { pemdaTimeZone } from '../pemda/settings.js';

/**
 * Dates as Indonesian officials write them ("23 November 2026 14.05 WITA"), in
 * the Pemda's time zone (its settings): a Tanah Bumbu user reads WITA even
 * when the server or the phone is set to WIB or New York.
 */
const agencyTimeZone = pemdaTimeZone;

export function zoneLabel(zone = agencyTimeZone()): string {
  return timeZoneLabel[zone] ?? zone;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'id-ID');

export function formatTanggal(value: string | number | Date | null | undefined, locale = 'id'): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: agencyTimeZone() }).format(date);
}

export function formatWaktu(value: string | number | Date | null | undefined, locale = 'id'): string {
  const date = toDate(value);
  if (!date) return '';
  const zone = agencyTimeZone();
  const text = new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: zone,
  }).format(date);
  return `${text} ${zoneLabel(zone)}`;
}

export type DeadlineState = 'ok' | 'soon' | 'late';

/** Yellow at two days left, red once late (domain rule for dispositions and routing steps). */
export function deadlineState(deadline: string | null | undefined, now = Date.now()): DeadlineState | null {
  const date = toDate(deadline);
  if (!date) return null;
  const left = date.getTime() - now;
  if (left < 0) return 'late';
  if (left <= 2 * 24 * 60 * 60 * 1000) return 'soon';
  return 'ok';
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A time as the date-time inputs show it: "07/12/2026 09.15" (dd/mm/yyyy
 * HH.mm, 24 h) in the Pemda's zone, whatever the browser's zone and format.
 */
export function formatWaktuInput(value: string | number | Date | null | undefined, zone = agencyTimeZone()): string {
  const date = toDate(value);
  if (!date) return '';
  const offset = timeZoneOffsetHours[zone as PemdaTimeZone];
  if (offset === undefined) return '';
  // The three Indonesian zones have no daylight saving: a fixed offset is exact.
  const local = new Date(date.getTime() + offset * 3_600_000);
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}.${two(local.getUTCMinutes())}`;
}

/**
 * What the user typed, read in the Pemda's zone: "07/12/2026 09.15" (or
 * 09:15) in WITA is 2026-12-07T01:15:00.000Z. Null when it is not a real date
 * and time in that form.
 */
export function parseWaktuInput(text: string, zone = agencyTimeZone()): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[.:](\d{2})\s*$/.exec(text);
  const offset = timeZoneOffsetHours[zone as PemdaTimeZone];
  if (!match || offset === undefined) return null;
  const [day, month, year, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  // 31/02 or 24.00 would roll over into another day: refused, not silently moved.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59) return null;
  return new Date(asUtc - offset * 3_600_000).toISOString();
}
