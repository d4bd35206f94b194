/** One row of the leaders' dashboard: how an agency is doing. */
export interface AgencyStats {
  agencyId: string;
  name: string;
  documentsSigned: number;
  /** Share of signed documents signed electronically, percent. */
  tteAdoption: number | null;
  medianSubmitToSignHours: number | null;
  overdueDispositions: number;
  agreementAchievement: number | null;
}

type Raw = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

export function agencyStats(raw: Raw): AgencyStats {
  const agency = (raw.agency ?? {}) as Raw;
  return {
    agencyId: String(raw.agencyId ?? agency.id ?? raw.id ?? ''),
    name: String(raw.name ?? agency.name ?? agency.code ?? ''),
    documentsSigned: num(raw.documentsSigned ?? raw.signed) ?? 0,
    tteAdoption: num(raw.tteAdoption ?? raw.tteAdoptionPercent),
    medianSubmitToSignHours: num(raw.medianSubmitToSignHours ?? raw.medianHours),
    overdueDispositions: num(raw.overdueDispositions) ?? 0,
    agreementAchievement: num(raw.agreementAchievement ?? raw.achievement),
  };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV as spreadsheets in Indonesia open it: semicolon separators, decimal comma, UTF-8 BOM. */
export function toCsv(header: string[], rows: AgencyStats[]): string {
  const dec = (v: number | null) => (v === null ? null : v.toFixed(1).replace('.', ','));
  const lines = [header.map(csvCell).join(';')];
  for (const r of rows) {
    lines.push(
      [r.name, r.documentsSigned, dec(r.tteAdoption), dec(r.medianSubmitToSignHours), r.overdueDispositions, dec(r.agreementAchievement)]
        .map(csvCell)
        .join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
