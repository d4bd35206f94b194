import { useEffect, useState } from 'react';
import { Show, useDataProvider, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { Bars, formatPercent } from '../../charts/Bars.js';
import { latestAchievement, quarterTarget, reportAchievement, type Indicator } from './achievement.js';

const QUARTERS = [1, 2, 3, 4] as const;

function ProgressDialog({ agreementId, indicator, onClose, onSaved }: { agreementId: string; indicator: Indicator; onClose: () => void; onSaved: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [quarter, setQuarter] = useState(Math.floor(new Date().getMonth() / 3) + 1);
  const [realisation, setRealisation] = useState('');
  const [evidence, setEvidence] = useState('');
  const [busy, setBusy] = useState(false);
  const value = Number(realisation.replace(',', '.'));

  const save = async () => {
    setBusy(true);
    try {
      await dataProvider.reportProgress(agreementId, { indicatorId: indicator.id, quarter, realisation: value, evidence: evidence || undefined });
      notify('naskah.agreement.reported', { type: 'success' });
      refresh();
      onSaved();
      onClose();
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('naskah.agreement.report')}: {indicator.name}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField select label={translate('naskah.agreement.quarter')} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
          {QUARTERS.map((q) => <MenuItem key={q} value={q}>{translate(`naskah.agreement.quarterShort.${q}`)}</MenuItem>)}
        </TextField>
        <TextField
          label={`${translate('naskah.agreement.realisation')}${indicator.unit ? ` (${indicator.unit})` : ''}`}
          value={realisation}
          onChange={(e) => setRealisation(e.target.value)}
          inputMode="decimal"
          error={realisation !== '' && Number.isNaN(value)}
        />
        <TextField label={translate('naskah.agreement.evidence')} value={evidence} onChange={(e) => setEvidence(e.target.value)} multiline minRows={2} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={busy || realisation === '' || Number.isNaN(value)}>{translate('ra.action.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function AgreementPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [locale] = useLocaleState();
  const [reporting, setReporting] = useState<Indicator | null>(null);
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [serial, setSerial] = useState(0);
  useEffect(() => {
    if (record?.id !== undefined) dataProvider.indicators(record.id).then((rows) => setIndicators(rows as unknown as Indicator[]), () => setIndicators([]));
  }, [record?.id, dataProvider, serial]);
  if (!record) return null;
  const cell = (ind: Indicator, q: number) => {
    const p = ind.reports?.find((r) => r.quarter === q);
    const target = quarterTarget(ind, q);
    const pct = p ? reportAchievement(ind, p) : null;
    return (
      <TableCell key={q} align="right">
        <div>{target ?? '—'}</div>
        <div style={{ fontWeight: 600 }}>{p ? p.realisation : '—'}</div>
        {pct !== null && <div style={{ color: pct >= 100 ? '#2e7d32' : pct >= 75 ? '#b26a00' : '#c62828' }}>{formatPercent(pct, locale)}%</div>}
      </TableCell>
    );
  };
  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h6">{record.title} · {record.year}</Typography>
      <Card variant="outlined">
        <TableContainer>
          <Table size="small" data-testid="indicators">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.agreements.fields.indicator')}</TableCell>
                <TableCell>{translate('resources.agreements.fields.unit')}</TableCell>
                <TableCell align="right">{translate('resources.agreements.fields.target')}</TableCell>
                {QUARTERS.map((q) => <TableCell key={q} align="right">{translate(`naskah.agreement.quarterShort.${q}`)}</TableCell>)}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {indicators.map((ind) => (
                <TableRow key={ind.id}>
                  <TableCell>{ind.code} {ind.name} {ind.direction === 'lower' && <small>({translate('naskah.enum.direction.lower')})</small>}</TableCell>
                  <TableCell>{ind.unit}</TableCell>
                  <TableCell align="right">{ind.targetYear}</TableCell>
                  {QUARTERS.map((q) => cell(ind, q))}
                  <TableCell><Button size="small" onClick={() => setReporting(ind)}>{translate('naskah.agreement.report')}</Button></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="caption" color="text.secondary" sx={{ p: 1, display: 'block' }}>{translate('naskah.agreement.legend')}</Typography>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.agreement.chart')}</Typography>
          <Bars title={translate('naskah.agreement.chart')} bars={indicators.map((i) => ({ label: i.name, value: latestAchievement(i) }))} />
        </CardContent>
      </Card>
      {reporting && <ProgressDialog agreementId={String(record.id)} indicator={reporting} onClose={() => setReporting(null)} onSaved={() => setSerial((n) => n + 1)} />}
    </Box>
  );
}

export default function AgreementShow() {
  return (
    <Show component="div">
      <AgreementPage />
    </Show>
  );
}
