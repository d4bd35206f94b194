import { useLocaleState } from 'react-admin';
import { useNavigate } from 'react-router-dom';

/** One decimal, with the decimal comma in Bahasa Indonesia. */
export function formatPercent(value: number, locale: string): string {
  return value.toLocaleString(locale === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * Horizontal bars as plain SVG: enough for achievement per indicator or per
 * agency, without a chart library in the bundle.
 */
export interface Bar {
  label: string;
  /** Percent; bars are capped at `max` but the printed value is not. */
  value: number | null;
  /** The console page listing what the bar counts (drill-down); the bar is then a link. */
  href?: string;
}

export function Bars({ bars, max = 120, unit = '%', title }: { bars: Bar[]; max?: number; unit?: string; title: string }) {
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const number = (v: number) => formatPercent(v, locale);
  const rowHeight = 28;
  const labelWidth = 220;
  const width = 640;
  const plot = width - labelWidth - 60;
  const height = bars.length * rowHeight + 24;
  const x = (v: number) => labelWidth + (Math.min(Math.max(v, 0), max) / max) * plot;
  const colour = (v: number) => (v >= 100 ? '#2e7d32' : v >= 75 ? '#f9a825' : '#c62828');
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title} style={{ maxWidth: width, fontFamily: 'inherit' }}>
      <title>{title}</title>
      <line x1={x(100)} x2={x(100)} y1={0} y2={height - 20} stroke="#999" strokeDasharray="4 3" />
      <text x={x(100)} y={height - 6} fontSize={11} textAnchor="middle" fill="#666">100{unit}</text>
      {bars.map((b, i) => {
        const y = i * rowHeight + 4;
        const bar = (
          <g key={`${b.label}-${i}`}>
            <text x={labelWidth - 8} y={y + 15} fontSize={12} textAnchor="end" fill="#333">
              {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
            </text>
            {b.value !== null && <rect x={labelWidth} y={y + 3} width={Math.max(x(b.value) - labelWidth, 1)} height={rowHeight - 10} fill={colour(b.value)} rx={2} />}
            <text x={b.value === null ? labelWidth + 4 : x(b.value) + 4} y={y + 15} fontSize={12} fill="#333">
              {b.value === null ? '—' : `${number(b.value)}${unit}`}
            </text>
          </g>
        );
        // An SVG link the router follows (no page reload), reachable by keyboard like any link.
        return b.href ? (
          <a key={`${b.label}-${i}`} href={b.href} aria-label={`${b.label}: ${b.value === null ? '—' : `${number(b.value)}${unit}`}`} style={{ cursor: 'pointer' }}
            onClick={(e) => { e.preventDefault(); void navigate(b.href!); }}>
            {bar}
          </a>
        ) : bar;
      })}
    </svg>
  );
}
