import { useEffect, useState, type FormEvent } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
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
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import type { Theme } from '@mui/material/styles';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';

/** What the signer typed: the passphrase, or the one-time code their provider sent them. */
export type SignSecret = { passphrase: string } | { totp: string };

/** The signer's provider sends one-time codes (GET /signing/method): its name, and how to ask for a code. */
export interface TotpOffer {
  provider: string;
  /** POST /signing/totp; resolves to the provider's message for the signer. */
  request: () => Promise<string>;
}

/**
 * The one-time code offer for the signed-in signer while `open`: asked of the API once per opening,
 * undefined while it answers or when the signer's provider sends no codes (the passphrase alone).
 */
export function useTotpOffer(open: boolean, documents: number): TotpOffer | undefined {
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [provider, setProvider] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let current = true;
    dataProvider.signingMethod().then((m) => current && setProvider(m.totp ? m.provider : null), () => current && setProvider(null));
    return () => {
      current = false;
    };
  }, [open, dataProvider]);
  return provider ? { provider, request: () => dataProvider.requestSigningTotp(documents) } : undefined;
}

/**
 * The passphrase prompt for Tanda Tangani (one document or many). The
 * passphrase (or the one-time code of a provider that sends them) lives only
 * in this component's state and the request body; it is cleared after every attempt.
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
  totp,
}: {
  open: boolean;
  title: string;
  description: string;
  busy: boolean;
  error?: string | null;
  /** 0–100 when signing several documents; undefined for one. */
  progress?: number;
  /** `confirmResend`: the signer ticked that they send again after a request whose answer was lost. */
  onSign: (secret: SignSecret, confirmResend: boolean) => void;
  onClose: () => void;
  /** The subjects (hal) being signed, listed so the signer sees what one passphrase will sign. */
  documents?: string[];
  /** An earlier certified request of this signer got no answer (the provider may have signed): sending again needs their tick. */
  resendWarning?: string;
  /** Offered when the signer's provider sends one-time codes: "Kirim kode OTP" and a code field beside the passphrase. */
  totp?: TotpOffer;
}) {
  const translate = useTranslate();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [mode, setMode] = useState<'passphrase' | 'totp'>('passphrase');
  const [codeSent, setCodeSent] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [confirmResend, setConfirmResend] = useState(false);
  const blocked = resendWarning !== undefined && !confirmResend;
  const byCode = totp !== undefined && mode === 'totp';
  const value = byCode ? code : passphrase;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value || busy || blocked) return;
    setPassphrase('');
    setCode('');
    onSign(byCode ? { totp: value } : { passphrase: value }, resendWarning !== undefined && confirmResend);
  };

  const sendCode = async () => {
    if (!totp) return;
    setSending(true);
    setCodeError(null);
    try {
      setCodeSent(await totp.request());
    } catch (error) {
      setCodeSent(null);
      setCodeError(problemMessage(error, translate));
    } finally {
      setSending(false);
    }
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
          {totp && (
            <ToggleButtonGroup exclusive size="small" color="primary" value={mode} onChange={(_, m: 'passphrase' | 'totp' | null) => m && setMode(m)} sx={{ mb: 2 }} disabled={busy}>
              <ToggleButton value="passphrase" data-testid="use-passphrase">{translate('naskah.sign.usePassphrase')}</ToggleButton>
              <ToggleButton value="totp" data-testid="use-totp">{translate('naskah.sign.useTotp', { provider: totp.provider })}</ToggleButton>
            </ToggleButtonGroup>
          )}
          {byCode ? (
            <>
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
                <TextField
                  autoFocus
                  fullWidth
                  name="totp"
                  label={translate('naskah.sign.totp')}
                  helperText={translate('naskah.sign.totpHelp')}
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                  disabled={busy}
                  slotProps={{ htmlInput: { autoComplete: 'one-time-code', inputMode: 'numeric', maxLength: 10, 'data-testid': 'totp' } }}
                />
                <Button variant="outlined" onClick={() => void sendCode()} disabled={busy || sending} sx={{ mt: 1, whiteSpace: 'nowrap' }} data-testid="send-totp">
                  {translate('naskah.sign.sendTotp')}
                </Button>
              </Box>
              {codeSent && <Alert severity="info" sx={{ mt: 1 }} data-testid="totp-sent">{codeSent}</Alert>}
              {codeError && <Alert severity="error" sx={{ mt: 1 }} role="alert">{codeError}</Alert>}
            </>
          ) : (
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
          )}
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
          <Button type="submit" variant="contained" disabled={busy || !value || blocked}>{translate('naskah.action.sign')}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
