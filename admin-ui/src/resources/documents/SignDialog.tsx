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
}: {
  open: boolean;
  title: string;
  description: string;
  busy: boolean;
  error?: string | null;
  /** 0–100 when signing several documents; undefined for one. */
  progress?: number;
  onSign: (passphrase: string) => void;
  onClose: () => void;
  /** The subjects (hal) being signed, listed so the signer sees what one passphrase will sign. */
  documents?: string[];
}) {
  const translate = useTranslate();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [passphrase, setPassphrase] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || busy) return;
    const value = passphrase;
    setPassphrase('');
    onSign(value);
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
          <Button type="submit" variant="contained" disabled={busy || !passphrase}>{translate('naskah.action.sign')}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
