import { useCallback, useEffect, useState } from 'react';
import { Title, useNotify, usePermissions, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { apiJson } from '../../api/http.js';
import { problemMessage } from '../../api/problem.js';

/** One JRA row as GET /api/archive/retention-schedule answers it. */
interface Rule {
  id: number;
  codePrefix: string;
  description: string;
  activeYears: number;
  inactiveYears: number;
  fate: 'musnah' | 'permanen' | 'dinilai_kembali';
}

const FATES: Rule['fate'][] = ['musnah', 'permanen', 'dinilai_kembali'];

/** The edit goes to PUT /api/retention-rules/:id: forward-only (records already locked keep their retention), audited. */
function EditRule({ rule, onClose, onSaved }: { rule: Rule; onClose: () => void; onSaved: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [draft, setDraft] = useState({ description: rule.description, activeYears: String(rule.activeYears), inactiveYears: String(rule.inactiveYears), fate: rule.fate });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiJson(`/retention-rules/${rule.id}`, {
        method: 'PUT',
        body: JSON.stringify({ description: draft.description, activeYears: Number(draft.activeYears), inactiveYears: Number(draft.inactiveYears), fate: draft.fate }),
      });
      notify('naskah.jra.saved', { type: 'success' });
      onSaved();
    } catch (e) {
      setError(problemMessage(e, translate));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('naskah.jra.editTitle', { code: rule.codePrefix })}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <Typography variant="body2" color="text.secondary">{translate('naskah.jra.forwardOnly')}</Typography>
        <TextField label={translate('naskah.jra.name')} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} slotProps={{ htmlInput: { 'data-testid': 'jra-description' } }} />
        <TextField label={translate('naskah.jra.active')} type="number" value={draft.activeYears} onChange={(e) => setDraft({ ...draft, activeYears: e.target.value })} slotProps={{ htmlInput: { min: 0, max: 100, 'data-testid': 'jra-active' } }} />
        <TextField label={translate('naskah.jra.inactive')} type="number" value={draft.inactiveYears} onChange={(e) => setDraft({ ...draft, inactiveYears: e.target.value })} slotProps={{ htmlInput: { min: 0, max: 100, 'data-testid': 'jra-inactive' } }} />
        <TextField select label={translate('naskah.jra.fate')} value={draft.fate} onChange={(e) => setDraft({ ...draft, fate: e.target.value as Rule['fate'] })}>
          {FATES.map((f) => <MenuItem key={f} value={f}>{translate(`naskah.enum.fate.${f}`, { _: f })}</MenuItem>)}
        </TextField>
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={busy} data-testid="jra-save">{translate('ra.action.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** JRA (jadwal retensi arsip): active + inactive years and final fate per classification code; admins edit a row. */
export default function RetentionSchedule() {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const isAdmin = Array.isArray(permissions) && permissions.includes('admin');
  const [rows, setRows] = useState<Rule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Rule | null>(null);
  const load = useCallback(() => {
    apiJson<Rule[]>('/archive/retention-schedule').then(
      (r) => { setRows(r); setError(null); },
      (e: unknown) => setError(problemMessage(e, translate)),
    );
  }, [translate]);
  useEffect(load, [load]);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('naskah.menu.jra')} />
      {error && <Alert severity="warning">{error}</Alert>}
      <Table size="small" data-testid="jra">
        <TableHead>
          <TableRow>
            <TableCell>{translate('naskah.jra.code')}</TableCell>
            <TableCell>{translate('naskah.jra.name')}</TableCell>
            <TableCell align="right">{translate('naskah.jra.active')}</TableCell>
            <TableCell align="right">{translate('naskah.jra.inactive')}</TableCell>
            <TableCell>{translate('naskah.jra.fate')}</TableCell>
            {isAdmin && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {(rows ?? []).map((r) => (
            <TableRow key={r.id}>
              <TableCell>{r.codePrefix}</TableCell>
              <TableCell>{r.description}</TableCell>
              <TableCell align="right">{r.activeYears}</TableCell>
              <TableCell align="right">{r.inactiveYears}</TableCell>
              <TableCell>{translate(`naskah.enum.fate.${r.fate}`, { _: r.fate })}</TableCell>
              {isAdmin && (
                <TableCell align="right">
                  <Button size="small" onClick={() => setEditing(r)} data-testid={`jra-edit-${r.codePrefix}`}>{translate('ra.action.edit')}</Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <EditRule rule={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} />}
    </Card>
  );
}
