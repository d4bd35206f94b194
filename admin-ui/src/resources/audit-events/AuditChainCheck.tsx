import { useState } from 'react';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';

/** Re-walks the audit hash chain on the server and names the first broken link. */
export default function AuditChainCheck() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await dataProvider.auditVerify());
    } catch (e) {
      setError(problemMessage(e, translate));
    } finally {
      setBusy(false);
    }
  };
  const ok = result?.ok === true;
  const broken = result?.firstBreak as { id?: number; seq?: number; reason?: string } | null | undefined;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('naskah.menu.auditChain')} />
      <CardContent>
        <Typography sx={{ mb: 2 }}>{translate('naskah.auditChain.intro')}</Typography>
        <Button variant="contained" onClick={check} disabled={busy}>{translate('naskah.auditChain.check')}</Button>
        {busy && <LinearProgress sx={{ mt: 2 }} />}
        {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
        {result && (
          <Alert severity={ok ? 'success' : 'error'} sx={{ mt: 2 }} data-testid="audit-chain-result">
            {ok
              ? translate('naskah.auditChain.ok', { count: String(result.checked ?? '') })
              : translate('naskah.auditChain.broken', {
                  id: `#${broken?.seq ?? '?'} (id ${broken?.id ?? '?'})`,
                  reason: translate(`naskah.auditChain.reason.${broken?.reason}`, { _: String(broken?.reason ?? '') }),
                })}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
