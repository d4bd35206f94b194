import { useState } from 'react';
import { useDataProvider, useTranslate, type Identifier } from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { BulkSignResult, NaskahDataProvider } from '../api/dataProvider.js';
import { SignDialog, useTotpOffer, type SignSecret } from '../resources/documents/SignDialog.js';

/** Tanda tangan massal: one passphrase, each document signed and reported on its own. */
export function BulkSign({ ids, labels, onDone }: { ids: Identifier[]; /** hal per document id, for the per-document results. */ labels: Map<Identifier, string>; onDone: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkSignResult[]>([]);
  const [total, setTotal] = useState(0);

  const totp = useTotpOffer(open, ids.length);

  const sign = async (secret: SignSecret) => {
    setBusy(true);
    setResults([]);
    setTotal(ids.length);
    const all = await dataProvider.bulkSign(ids, secret, (result) => setResults((r) => [...r, result]));
    setBusy(false);
    if (all.every((r) => r.ok)) {
      setOpen(false);
      onDone();
    }
  };

  const failed = results.filter((r) => !r.ok);
  const message = (r: BulkSignResult) => translate(`naskah.errors.${r.code}`, { _: r.detail ?? r.code ?? translate('naskah.errors.UNKNOWN') });

  return (
    <>
      <Button variant="contained" size="small" disabled={ids.length === 0} onClick={() => { setResults([]); setOpen(true); }} data-testid="bulk-sign">
        {translate('naskah.sign.bulk', { smart_count: ids.length })}
      </Button>
      {results.length > 0 && !open && (
        <Alert severity={failed.length ? 'warning' : 'success'} onClose={() => { setResults([]); onDone(); }}>
          {translate('naskah.sign.bulkSummary', { ok: results.length - failed.length, total })}
        </Alert>
      )}
      <SignDialog
        open={open}
        title={translate('naskah.sign.bulkTitle', { smart_count: ids.length })}
        description={translate('naskah.sign.bulkDescription', { smart_count: ids.length })}
        busy={busy}
        progress={total ? (results.length / total) * 100 : 0}
        error={failed.length && !busy ? translate('naskah.sign.bulkSummary', { ok: results.length - failed.length, total }) : null}
        onSign={sign}
        onClose={() => { setOpen(false); onDone(); }}
        documents={ids.map((id) => labels.get(id) ?? String(id))}
        {...(totp ? { totp } : {})}
      />
      {open && results.length > 0 && (
        <Box sx={{ position: 'fixed', bottom: 16, left: 16, right: 16, zIndex: 1400, maxWidth: 560, mx: 'auto', bgcolor: 'background.paper', boxShadow: 6, borderRadius: 1, p: 1 }} data-testid="bulk-results">
          <LinearProgress variant="determinate" value={(results.length / Math.max(total, 1)) * 100} />
          <List dense>
            {results.map((r) => (
              <ListItem key={String(r.id)}>
                <ListItemText primary={`${r.ok ? '✓' : '✗'} ${labels.get(r.id) ?? String(r.id)}`} secondary={r.ok ? translate('naskah.action.done.sign') : message(r)} />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </>
  );
}
