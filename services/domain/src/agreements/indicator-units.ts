// What a value of a performance indicator (IKU) may be, by its unit. An
// indicator's unit is free text on the agreement ("persen", "%", "dokumen",
// "Rp", "indeks"); it is read here into one of a few kinds, each with the
// range a real target or realisation of that kind can take. Outside it the
// value is a typo (a budget figure typed into a % indicator, 222,826,028,138.51
// "persen" on the Bupati's dashboard) and is refused where it is entered.

export const indicatorUnitKinds = ['percent', 'count', 'money', 'index', 'other'] as const;
export type IndicatorUnitKind = (typeof indicatorUnitKinds)[number];

/**
 * Below 10^15: what the target and realisation columns hold (numeric(17,2)).
 * A whole number, because 999,999,999,999,999.99 is 10^15 as a double.
 */
export const MAX_INDICATOR_AMOUNT = 999_999_999_999_999;

export interface IndicatorValueRule {
  min: number;
  max: number;
  /** Whole numbers only (things counted). */
  integer: boolean;
  /** How the rule reads in a refusal (Indonesian, as the unit is). */
  describe: string;
}

/**
 * - percent: 0–1000. Achievement above 100 % is real (a target exceeded two-
 *   or threefold); ten times the whole is not a percentage.
 * - count: whole numbers 0–1,000,000,000 (documents, services, people).
 * - money: 0 to just under 10^15 rupiah (a regency's APBD is a few trillion, 10^12–10^13).
 * - index: 0–1000 (indeks/nilai/skor: SPBE 0–5, IKM 0–100, SAKIP 0–100).
 * - other: 0 up to what the column holds.
 * Values are non-negative everywhere: the agreement records levels reached,
 * and "lower is better" is the indicator's direction, not a sign.
 */
export const indicatorValueRules: Record<IndicatorUnitKind, IndicatorValueRule> = {
  percent: { min: 0, max: 1000, integer: false, describe: 'persen: 0 sampai 1000' },
  count: { min: 0, max: 1_000_000_000, integer: true, describe: 'jumlah: bilangan bulat 0 sampai 1.000.000.000' },
  money: { min: 0, max: MAX_INDICATOR_AMOUNT, integer: false, describe: 'rupiah: 0 sampai di bawah 10^15' },
  index: { min: 0, max: 1000, integer: false, describe: 'indeks/nilai: 0 sampai 1000' },
  other: { min: 0, max: MAX_INDICATOR_AMOUNT, integer: false, describe: '0 sampai di bawah 10^15' },
};

const countNouns = new Set([
  'dokumen', 'kegiatan', 'orang', 'unit', 'laporan', 'aplikasi', 'layanan', 'kali', 'buah', 'paket', 'desa', 'kelurahan', 'sekolah',
  'opd', 'perangkat', 'naskah', 'surat', 'berkas', 'inovasi', 'sistem', 'jiwa', 'kk', 'titik', 'lokasi', 'izin', 'perizinan', 'pegawai',
  'asn', 'peserta', 'kelompok', 'lembaga', 'program', 'regulasi', 'perda', 'perkada', 'rekomendasi', 'temuan', 'pengaduan', 'kasus',
]);

/** The kind of a unit as written on an indicator; unknown spellings are `other`. */
export function indicatorUnitKind(unit: string): IndicatorUnitKind {
  const u = unit.trim().toLowerCase();
  if (u === '%' || /\bpersen(tase)?\b|\bpercent\b/.test(u)) return 'percent';
  if (/\brupiah\b|^rp\.?\b|^idr\b/.test(u)) return 'money';
  if (/^(indeks|index|nilai|skor|poin|level)\b/.test(u)) return 'index';
  if (countNouns.has(u.split(/\s+/)[0] ?? '')) return 'count';
  return 'other';
}

/** Why `value` cannot be a target or realisation of an indicator in `unit`, or undefined when it can. */
export function indicatorValueProblem(unit: string, value: number): string | undefined {
  const kind = indicatorUnitKind(unit);
  const rule = indicatorValueRules[kind];
  if (!Number.isFinite(value) || value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    return `nilai ${value} di luar rentang satuan "${unit}" (${rule.describe})`;
  }
  return undefined;
}
