import { useEffect, useState } from 'react';
import { Show, useGetList, useRecordContext, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { apiBlobUrl } from '../../api/http.js';
import { naskahApi, type VerificationReport } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { AuditActor } from '../audit-events/AuditActor.js';
import { RetentionUntil } from '../../fields/RetentionUntil.js';
import { Waktu } from '../../fields/WaktuField.js';
import { PdfViewer } from '../../pdf/PdfViewer.js';
import { VerificationResult } from '../../verification/VerificationPage.js';

function PackageDownload({ id, name }: { id: string; name: string }) {
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const url = await apiBlobUrl(naskahApi.archivePackagePath(id));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${name.replace(/[^\w.-]+/g, '_')}.zip`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(problemMessage(e, translate));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box>
      <Button variant="contained" startIcon={<DownloadIcon />} onClick={download} disabled={busy} data-testid="package-download">
        {translate('naskah.archive.package')}
      </Button>
      {error && <Alert severity="error" sx={{ mt: 1 }}>{error}</Alert>}
    </Box>
  );
}

function Verification({ id }: { id: string }) {
  const translate = useTranslate();
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    naskahApi.archiveVerification(id).then(
      setReport,
      (e: unknown) => setError(problemMessage(e, translate)),
    );
  }, [id, translate]);
  if (error) return <Alert severity="warning">{error}</Alert>;
  if (!report) return null;
  return <VerificationResult report={report} />;
}

function AuditTrail({ subjectId }: { subjectId: string }) {
  const translate = useTranslate();
  const { data } = useGetList('audit-events', { filter: { subjectType: 'document', subjectId }, sort: { field: 'id', order: 'ASC' }, pagination: { page: 1, perPage: 200 } });
  return (
    <List dense data-testid="audit-trail">
      {(data ?? []).map((e) => (
        <ListItem key={e.id} disableGutters>
          <ListItemText
            primary={translate(`naskah.enum.auditAction.${e.action}`, { _: String(e.action) })}
            secondary={
              <>
                <AuditActor event={e} /> · <Waktu value={e.at as string} />
                <br />
                <code style={{ fontSize: 11 }}>{String(e.hash ?? '').slice(0, 20)}</code>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}

function ArchivePage() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const documentId = String(record.documentId ?? (record.document as { id?: string } | undefined)?.id ?? record.id);
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0,3fr) minmax(320px,2fr)' }, gap: 2, p: { xs: 1, sm: 2 } }}>
      <PdfViewer path={`/archive/${record.id}/pdf`} height="80vh" title={String(record.hal ?? '')} />
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="h6">{record.number} · {record.hal}</Typography>
        <Typography variant="body2">
          {translate('resources.archive.fields.archiveCode')}: {record.archiveCode} · {translate('resources.archive.fields.retentionUntil')}: <RetentionUntil value={record.retentionUntil as string | undefined} fate={record.fate} /> ·{' '}
          {translate(`naskah.enum.fate.${record.fate}`, { _: String(record.fate ?? '') })}
        </Typography>
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>sha256 {record.sha256}</Typography>
        <PackageDownload id={String(record.id)} name={String(record.number ?? record.id)} />
        <Card variant="outlined"><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>{translate('naskah.archive.verification')}</Typography>
          <Verification id={String(record.id)} />
        </CardContent></Card>
        <Card variant="outlined"><CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.archive.trail')}</Typography>
          <AuditTrail subjectId={documentId} />
        </CardContent></Card>
      </Box>
    </Box>
  );
}

export default function ArchiveShow() {
  return (
    <Show component="div">
      <ArchivePage />
    </Show>
  );
}
