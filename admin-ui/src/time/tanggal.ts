import { getSession } from '../api/session.js';

/**
 * Dates as Indonesian officials write them ("23 November 2026 14.05 WITA"), in
 * the agency's own time zone: a Tanah Bumbu user reads WITA even when the
 * server or the phone is set to WIB.
 */
const ZONE_LABEL: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const DEFAULT_TIME_ZONE = 'Asia/Makassar';

function agencyTimeZone(): string {
  const zone = getSession()?.user.agency?.timezone;
  return zone && zone in ZONE_LABEL ? zone : DEFAULT_TIME_ZONE;
}

export function zoneLabel(zone = agencyTimeZone()): string {
  return ZONE_LABEL[zone] ?? zone;
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
