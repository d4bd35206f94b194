import { useEffect, useState } from 'react';
import { LocalesMenuButton, useLocaleState, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import VerifiedIcon from '@mui/icons-material/Verified';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { naskahApi, type VerificationReport } from '../api/dataProvider.js';
import { problemMessage } from '../api/problem.js';
import { Waktu } from '../fields/WaktuField.js';
import { PemdaBrand } from '../pemda/PemdaBrand.js';

const SEVERITY = { VALID: 'success', INVALID: 'error', INDETERMINATE: 'warning' } as const;

/** The signatures found, each with its signer, time and reasons. */
export function VerificationResult({ report }: { report: VerificationReport }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Box data-testid="verification-result" data-status={report.status}>
      <Alert severity={SEVERITY[report.status] ?? 'warning'} icon={report.status === 'VALID' ? <VerifiedIcon /> : undefined} sx={{ mb: 2 }}>
        <Typography variant="h6" component="div">{translate(`naskah.verify.status.${report.status}`, { _: report.status })}</Typography>
        {translate(`naskah.verify.explain.${report.status}`, { _: '' })}
      </Alert>
      {(report.number || report.hal) && (
        <Typography variant="body2" sx={{ mb: 1 }}>
          {report.number} {report.hal ? `· ${report.hal}` : ''}
        </Typography>
      )}
      {report.signatures.map((s, i) => (
        <Card key={i} variant="outlined" sx={{ mb: 1 }}>
          <CardContent>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {translate('naskah.verify.signature', { n: i + 1 })}: {s.signer ?? '—'}
            </Typography>
            {s.position && <Typography variant="body2">{s.position}</Typography>}
            {s.nip && <Typography variant="body2">NIP {s.nip}</Typography>}
            {s.signedAt && <Typography variant="body2">{translate('naskah.verify.signedAt')}: <Waktu value={s.signedAt} /></Typography>}
            {s.issuer && <Typography variant="body2">{translate('naskah.verify.issuer')}: {s.issuer}</Typography>}
            {s.trust && (
              <Typography variant="body2" data-testid="signature-trust" data-kind={s.trust.kind}>
                <strong>{translate(`naskah.verify.trustKind.${s.trust.kind}`, { _: s.trust.kind })}</strong>: {locale === 'en' ? s.trust.en : s.trust.id}
              </Typography>
            )}
            {s.status && <Typography variant="body2">{translate(`naskah.verify.status.${s.status}`, { _: s.status })}</Typography>}
            {s.reasons?.filter(Boolean).map((r) => <Typography key={r} variant="body2" color="text.secondary">• {r}</Typography>)}
          </CardContent>
        </Card>
      ))}
      {report.reasons.filter(Boolean).map((r) => <Typography key={r} variant="body2" color="text.secondary">• {r}</Typography>)}
      {report.provider && (
        <Card variant="outlined" sx={{ mt: 2 }} data-testid="provider-verification" data-available={String(report.provider.available)}>
          <CardContent>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.verify.provider', { name: report.provider.name })}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{locale === 'en' ? report.provider.label.en : report.provider.label.id}</Typography>
            {report.provider.signatures.map((s, i) => (
              <Typography key={i} variant="body2">
                {translate('naskah.verify.signature', { n: i + 1 })}: {s.signer ?? '—'} · {s.signatureFormat ?? '—'}
                {' · '}{translate(s.integrityValid ? 'naskah.verify.providerIntact' : 'naskah.verify.providerChanged')}
                {' · '}{translate(s.certificateTrusted ? 'naskah.verify.providerTrusted' : 'naskah.verify.providerUntrusted')}
                {s.ltv !== null && ` · LTV: ${translate(s.ltv ? 'naskah.verify.yes' : 'naskah.verify.no')}`}
              </Typography>
            ))}
          </CardContent>
        </Card>
      )}
    </Box>
  );
}

/**
 * Verifikasi: public, no sign-in. Opened from the QR code on a signed PDF
 * (/verifikasi/<token>, the random token of a signed version) or used to upload a PDF someone received.
 */
export default function VerificationPage() {
  const translate = useTranslate();
  const { token } = useParams();
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (promise: Promise<VerificationReport>) => {
    setBusy(true);
    setError(null);
    setReport(null);
    promise.then(
      (r) => { setReport(r); setBusy(false); },
      (e: unknown) => { setError(problemMessage(e, translate)); setBusy(false); },
    );
  };

  useEffect(() => {
    if (token) run(naskahApi.verifyByToken(token));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: '#f3f6f4', py: { xs: 2, sm: 6 }, px: 2 }}>
      <Box sx={{ maxWidth: 720, mx: 'auto' }}>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
          <Typography variant="h5" component="h1" sx={{ fontWeight: 600, color: '#1b5e20' }}>
            {translate('naskah.verify.title')}
          </Typography>
          <LocalesMenuButton />
        </Box>
        <Box sx={{ mb: 2, '& > div': { justifyContent: 'flex-start' } }}><PemdaBrand testId="verify-pemda" /></Box>
        <Card>
          <CardContent>
            <Typography variant="body1" sx={{ mb: 2 }}>{translate('naskah.verify.intro')}</Typography>
            <Button variant="contained" component="label" startIcon={<UploadFileIcon />} disabled={busy}>
              {translate('naskah.verify.upload')}
              <input
                hidden
                type="file"
                accept="application/pdf,.pdf"
                data-testid="verify-upload"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) run(naskahApi.verifyUpload(file));
                  e.target.value = '';
                }}
              />
            </Button>
            {busy && <LinearProgress sx={{ mt: 2 }} />}
            {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
            {report && <Box sx={{ mt: 3 }}><VerificationResult report={report} /></Box>}
          </CardContent>
        </Card>
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 2 }}>
          {translate('naskah.verify.footer')}
        </Typography>
      </Box>
    </Box>
  );
}
