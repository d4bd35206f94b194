import { useCallback, useEffect, useState } from 'react';
import { Title, useNotify, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { apiBlobUrl, apiJson } from '../../api/http.js';
import { problemMessage } from '../../api/problem.js';
import { Waktu } from '../../fields/WaktuField.js';

type Status = 'diajukan' | 'disetujui' | 'ditolak' | 'dimusnahkan';

/** One usul musnah as GET /api/archive/destruction-proposals answers it. */
interface Proposal {
  id: number;
  proposedAt: string;
  status: Status;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  beritaAcaraKey: string | null;
  records: Array<{
    archiveId: number; number: string | null; hal: string; archiveCode: string; sha256: string;
    retentionUntil: string; legalHold: boolean; destroyedAt: string | null;
  }>;
}

const statusColor: Record<Status, 'default' | 'warning' | 'success' | 'error'> = { diajukan: 'warning', disetujui: 'warning', ditolak: 'default', dimusnahkan: 'success' };

/** Approve (and carry out) or reject, always with a note: the decree number or the reason goes into the audit trail. */
function DecisionDialog({ proposal, decision, onClose, onDone }: { proposal: Proposal; decision: 'approve' | 'reject'; onClose: () => void; onDone: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiJson(`/archive/destruction-proposals/${proposal.id}/${decision}`, { method: 'POST', body: JSON.stringify({ note }) });
      notify(decision === 'approve' ? 'naskah.usulMusnah.approved' : 'naskah.usulMusnah.rejected', { type: 'success' });
      onDone();
      onClose();
    } catch (e) {
      // A refusal names the records (legal hold, retention not ended, storage lock): shown as the server wrote it.
      setError(problemMessage(e, translate));
      if (decision === 'approve') onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate(decision === 'approve' ? 'naskah.usulMusnah.confirmApprove' : 'naskah.usulMusnah.confirmReject', { id: proposal.id })}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        {decision === 'approve' && <Alert severity="warning">{translate('naskah.usulMusnah.irreversible', { smart_count: proposal.records.length })}</Alert>}
        <TextField label={translate('naskah.usulMusnah.note')} value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={2} required
          slotProps={{ htmlInput: { 'data-testid': 'usul-musnah-note' } }} />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color={decision === 'approve' ? 'error' : 'primary'} onClick={submit} disabled={busy || note.trim().length < 3} data-testid="usul-musnah-submit">
          {translate(decision === 'approve' ? 'naskah.usulMusnah.approve' : 'naskah.usulMusnah.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function openPdf(path: string, onError: (message: string) => void) {
  apiBlobUrl(path).then((url) => { window.open(url, '_blank', 'noopener'); setTimeout(() => URL.revokeObjectURL(url), 60_000); }, (e: unknown) => onError(String((e as Error).message ?? e)));
}

/** Usul musnah: what the life-cycle pass proposed for destruction, and the decision on each. */
export default function DestructionProposals() {
  const translate = useTranslate();
  const notify = useNotify();
  const [rows, setRows] = useState<Proposal[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ proposal: Proposal; decision: 'approve' | 'reject' } | null>(null);
  const load = useCallback(() => {
    apiJson<Proposal[]>('/archive/destruction-proposals').then(
      (r) => { setRows(r); setError(null); },
      (e: unknown) => setError(problemMessage(e, translate)),
    );
  }, [translate]);
  useEffect(load, [load]);
  const failed = (message: string) => notify(message, { type: 'error' });
  return (
    <Box sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Title title={translate('naskah.menu.usulMusnah')} />
      <Typography variant="body2" color="text.secondary">{translate('naskah.usulMusnah.intro')}</Typography>
      {error && <Alert severity="warning">{error}</Alert>}
      {rows?.length === 0 && <Alert severity="info">{translate('naskah.usulMusnah.empty')}</Alert>}
      {(rows ?? []).map((p) => (
        <Card key={p.id} variant="outlined" data-testid={`usul-musnah-${p.id}`}>
          <CardContent>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.usulMusnah.heading', { id: p.id })}</Typography>
              <Chip size="small" color={statusColor[p.status]} label={translate(`naskah.usulMusnah.status.${p.status}`)} />
              <Typography variant="body2" color="text.secondary">{translate('naskah.usulMusnah.proposedAt')}: <Waktu value={p.proposedAt} /></Typography>
            </Box>
            {p.decidedBy && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {translate('naskah.usulMusnah.decidedBy')}: {p.decidedBy} · <Waktu value={p.decidedAt} /> · {p.decisionNote}
              </Typography>
            )}
            <Table size="small" sx={{ mt: 1 }}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('resources.archive.fields.number')}</TableCell>
                  <TableCell>{translate('resources.archive.fields.hal')}</TableCell>
                  <TableCell>{translate('resources.archive.fields.archiveCode')}</TableCell>
                  <TableCell>{translate('resources.archive.fields.retentionUntil')}</TableCell>
                  <TableCell>SHA-256</TableCell>
                  <TableCell>{translate('naskah.usulMusnah.state')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {p.records.map((r) => (
                  <TableRow key={r.archiveId}>
                    <TableCell>{r.number ?? '-'}</TableCell>
                    <TableCell>{r.hal}</TableCell>
                    <TableCell>{r.archiveCode}</TableCell>
                    <TableCell><Waktu value={r.retentionUntil} dateOnly /></TableCell>
                    <TableCell><code style={{ fontSize: 11 }}>{r.sha256.slice(0, 16)}…</code></TableCell>
                    <TableCell>
                      {r.destroyedAt ? <>{translate('naskah.usulMusnah.destroyed')} <Waktu value={r.destroyedAt} /></>
                        : r.legalHold ? <Chip size="small" color="error" label={translate('naskah.usulMusnah.legalHold')} /> : translate('naskah.usulMusnah.archived')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
          <CardActions>
            <Button size="small" onClick={() => openPdf(`/archive/destruction-proposals/${p.id}/usul`, failed)}>{translate('naskah.usulMusnah.openUsul')}</Button>
            {p.beritaAcaraKey && (
              <Button size="small" onClick={() => openPdf(`/archive/destruction-proposals/${p.id}/berita-acara`, failed)} data-testid="berita-acara">{translate('naskah.usulMusnah.openBeritaAcara')}</Button>
            )}
            <Box sx={{ flex: 1 }} />
            {p.status === 'diajukan' && (
              <Button size="small" onClick={() => setDeciding({ proposal: p, decision: 'reject' })}>{translate('naskah.usulMusnah.reject')}</Button>
            )}
            {(p.status === 'diajukan' || p.status === 'disetujui') && (
              <Button size="small" variant="contained" color="error" onClick={() => setDeciding({ proposal: p, decision: 'approve' })} data-testid="usul-musnah-approve">
                {translate(p.status === 'diajukan' ? 'naskah.usulMusnah.approve' : 'naskah.usulMusnah.resume')}
              </Button>
            )}
          </CardActions>
        </Card>
      ))}
      {deciding && (
        <DecisionDialog proposal={deciding.proposal} decision={deciding.decision} onClose={() => setDeciding(null)}
          onDone={() => { load(); }} />
      )}
    </Box>
  );
}
