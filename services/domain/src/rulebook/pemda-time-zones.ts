// The three Indonesian time zones a Pemda can be in, with the label every
// printed time carries ("14.05 WITA"). Pontianak is WIB too (Kalimantan Barat).
export const pemdaTimeZones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type PemdaTimeZone = (typeof pemdaTimeZones)[number];

/**
 * The zone used before an admin (or the seed) has set one: the demo Pemda's
 * (Tanah Bumbu, WITA), which is what every printed time used until the
 * setting existed.
 */
export const defaultPemdaTimeZone: PemdaTimeZone = 'Asia/Makassar';

export const timeZoneLabel: Readonly<Record<string, string>> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** The zone's offset from UTC in hours: none of the three has daylight saving. */
export const timeZoneOffsetHours: Readonly<Record<PemdaTimeZone, number>> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** YYYY-MM-DD of `at` in the Pemda's zone: the date a letter carries (tanggal). */
export function dinasDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
