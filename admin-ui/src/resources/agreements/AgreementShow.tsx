import { useEffect, useState } from 'react';
import { Link, Show, useDataProvider, useGetMany, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
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
import { averagePercent, evidenceMediaTypes } from '@naskah/domain/rulebook';
import type { EvidenceFile, NaskahDataProvider } from '../../api/dataProvider.js';
import { apiBlobUrl } from '../../api/http.js';
import { announceOutcome } from '../../api/diproses.js';
import { problemMessage } from '../../api/problem.js';
import { Bars, formatPercent } from '../../charts/Bars.js';
import { achievement, latestAchievement, quarterTarget, reportAchievement, type Indicator } from './achievement.js';

const QUARTERS = [1, 2, 3, 4] as const;

/** A target or realisation as an Indonesian reader writes it: 3,5 and 1.250.000 (English: 3.5, 1,250,000). */
function formatAmount(value: number, locale: string): string {
  return value.toLocaleString(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 2 });
}

/** Capaian: 85,7 % (the number, a space, the sign, as Indonesian style writes it). */
function percentText(value: number, locale: string): string {
  return `${formatPercent(value, locale)} %`;
}

/** Typed by a person: "3,5" or "3.5" both mean three and a half. */
function parseAmount(text: string): number {
  return Number(text.trim().replace(/\s/g, '').replace(',', '.'));
}

function RealisationDialog({ record, indicators, onClose }: { record: RaRecord; indicators: Indicator[]; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const reported = (q: number) => indicators.every((i) => i.reports?.some((r) => r.quarter === q));
  const [quarter, setQuarter] = useState<number>(QUARTERS.find((q) => !reported(q)) ?? 1);
  const [values, setValues] = useState<Record<string, string>>({});
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Record<string, EvidenceFile>>({});
  const [uploading, setUploading] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [locale] = useLocaleState();

  // Stored as soon as it is chosen: the report then names it by its hash (the server refuses a wrong type or size here).
  const attach = async (code: string, file: File | undefined) => {
    if (!file) return;
    setUploading(code);
    try {
      const stored = await dataProvider.uploadEvidence(record.id, file);
      setFiles((f) => ({ ...f, [code]: stored }));
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setUploading(null);
    }
  };
  const invalid = indicators.some((i) => values[i.code] === undefined || values[i.code] === '' || Number.isNaN(parseAmount(values[i.code]!)));

  const save = async () => {
    setBusy(true);
    try {
      const answer = await dataProvider.reportRealisation(record.id, {
        quarter, realisations: indicators.map((i) => {
          const file = files[i.code];
          return { code: i.code, value: parseAmount(values[i.code]!), evidence: evidence[i.code] ?? '', ...(file ? { evidenceFile: { sha256: file.sha256, name: file.name } } : {}) };
        }),
      });
      // 202 "diproses" while a worker restarts: recorded, shown applied a moment later.
      announceOutcome(answer, 'naskah.agreement.reported', notify, refresh);
      onClose();
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="md">
      <DialogTitle>{translate('naskah.agreement.report')}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField select label={translate('naskah.agreement.quarter')} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))} sx={{ maxWidth: 200 }}>
          {QUARTERS.map((q) => <MenuItem key={q} value={q}>{translate(`naskah.agreement.quarterShort.${q}`)}</MenuItem>)}
        </TextField>
        {indicators.map((i) => {
          const typed = values[i.code] !== undefined && values[i.code] !== '' ? parseAmount(values[i.code]!) : null;
          // What the report will show, by the rulebook's formula (the workflow computes the same on save).
          const preview = typed === null || Number.isNaN(typed) ? null : achievement(quarterTarget(i, quarter) ?? i.targetYear, typed, i.direction);
          return (
          <Box key={i.code} sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start' }} data-testid={`realisation-row-${i.code}`}>
            <TextField
              label={`${i.code} ${translate('naskah.agreement.realisation')}${i.unit ? ` (${i.unit})` : ''}`}
              value={values[i.code] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [i.code]: e.target.value }))}
              slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `realisation-${i.code}` } }}
              error={values[i.code] !== undefined && values[i.code] !== '' && Number.isNaN(parseAmount(values[i.code]!))}
              helperText={i.name}
              sx={{ flex: '1 1 200px' }}
            />
            <TextField
              label={translate('naskah.agreement.evidence')}
              value={evidence[i.code] ?? ''}
              onChange={(e) => setEvidence((v) => ({ ...v, [i.code]: e.target.value }))}
              sx={{ flex: '2 1 260px' }}
            />
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', flex: '1 1 100%' }}>
              <Button component="label" size="small" variant="outlined" disabled={busy || uploading !== null}>
                {uploading === i.code ? translate('naskah.agreement.evidenceUploading') : translate('naskah.agreement.evidenceFile')}
                <input
                  hidden type="file" accept={evidenceMediaTypes.join(',')} data-testid={`evidence-file-${i.code}`}
                  onChange={(e) => { void attach(i.code, e.target.files?.[0]); e.target.value = ''; }}
                />
              </Button>
              {files[i.code] && <Chip size="small" data-testid={`evidence-chosen-${i.code}`} label={files[i.code]!.name} onDelete={() => setFiles((f) => { const { [i.code]: _gone, ...rest } = f; return rest; })} />}
              {preview !== null && <Typography variant="body2" data-testid={`achievement-preview-${i.code}`}>{translate('naskah.agreement.capaian')}: {percentText(preview, locale)}</Typography>}
            </Box>
          </Box>
          );
        })}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={busy || invalid || uploading !== null}>{translate('ra.action.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** The bukti dukung file of a report: fetched with the session (it sits behind sign-in) and saved under its own name. */
function EvidenceLink({ agreementId, file }: { agreementId: RaRecord['id']; file: { sha256: string; name: string } }) {
  const translate = useTranslate();
  const notify = useNotify();
  const download = async () => {
    try {
      const url = await apiBlobUrl(`/agreements/${String(agreementId)}/evidence/${file.sha256}`);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    }
  };
  return (
    <Button size="small" sx={{ textTransform: 'none', p: 0, minWidth: 0 }} onClick={() => void download()} title={translate('naskah.agreement.evidenceDownload', { name: file.name })}
      data-testid={`evidence-download-${file.sha256.slice(0, 12)}`}>
      {file.name}
    </Button>
  );
}

/**
 * Sends the konsep for signature by both parties: the server renders its naskah from the perjanjian kinerja
 * template (the parties, the indicators and their targets), then the agreement's workflow routes it.
 */
function SubmitButton({ record, indicators, parties }: { record: RaRecord; indicators: Indicator[]; parties: RaRecord[] }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [busy, setBusy] = useState(false);
  const partyIds = (record.parties as number[]) ?? [];
  const title = (id: number) => String(parties.find((p) => p.id === id)?.title ?? id);
  const send = async () => {
    setBusy(true);
    try {
      const amount = (v: number | null | undefined) => (v === null || v === undefined ? '-' : formatAmount(v, locale));
      await dataProvider.submitAgreement(record.id, {
        type: record.kind === 'kerja_sama' ? 'perjanjian_kerja_sama' : 'perjanjian_kinerja',
        hal: `${record.title}`,
        archiveCode: record.kind === 'kerja_sama' ? '000.7' : '000.8',
        kepada: [{ positionId: partyIds[1], name: title(partyIds[1]!) }],
        signerGroups: record.parallel ? [partyIds] : partyIds.map((p) => [p]),
        content: {
          // The opening (Nama and Jabatan of each party) is the template's, from the signers the server resolves.
          body: [
            { kind: 'paragraph', text: 'Pihak pertama berjanji akan mewujudkan target kinerja sesuai lampiran perjanjian ini; pihak kedua akan melakukan supervisi dan evaluasi atas capaiannya.' },
          ],
          indicators: indicators.map((i) => ({
            sasaran: String(record.title), indikator: i.name, satuan: i.unit ?? '', target: amount(i.targetYear),
            triwulan: QUARTERS.map((q) => amount(quarterTarget(i, q))) as [string, string, string, string],
          })),
        },
      });
      notify('naskah.agreement.submitted', { type: 'success' });
      refresh();
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button variant="contained" onClick={send} disabled={busy || indicators.length === 0}>{translate('naskah.agreement.submit')}</Button>;
}

function AgreementPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [locale] = useLocaleState();
  const [reporting, setReporting] = useState(false);
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const partyIds = ((record?.parties as number[] | undefined) ?? []);
  const { data: parties = [] } = useGetMany('positions', { ids: partyIds }, { enabled: partyIds.length > 0 });
  useEffect(() => {
    if (record?.id !== undefined) dataProvider.indicators(record.id).then((rows) => setIndicators(rows as unknown as Indicator[]), () => setIndicators([]));
  }, [record?.id, record?.status, dataProvider]);
  if (!record) return null;
  const status = String(record.status);
  const cell = (ind: Indicator, q: number) => {
    const p = ind.reports?.find((r) => r.quarter === q);
    const target = quarterTarget(ind, q);
    const pct = p ? reportAchievement(ind, p) : null;
    return (
      <TableCell key={q} align="right" data-testid={`cell-${ind.code}-${q}`}>
        <div>{target === null || target === undefined ? '—' : formatAmount(target, locale)}</div>
        <div style={{ fontWeight: 600 }}>{p ? formatAmount(p.realisation, locale) : '—'}</div>
        {pct !== null && <div style={{ color: pct >= 100 ? '#2e7d32' : pct >= 75 ? '#b26a00' : '#c62828' }}>{percentText(pct, locale)}</div>}
        {p?.evidence ? <div style={{ fontSize: 12, color: '#555', whiteSpace: 'normal' }}>{p.evidence}</div> : null}
        {p?.evidenceFile ? <EvidenceLink agreementId={record.id} file={p.evidenceFile} /> : null}
      </TableCell>
    );
  };
  // Capaian of the agreement: the rulebook's mean over the indicators of the latest reported quarter.
  const latest = indicators.map(latestAchievement).filter((p): p is number => p !== null);
  return (
    // minWidth 0 down the column: a flex child otherwise grows to its widest content (the quarters table),
    // and the page would run off a phone's screen instead of the table scrolling inside its card.
    <Box sx={{ p: { xs: 1, sm: 2 }, display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0, maxWidth: '100%', '& > .MuiCard-root': { minWidth: 0 } }}>
      <Card variant="outlined">
        <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
            <Chip data-testid="agreement-status" label={translate(`naskah.enum.agreementStatus.${status}`, { _: status })} color={status === 'draft' ? 'default' : 'primary'} size="small" />
            <Typography variant="body2">{translate(`naskah.enum.agreementKind.${String(record.kind)}`)} · {String(record.year)} · {translate('resources.agreements.fields.version')} {String(record.version)}</Typography>
            {latest.length > 0 && <Typography variant="body2" data-testid="agreement-achievement">{translate('naskah.agreement.achievement')}: {percentText(averagePercent(latest), locale)}</Typography>}
          </Box>
          <Typography variant="subtitle2">{translate('resources.agreements.fields.parties')}</Typography>
          <Box component="ol" data-testid="agreement-parties" sx={{ m: 0, pl: 3 }}>
            {partyIds.map((id, i) => {
              const p = parties.find((x) => x.id === id);
              return <li key={id}>{p ? `${String(p.title)}${p.holderName ? ` (${String(p.holderName)})` : ''}` : `#${id}`} · {translate(`naskah.agreement.party.${i === 0 ? 'first' : 'second'}`)}</li>;
            })}
          </Box>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {status === 'draft' && <SubmitButton record={record} indicators={indicators} parties={parties} />}
            {record.documentId ? <Button size="small" component={Link} to={`/documents/${String(record.documentId)}/show`}>{translate('naskah.agreement.openDocument')}</Button> : null}
            {(status === 'reporting' || status === 'active') && indicators.length > 0 && <Button variant="outlined" onClick={() => setReporting(true)}>{translate('naskah.agreement.report')}</Button>}
          </Box>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <TableContainer>
          <Table size="small" data-testid="indicators">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.agreements.fields.indicator')}</TableCell>
                <TableCell>{translate('resources.agreements.fields.unit')}</TableCell>
                <TableCell align="right">{translate('resources.agreements.fields.target')}</TableCell>
                {QUARTERS.map((q) => <TableCell key={q} align="right">{translate(`naskah.agreement.quarterShort.${q}`)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {indicators.map((ind) => (
                <TableRow key={ind.id}>
                  <TableCell>{ind.code} {ind.name} {ind.direction === 'lower' && <small>({translate('naskah.enum.direction.lower')})</small>}</TableCell>
                  <TableCell>{ind.unit}</TableCell>
                  <TableCell align="right" data-testid={`target-${ind.code}`}>{ind.targetYear === undefined ? '—' : formatAmount(ind.targetYear, locale)}</TableCell>
                  {QUARTERS.map((q) => cell(ind, q))}
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
          <Bars title={translate('naskah.agreement.chart')} unit=" %" bars={indicators.map((i) => ({ label: i.code, value: latestAchievement(i) }))} />
        </CardContent>
      </Card>
      {reporting && <RealisationDialog record={record} indicators={indicators} onClose={() => setReporting(false)} />}
    </Box>
  );
}

/** The agreement's own title (it already says "Perjanjian Kinerja …"), with its year when the title does not carry it. */
function AgreementTitle() {
  const record = useRecordContext();
  if (!record) return null;
  const title = String(record.title ?? '');
  return <span>{title.includes(String(record.year)) ? title : `${title} ${String(record.year)}`}</span>;
}

export default function AgreementShow() {
  return (
    <Show component="div" title={<AgreementTitle />} sx={{ minWidth: 0, "& .RaShow-main, & .RaShow-card": { minWidth: 0 } }}>
      <AgreementPage />
    </Show>
  );
}
