import { useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';

/**
 * The passphrase prompt for Tanda Tangani (one document or many). The
 * passphrase lives only in this component's state and the request body; it is
 * cleared after every attempt.
 */
export function SignDialog({
  open,
  title,
  description,
  busy,
  error,
  progress,
  onSign,
  onClose,
  documents,
  resendWarning,
}: {
  open: boolean;
  title: string;
  description: string;
  busy: boolean;
  error?: string | null;
  /** 0–100 when signing several documents; undefined for one. */
  progress?: number;
  /** `confirmResend`: the signer ticked that they send again after a request whose answer was lost. */
  onSign: (passphrase: string, confirmResend: boolean) => void;
  onClose: () => void;
  /** The subjects (hal) being signed, listed so the signer sees what one passphrase will sign. */
  documents?: string[];
  /** An earlier certified request of this signer got no answer (the provider may have signed): sending again needs their tick. */
  resendWarning?: string;
}) {
  const translate = useTranslate();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [passphrase, setPassphrase] = useState('');
  const [confirmResend, setConfirmResend] = useState(false);
  const blocked = resendWarning !== undefined && !confirmResend;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || busy || blocked) return;
    const value = passphrase;
    setPassphrase('');
    onSign(value, resendWarning !== undefined && confirmResend);
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullScreen={fullScreen} fullWidth maxWidth="sm" aria-labelledby="sign-title">
      <form onSubmit={submit} autoComplete="off">
        <DialogTitle id="sign-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{description}</DialogContentText>
          {documents && documents.length > 0 && (
            <Box component="ol" data-testid="sign-documents" sx={{ mt: 0, mb: 2, pl: 3, maxHeight: 200, overflowY: 'auto' }}>
              {documents.map((hal, i) => <Typography component="li" variant="body2" key={`${i}-${hal}`}>{hal}</Typography>)}
            </Box>
          )}
          {resendWarning !== undefined && (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="resend-warning">
              {resendWarning}
              <FormControlLabel
                sx={{ display: 'flex', mt: 1 }}
                control={<Checkbox checked={confirmResend} onChange={(e) => setConfirmResend(e.target.checked)} slotProps={{ input: { 'data-testid': 'confirm-resend' } as object }} />}
                label={translate('naskah.sign.confirmResend')}
              />
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            type="password"
            name="passphrase"
            label={translate('naskah.sign.passphrase')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            disabled={busy}
            slotProps={{ htmlInput: { autoComplete: 'off', 'data-testid': 'passphrase' } }}
          />
          {busy && (
            <>
              <LinearProgress sx={{ mt: 2 }} variant={progress === undefined ? 'indeterminate' : 'determinate'} value={progress} />
              <DialogContentText variant="caption">{translate('naskah.sign.inProgress')}</DialogContentText>
            </>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} role="alert" data-testid="sign-error">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy || !passphrase || blocked}>{translate('naskah.action.sign')}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
