import {
  EditButton,
  Show,
  TopToolbar,
  useGetList,
  useGetMany,
  usePermissions,
  useRecordContext,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { useEffect, useState } from 'react';
import { PdfViewer } from '../../pdf/PdfViewer.js';
import { problemMessage } from '../../api/problem.js';
import { VerificationResult } from '../../verification/VerificationPage.js';
import { hasRole } from '../../auth/authProvider.js';
import { naskahApi, type VerificationReport } from '../../api/dataProvider.js';
import { Waktu } from '../../fields/WaktuField.js';
import { Tenggat } from '../../fields/Tenggat.js';
import { DocumentActions, type RoutingStep, type SigningOutcomeUnknown } from './DocumentActions.js';
import { getSession } from '../../api/session.js';
import { followInterval } from '../../api/following.js';
import { AuditActor } from '../audit-events/AuditActor.js';

interface Version {
  id?: string;
  no?: number;
  version?: number;
  sha256?: string;
  reason?: string;
  note?: string;
  author?: { name?: string } | string;
  /** Who the version's author is (the reviewer whose electronic paraf a `paraf_signed` version carries). */
  authorName?: string | null;
  createdAt?: string;
}

/** "Versi 3 · Diparaf secara elektronik oleh <nama>": a reviewer's electronic paraf names them; other versions their reason. */
function versionLabel(v: Version, translate: (key: string, options?: Record<string, unknown>) => string): string {
  if (v.reason === 'paraf_signed' && v.authorName) return translate('naskah.document.parafSignedBy', { name: v.authorName });
  return translate(`naskah.enum.versionReason.${v.reason}`, { _: v.reason ?? '' });
}

interface Recipient {
  positionId?: number;
  name?: string;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle1" gutterBottom sx={{ fontWeight: 600 }}>{title}</Typography>
        {children}
      </CardContent>
    </Card>
  );
}

const STATE_COLOR: Record<string, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  done: 'success',
  approved: 'success',
  signed: 'success',
  waiting: 'info',
  active: 'info',
  returned: 'warning',
  skipped: 'default',
};

function Header() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const names = (list: unknown) => ((list ?? []) as Recipient[]).map((r) => r.name).join('; ');
  const rows: Array<[string, React.ReactNode]> = [
    ['number', record.number ?? translate('naskah.document.noNumber')],
    ['type', translate(`naskah.enum.type.${record.type}`, { _: String(record.type ?? '') })],
    ['sifat', translate(`naskah.enum.sifat.${record.sifat}`, { _: String(record.sifat ?? '') })],
    ['classification', translate(`naskah.enum.keamanan.${record.classification}`, { _: String(record.classification ?? '') })],
    ['archiveCode', record.archiveCode],
    ['drafter', record.drafterName],
    ['lampiran', record.lampiran ?? 0],
    ['kepada', names(record.kepada)],
    ['tembusan', names(record.tembusan)],
    ['status', translate(`naskah.enum.status.${record.status}`, { _: String(record.status ?? '') })],
  ];
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
      {rows.map(([field, value]) => (
        <Box key={field} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">{translate(`resources.documents.fields.${field}`)}</Typography>
          {/* A nomor naskah has no spaces (000.7.2/0001/Diskominfosp/2026): it may break anywhere rather than be cut off on a phone. */}
          <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{value as React.ReactNode}</Typography>
        </Box>
      ))}
    </Box>
  );
}

function Route() {
  const record = useRecordContext();
  const translate = useTranslate();
  const steps = ((record?.steps ?? []) as RoutingStep[]).slice().sort((a, b) => a.order - b.order);
  const { data: positions } = useGetMany('positions', { ids: [...new Set(steps.map((s) => s.positionId).filter((id) => id !== undefined))] }, { enabled: steps.length > 0 });
  const positionName = (id?: number) => { const p = positions?.find((x) => x.id === id); return (p?.title ?? p?.name) as string | undefined; };
  if (steps.length === 0) return <Typography variant="body2">{translate('naskah.document.noRoute')}</Typography>;
  return (
    <List dense disablePadding data-testid="route">
      {steps.map((step, i) => (
        <ListItem key={step.id ?? i} disableGutters alignItems="flex-start">
          <ListItemText
            primary={
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <span>{step.order}{step.parallelGroup ? `·${step.parallelGroup}` : ''}. {translate(`naskah.enum.stepKind.${step.kind}`)}</span>
                <strong>{step.delegate?.prefix ? `${step.delegate.prefix} ` : ''}{step.position?.name ?? positionName(step.positionId) ?? ''}</strong>
                <Chip size="small" color={STATE_COLOR[step.state] ?? 'default'} label={translate(`naskah.enum.stepState.${step.state}`, { _: step.state })} />
                {!step.actedAt && <Tenggat deadline={step.dueAt ?? step.deadline} />}
              </Box>
            }
            secondary={
              <>
                {step.delegate?.name ?? step.actor?.name}
                {step.actedAt && <> · <Waktu value={step.actedAt} /></>}
                {step.note && <><br />“{step.note}”</>}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}

function Versions() {
  const record = useRecordContext();
  const translate = useTranslate();
  const versions = (record?.versions ?? []) as Version[];
  if (versions.length === 0) return <Typography variant="body2">—</Typography>;
  return (
    <List dense disablePadding data-testid="versions">
      {versions.map((v, i) => (
        <ListItem key={v.id ?? i} disableGutters>
          <ListItemText
            primary={`${translate('naskah.document.version')} ${v.no ?? v.version ?? i + 1} · ${versionLabel(v, translate)}`}
            secondary={
              <>
                {typeof v.author === 'string' ? v.author : v.author?.name}{v.author ? ' · ' : ''}<Waktu value={v.createdAt} />
                {v.note && <><br />“{v.note}”</>}
                {v.sha256 && <><br /><code style={{ fontSize: 11 }}>sha256 {v.sha256.slice(0, 16)}…</code></>}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}

/** The audit trail is for auditors and admins (the API says 403 to others). */
function History() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const inline = record?.history as RaRecord[] | undefined;
  const { data } = useGetList(
    'audit-events',
    { filter: { subjectType: 'document', subjectId: record?.id }, sort: { field: 'id', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: !inline && !!record && hasRole(permissions, 'auditor', 'admin') },
  );
  const events = inline ?? data ?? [];
  if (events.length === 0) return <Typography variant="body2">—</Typography>;
  return (
    <List dense disablePadding data-testid="history">
      {events.map((e) => (
        <ListItem key={e.id} disableGutters>
          <ListItemText
            primary={translate(`naskah.enum.auditAction.${e.action}`, { _: String(e.action) })}
            secondary={<><AuditActor event={e} /> · <Waktu value={e.at as string} /></>}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** Signed documents: the verdict and each signature's kind of TTE, as the public page and the archive report give them. */
function Verification({ id }: { id: string }) {
  const translate = useTranslate();
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    naskahApi.documentVerification(id).then(setReport, (e: unknown) => setError(problemMessage(e, translate)));
  }, [id, translate]);
  if (error) return <Alert severity="warning">{error}</Alert>;
  return report ? <VerificationResult report={report} /> : null;
}

const signedStatuses = new Set(['signed', 'distributed', 'archived']);

function DocumentPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const stacked = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'));
  if (!record) return null;
  const latest = ((record.versions ?? []) as Version[]).reduce<number | undefined>((max, v) => Math.max(max ?? 0, v.no ?? v.version ?? 0) || max, undefined);
  return (
    // minmax(0, …) and min-width 0: on a phone no child's min-content may widen the column past the screen
    // (a signer's page ran 28 px off a 390 px screen). On a phone the title and actions come first, then the
    // document itself (with a button that opens it), then the details; on a wide screen the PDF is on the left.
    <Box sx={{
      display: 'grid', gap: 2, p: { xs: 1, sm: 2 },
      gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(320px, 2fr)' },
      gridTemplateRows: { lg: 'auto 1fr' },
      gridTemplateAreas: { xs: '"head" "pdf" "details"', lg: '"pdf head" "pdf details"' },
    }}>
      <Box sx={{ gridArea: 'pdf', minWidth: 0 }} data-testid="document-pdf">
        {latest ? (
          <PdfViewer path={naskahApi.pdfPath(record.id, latest)} height={stacked ? '70vh' : '80vh'} title={String(record.hal ?? '')} openLink={stacked} />
        ) : (
          <Alert severity="info">{translate('naskah.document.noPdf')}</Alert>
        )}
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, gridArea: 'head', minWidth: 0 }}>
        <Typography variant="h6">{record.hal}</Typography>
        {((record.signingOutcomesUnknown ?? []) as SigningOutcomeUnknown[]).map((o) => (
          <Alert severity="warning" key={`${o.personId}-${o.at}`} data-testid="signing-outcome-unknown">
            {translate('naskah.document.signingOutcomeUnknown', { provider: o.provider, at: new Date(o.at).toLocaleString() })}
          </Alert>
        ))}
        <DocumentActions />
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, gridArea: 'details', minWidth: 0 }}>
        <Section title={translate('naskah.document.details')}><Header /></Section>
        <Section title={translate('naskah.document.route')}><Route /></Section>
        <Section title={translate('naskah.document.versions')}><Versions /></Section>
        {signedStatuses.has(String(record.status)) && <Section title={translate('naskah.archive.verification')}><Verification id={String(record.id)} /></Section>}
        {hasRole(permissions, 'auditor', 'admin') && <Section title={translate('naskah.document.history')}><History /></Section>}
      </Box>
    </Box>
  );
}

/** Ubah (edit) is the drafter's, and only while the konsep is with them: not in review, not signed. */
function ShowActions() {
  const record = useRecordContext();
  const user = getSession()?.user;
  const editable = record !== undefined && user?.personId !== undefined && record.drafterId === user.personId && ['draft', 'returned'].includes(String(record.status));
  // No empty toolbar: on a phone it pushed the title ~60 px down under a blank band.
  return editable ? <TopToolbar><EditButton /></TopToolbar> : null;
}

export default function DocumentShow() {
  return (
    // While the workflow moves the document on (after an action; numbering, distribution, archiving) the page asks again until it settles.
    <Show component="div" actions={<ShowActions />} queryOptions={{ refetchInterval: (query) => followInterval(query.state.data) }}>
      <DocumentPage />
    </Show>
  );
}
