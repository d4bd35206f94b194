import { useEffect, useState, type ChangeEvent } from 'react';
import { Link, Title, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { apiBlobUrl, apiJson } from '../api/http.js';
import { problemMessage } from '../api/problem.js';
import { hasRole } from '../auth/authProvider.js';
import { Bars } from '../charts/Bars.js';
import { formatWaktu } from '../time/tanggal.js';
import { dashboardData, periodQuery, thisYear, type DashboardData, type Figures } from './agencyStats.js';

/** A list of the console filtered as react-admin reads it from the address (`?filter=`). */
function filteredList(resource: string, filter: Record<string, unknown>): string {
  return `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}`;
}

function Stat({ label, value, note, to, testId }: { label: string; value: string; note?: string; to?: string; testId?: string }) {
  return (
    <Card sx={{ flex: '1 1 180px' }}>
      <CardContent>
        <Typography variant="caption" color="text.secondary">{label}</Typography>
        {/* A count that has items behind it opens them (drill-down), already filtered. */}
        <Typography variant="h5">{to ? <Link to={to} data-testid={testId}>{value}</Link> : value}</Typography>
        {note && <Typography variant="caption" color="text.secondary">{note}</Typography>}
      </CardContent>
    </Card>
  );
}

const columns = ['documentsCreated', 'documentsSigned', 'tteAdoption', 'medianSubmitToSign', 'p90SubmitToSign', 'openDispositions', 'overdueDispositions', 'agreementAchievement'] as const;

interface GatewayHealth { url: string; name: string; state: 'closed' | 'open' | 'half-open'; consecutiveFailures: number; lastFailure: { at: string; code: string } | null; retryAt: string | null }

/** For the admin: each certificate provider's gateway as the API found it; when it is down, what officials are told and until when. */
function SigningGateways() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [gateways, setGateways] = useState<GatewayHealth[] | null>(null);
  useEffect(() => {
    apiJson<GatewayHealth[]>('/dashboard/signing-gateways').then(setGateways, () => setGateways(null));
  }, []);
  if (!gateways || gateways.length === 0) return null;
  return (
    <Card data-testid="signing-gateways"><CardContent>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.dashboard.signingGateways')}</Typography>
      {gateways.map((g) => (
        <Alert key={`${g.url} ${g.name}`} severity={g.state === 'closed' ? 'success' : g.state === 'open' ? 'error' : 'warning'} sx={{ mt: 1 }}>
          {g.name}: {translate(`naskah.dashboard.gatewayState.${g.state}`, {
            failures: g.consecutiveFailures, code: g.lastFailure?.code ?? '—', until: g.retryAt ? formatWaktu(g.retryAt, locale) : '—',
          })}
        </Alert>
      ))}
    </CardContent></Card>
  );
}

/** Dasbor pimpinan: per agency TTE adoption, time to signature, overdue dispositions, agreement achievement, for a period. */
export default function Dashboard() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const [period, setPeriod] = useState(thisYear);
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    apiJson<Record<string, unknown>>(`/dashboard/agencies?${periodQuery(period)}`).then(
      (r) => { if (current) setData(dashboardData(r)); },
      (e: unknown) => { if (current) setError(problemMessage(e, translate)); },
    );
    return () => { current = false; };
  }, [period, translate]);

  const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toLocaleString(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits }));
  const pct = (v: number | null) => (v === null ? '—' : `${fmt(v)}%`);
  const cells = (f: Figures) => [
    fmt(f.documentsCreated, 0), fmt(f.documentsSigned, 0), pct(f.tteAdoption), fmt(f.medianSubmitToSignHours), fmt(f.p90SubmitToSignHours),
    fmt(f.openDispositions, 0), fmt(f.overdueDispositions, 0), pct(f.agreementAchievement),
  ];
  // The server writes the CSV (Indonesian headers, semicolons, decimal commas) so a spreadsheet opens it as is.
  const exportCsv = () => {
    apiBlobUrl(`/dashboard/agencies?${periodQuery(period)}&format=csv`).then((href) => {
      const a = document.createElement('a');
      a.href = href;
      a.download = `dasbor-opd-${period.from}-${period.to}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 5000);
    }, (e: unknown) => setError(problemMessage(e, translate)));
  };
  const rows = data?.agencies ?? [];
  // Overdue as the figure counts it: open dispositions made in the period (WITA calendar days) past their deadline.
  const overdueList = (agencyId?: number) => filteredList('dispositions', {
    overdue: true, createdFrom: `${period.from}T00:00:00+08:00`, createdTo: `${period.to}T23:59:59.999+08:00`, ...(agencyId === undefined ? {} : { agencyId }),
  });
  // Bars are labelled with the agency code (Diskominfosp, Bappeda): what officials call them, and short enough to fit.
  const totals = data?.totals;
  const setDate = (key: 'from' | 'to') => (e: ChangeEvent<HTMLInputElement>) => {
    if (e.target.value) setPeriod((p) => ({ ...p, [key]: e.target.value }));
  };

  return (
    <Box sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Title title={translate('naskah.menu.dashboard')} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField type="date" size="small" fullWidth={false} sx={{ width: 200 }} label={translate('naskah.dashboard.from')} value={period.from} onChange={setDate('from')}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'dashboard-from' } }} />
        <TextField type="date" size="small" fullWidth={false} sx={{ width: 200 }} label={translate('naskah.dashboard.to')} value={period.to} onChange={setDate('to')}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'dashboard-to' } }} />
        {data?.scope === 'agency' && <Typography variant="body2" color="text.secondary">{translate('naskah.dashboard.scopeAgency')}</Typography>}
      </Box>
      {error && <Alert severity="warning">{error}</Alert>}
      {hasRole(permissions, 'admin') && <SigningGateways />}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="dashboard-totals">
        <Stat label={translate('naskah.dashboard.documentsSigned')} value={fmt(totals?.documentsSigned ?? null, 0)}
          note={totals ? translate('naskah.dashboard.ofCreated', { created: fmt(totals.documentsCreated, 0) }) : undefined} />
        {/* Adoption counts routings that ended (TTE or cancelled), not every letter created: the card says so with its own numbers. */}
        <Stat label={translate('naskah.dashboard.tteAdoptionCard')} value={pct(totals?.tteAdoption ?? null)}
          note={totals ? translate('naskah.dashboard.ofEnded', { signed: fmt(totals.documentsSigned, 0), ended: fmt(totals.documentsSigned + totals.documentsCancelled, 0) }) : undefined} />
        <Stat label={translate('naskah.dashboard.medianSubmitToSign')} value={fmt(totals?.medianSubmitToSignHours ?? null)}
          note={totals ? translate('naskah.dashboard.p90Note', { hours: fmt(totals.p90SubmitToSignHours) }) : undefined} />
        <Stat label={translate('naskah.dashboard.overdueDispositions')} value={fmt(totals?.overdueDispositions ?? null, 0)}
          to={totals?.overdueDispositions ? overdueList(data?.scope === 'agency' ? rows[0]?.agencyId : undefined) : undefined} testId="overdue-link"
          note={totals ? translate('naskah.dashboard.ofOpen', { open: fmt(totals.openDispositions, 0) }) : undefined} />
        <Stat label={translate('naskah.dashboard.agreementAchievement')} value={pct(totals?.agreementAchievement ?? null)} />
      </Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
        <Card><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.dashboard.tteAdoption')}</Typography>
          {/* An agency's bar opens its signed naskah (archived after TTE); an agreement bar its perjanjian kinerja. */}
          <Chart title={translate('naskah.dashboard.tteAdoption')} testId="chart-tte" max={100}
            bars={rows.map((r) => ({ label: r.code, value: r.tteAdoption, href: filteredList('archive', { agencyId: r.agencyId }) }))} />
        </CardContent></Card>
        <Card><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.dashboard.agreementAchievement')}</Typography>
          <Chart title={translate('naskah.dashboard.agreementAchievement')} testId="chart-achievement"
            bars={rows.map((r) => ({ label: r.code, value: r.agreementAchievement, href: filteredList('agreements', { agencyId: r.agencyId }) }))} />
        </CardContent></Card>
      </Box>
      <Card>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', p: 1 }}>
          <Button startIcon={<DownloadIcon />} onClick={exportCsv} disabled={!rows.length} data-testid="export-csv">{translate('naskah.dashboard.exportCsv')}</Button>
        </Box>
        <TableContainer>
          <Table size="small" data-testid="dashboard-table">
            <TableHead>
              <TableRow>
                <TableCell>{translate('naskah.dashboard.agency')}</TableCell>
                {columns.map((k) => <TableCell key={k} align="right">{translate(`naskah.dashboard.${k}`)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.agencyId}>
                  <TableCell>{r.name}</TableCell>
                  {cells(r).map((v, i) => (
                    <TableCell key={columns[i]} align="right" sx={{ color: columns[i] === 'overdueDispositions' && r.overdueDispositions ? 'error.main' : undefined }}>
                      {columns[i] === 'overdueDispositions' && r.overdueDispositions
                        ? <Link to={overdueList(r.agencyId)} sx={{ color: 'error.main' }} data-testid={`overdue-link-${r.code}`}>{v}</Link>
                        : v}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
              {totals && data?.scope === 'region' && (
                <TableRow sx={{ '& td': { fontWeight: 600 } }}>
                  <TableCell>{translate('naskah.dashboard.total')}</TableCell>
                  {cells(totals).map((v, i) => <TableCell key={columns[i]} align="right">{v}</TableCell>)}
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </Card>
    </Box>
  );
}

/** A chart of the agencies that have a figure in the period: an agency with nothing to show is a table row, not an empty bar. */
function Chart({ bars, title, testId, max }: { bars: { label: string; value: number | null; href?: string }[]; title: string; testId: string; max?: number }) {
  const translate = useTranslate();
  const shown = bars.filter((b) => b.value !== null);
  return (
    <Box data-testid={testId} data-bars={shown.length}>
      {shown.length === 0
        ? <Typography color="text.secondary" sx={{ py: 2 }}>{translate('naskah.dashboard.noFigures')}</Typography>
        : <Bars title={title} max={max} bars={shown} />}
    </Box>
  );
}
