import { useEffect, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
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
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { apiJson } from '../api/http.js';
import { problemMessage } from '../api/problem.js';
import { Bars } from '../charts/Bars.js';
import { agencyStats, toCsv, type AgencyStats } from './agencyStats.js';

const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toLocaleString('id-ID', { maximumFractionDigits: digits }));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card sx={{ flex: '1 1 180px' }}>
      <CardContent>
        <Typography variant="caption" color="text.secondary">{label}</Typography>
        <Typography variant="h5">{value}</Typography>
      </CardContent>
    </Card>
  );
}

/** Dasbor pimpinan: per agency TTE adoption, time to signature, overdue dispositions, agreement achievement. */
export default function Dashboard() {
  const translate = useTranslate();
  const [rows, setRows] = useState<AgencyStats[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiJson<Record<string, unknown>[] | { agencies: Record<string, unknown>[] }>('/dashboard/agencies').then(
      (r) => setRows((Array.isArray(r) ? r : r.agencies).map(agencyStats)),
      (e: unknown) => setError(problemMessage(e, translate)),
    );
  }, [translate]);

  const header = ['agency', 'documentsSigned', 'tteAdoption', 'medianSubmitToSign', 'overdueDispositions', 'agreementAchievement'].map((k) => translate(`naskah.dashboard.${k}`));
  const exportCsv = () => {
    const blob = new Blob([toCsv(header, rows ?? [])], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `dasbor-opd-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  };
  const all = rows ?? [];
  const signed = all.reduce((s, r) => s + r.documentsSigned, 0);
  const adoption = median(all.map((r) => r.tteAdoption).filter((v): v is number => v !== null));

  return (
    <Box sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Title title={translate('naskah.menu.dashboard')} />
      {error && <Alert severity="warning">{error}</Alert>}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Stat label={translate('naskah.dashboard.documentsSigned')} value={fmt(signed, 0)} />
        <Stat label={translate('naskah.dashboard.tteAdoptionMedian')} value={`${fmt(adoption)}%`} />
        <Stat label={translate('naskah.dashboard.overdueDispositions')} value={fmt(all.reduce((s, r) => s + r.overdueDispositions, 0), 0)} />
        <Stat label={translate('naskah.dashboard.medianSubmitToSign')} value={fmt(median(all.map((r) => r.medianSubmitToSignHours).filter((v): v is number => v !== null)))} />
      </Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
        <Card><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.dashboard.tteAdoption')}</Typography>
          <Bars title={translate('naskah.dashboard.tteAdoption')} max={100} bars={all.map((r) => ({ label: r.name, value: r.tteAdoption }))} />
        </CardContent></Card>
        <Card><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.dashboard.agreementAchievement')}</Typography>
          <Bars title={translate('naskah.dashboard.agreementAchievement')} bars={all.map((r) => ({ label: r.name, value: r.agreementAchievement }))} />
        </CardContent></Card>
      </Box>
      <Card>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', p: 1 }}>
          <Button startIcon={<DownloadIcon />} onClick={exportCsv} disabled={!rows?.length} data-testid="export-csv">{translate('naskah.dashboard.exportCsv')}</Button>
        </Box>
        <TableContainer>
          <Table size="small" data-testid="dashboard-table">
            <TableHead><TableRow>{header.map((h, i) => <TableCell key={h} align={i ? 'right' : 'left'}>{h}</TableCell>)}</TableRow></TableHead>
            <TableBody>
              {all.map((r) => (
                <TableRow key={r.agencyId}>
                  <TableCell>{r.name}</TableCell>
                  <TableCell align="right">{fmt(r.documentsSigned, 0)}</TableCell>
                  <TableCell align="right">{fmt(r.tteAdoption)}%</TableCell>
                  <TableCell align="right">{fmt(r.medianSubmitToSignHours)}</TableCell>
                  <TableCell align="right" sx={{ color: r.overdueDispositions ? 'error.main' : undefined }}>{r.overdueDispositions}</TableCell>
                  <TableCell align="right">{fmt(r.agreementAchievement)}%</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Card>
    </Box>
  );
}
