/** A jabatan as a picker shows it: title (unit, agency) — holder, so two of the same title can be told apart. */
export function positionLabel(p: { title?: unknown; unitName?: unknown; agencyName?: unknown; holderName?: unknown; id?: unknown }, vacant: string): string {
  const where = [p.unitName, p.agencyName].filter((x) => typeof x === 'string' && x !== '').join(', ');
  return `${String(p.title ?? '')}${where ? ` (${where})` : ''} — ${typeof p.holderName === 'string' && p.holderName ? p.holderName : vacant}`;
}
