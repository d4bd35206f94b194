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

/** An upper bound of one character's width at 12 px (Roboto's widest digits and capitals are about 8 px, most far less). */
const CHAR_WIDTH = 7.5;

export function Bars({ bars, max = 120, unit = '%', title }: { bars: Bar[]; max?: number; unit?: string; title: string }) {
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const number = (v: number) => formatPercent(v, locale);
  const valueText = (v: number | null) => (v === null ? '—' : `${number(v)}${unit}`);
  const rowHeight = 28;
  const labelWidth = 220;
  const width = 640;
  // Text is laid out from an upper bound of its width (12 px type): every label and value stays inside the
  // chart's box, however large the figure (a lower-is-better indicator far past its target reads 2.000,0 %).
  const textWidth = (text: string) => text.length * CHAR_WIDTH;
  const labelChars = Math.floor((labelWidth - 8) / CHAR_WIDTH);
  const valueWidth = Math.max(textWidth(`100${unit}`) / 2, ...bars.map((b) => textWidth(valueText(b.value)))) + 8;
  const plot = width - labelWidth - valueWidth;
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
              {b.label.length > labelChars ? `${b.label.slice(0, labelChars - 1)}…` : b.label}
              {b.label.length > labelChars && <title>{b.label}</title>}
            </text>
            {b.value !== null && <rect x={labelWidth} y={y + 3} width={Math.max(x(b.value) - labelWidth, 1)} height={rowHeight - 10} fill={colour(b.value)} rx={2} />}
            <text x={b.value === null ? labelWidth + 4 : x(b.value) + 4} y={y + 15} fontSize={12} fill="#333">
              {valueText(b.value)}
            </text>
          </g>
        );
        // An SVG link the router follows (no page reload), reachable by keyboard like any link.
        return b.href ? (
          <a key={`${b.label}-${i}`} href={b.href} aria-label={`${b.label}: ${valueText(b.value)}`} style={{ cursor: 'pointer' }}
            onClick={(e) => { e.preventDefault(); void navigate(b.href!); }}>
            {bar}
          </a>
        ) : bar;
      })}
    </svg>
  );
}
