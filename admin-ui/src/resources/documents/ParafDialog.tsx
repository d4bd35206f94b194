import { useEffect, useState, type FormEvent } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { NaskahDataProvider } from '../../api/dataProvider.js';

/**
 * Whether the signed-in reviewer holds a signing certificate (GET /signing/method), asked once per
 * opening: undefined while the API answers. With one, their paraf is also signed with their key.
 */
function useHasCertificate(open: boolean): boolean | undefined {
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [has, setHas] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    let current = true;
    setHas(undefined);
    dataProvider.signingMethod().then((m) => current && setHas(m.provider !== null), () => current && setHas(false));
    return () => {
      current = false;
    };
  }, [open, dataProvider]);
  return has;
}

/**
 * Paraf: an optional note; for a reviewer with a certificate, also the passphrase that signs the paraf
 * version with their own key (as the sign dialog asks it). The passphrase lives only in this
 * component's state and the request body, and is cleared after every attempt.
 */
export function ParafDialog({
  open,
  description,
  busy,
  error,
  onParaf,
  onClose,
}: {
  open: boolean;
  description: string;
  busy: boolean;
  error?: string | null;
  onParaf: (body: { note?: string; passphrase?: string }) => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const electronic = useHasCertificate(open);
  const [note, setNote] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const ready = electronic !== undefined && (!electronic || passphrase !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy) return;
    const trimmed = note.trim();
    const body = { ...(trimmed ? { note: trimmed } : {}), ...(electronic ? { passphrase } : {}) };
    setPassphrase('');
    onParaf(body);
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullScreen={fullScreen} fullWidth maxWidth="sm" aria-labelledby="paraf-title">
      <form onSubmit={submit} autoComplete="off">
        <DialogTitle id="paraf-title">{translate('naskah.action.paraf')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{description}</DialogContentText>
          {electronic && <Alert severity="info" sx={{ mb: 2 }} data-testid="paraf-electronic">{translate('naskah.paraf.electronic')}</Alert>}
          <TextField
            fullWidth
            multiline
            minRows={3}
            label={translate('naskah.action.noteOptional')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            disabled={busy}
            slotProps={{ htmlInput: { 'data-testid': 'note' } }}
          />
          {electronic && (
            <TextField
              autoFocus
              fullWidth
              required
              sx={{ mt: 2 }}
              type="password"
              name="passphrase"
              label={translate('naskah.paraf.passphrase')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              disabled={busy}
              slotProps={{ htmlInput: { autoComplete: 'off', 'data-testid': 'passphrase' } }}
            />
          )}
          {busy && (
            <>
              <LinearProgress sx={{ mt: 2 }} />
              {electronic && <DialogContentText variant="caption">{translate('naskah.paraf.inProgress')}</DialogContentText>}
            </>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} role="alert" data-testid="paraf-error">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy || !ready}>{translate('naskah.action.paraf')}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
