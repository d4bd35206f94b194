// The three Indonesian time zones a Pemda can be in, with the label every
// printed time carries ("14.05 WITA"). Pontianak is WIB too (Kalimantan Barat).
export const pemdaTimeZones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type PemdaTimeZone = (typeof pemdaTimeZones)[number];

export const timeZoneLabel: Readonly<Record<string, string>> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** The zone's offset from UTC in hours: none of the three has daylight saving. */
export const timeZoneOffsetHours: Readonly<Record<PemdaTimeZone, number>> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
