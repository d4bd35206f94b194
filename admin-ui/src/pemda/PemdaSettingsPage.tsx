import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Title, useNotify, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { draftableDocumentTypes, pemdaTimeZones, timeZoneLabel } from '@naskah/domain/rulebook';
import { apiJson } from '../api/http.js';
import { problemMessage } from '../api/problem.js';
import { pemdaSettingsSaved, usePemdaSettings, type PemdaSettings } from './settings.js';

interface Draft { name: string; logo: string | null; timeZone: string; publicBaseUrl: string; sealedDocumentTypes: string[] }

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** Pengaturan Pemda (admin): name, logo, time zone and public address, set once. */
export default function PemdaSettingsPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const settings = usePemdaSettings();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings && !draft) setDraft({ name: settings.name, logo: settings.logo, timeZone: settings.timeZone, publicBaseUrl: settings.publicBaseUrl, sealedDocumentTypes: settings.sealedDocumentTypes ?? [] });
  }, [settings, draft]);
  if (!draft) return <Title title={translate('naskah.pemda.title')} />;
  const set = (field: keyof Draft) => (e: ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [field]: e.target.value });
  const pickLogo = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setDraft({ ...draft, logo: await readAsDataUrl(file) });
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await apiJson<PemdaSettings>('/settings/pemda', { method: 'PUT', body: JSON.stringify(draft), headers: { 'content-type': 'application/json' } });
      pemdaSettingsSaved(saved);
      notify('naskah.pemda.saved', { type: 'success' });
    } catch (err) {
      setError(problemMessage(err, translate));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }}>
      <Title title={translate('naskah.pemda.title')} />
      <CardContent component="form" onSubmit={(e: FormEvent) => void save(e)} data-testid="pemda-settings">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{translate('naskah.pemda.intro')}</Typography>
        {error && <Alert severity="error" sx={{ mb: 2 }} data-testid="pemda-settings-error">{error}</Alert>}
        <TextField name="name" label={translate('naskah.pemda.name')} value={draft.name} onChange={set('name')} fullWidth required sx={{ mb: 2 }} />
        <TextField select name="timeZone" label={translate('naskah.pemda.timeZone')} value={draft.timeZone} onChange={set('timeZone')} fullWidth sx={{ mb: 2 }}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'pemda-time-zone' } as object } }}>
          {pemdaTimeZones.map((zone) => <MenuItem key={zone} value={zone}>{translate(`naskah.zone.${timeZoneLabel[zone]}`)}</MenuItem>)}
        </TextField>
        <TextField name="publicBaseUrl" label={translate('naskah.pemda.publicBaseUrl')} value={draft.publicBaseUrl} onChange={set('publicBaseUrl')} fullWidth required sx={{ mb: 2 }} />
        <TextField select name="sealedDocumentTypes" label={translate('naskah.pemda.sealedDocumentTypes')} helperText={translate('naskah.pemda.sealedDocumentTypesHelp')}
          value={draft.sealedDocumentTypes} fullWidth sx={{ mb: 2 }}
          onChange={(e) => setDraft({ ...draft, sealedDocumentTypes: e.target.value as unknown as string[] })}
          slotProps={{ select: { multiple: true, SelectDisplayProps: { 'data-testid': 'pemda-sealed-types' } as object } }}>
          {draftableDocumentTypes.map((type) => <MenuItem key={type} value={type}>{translate(`naskah.enum.type.${type}`)}</MenuItem>)}
        </TextField>
        <Typography variant="subtitle2">{translate('naskah.pemda.logo')}</Typography>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', my: 1, flexWrap: 'wrap' }}>
          {draft.logo && <img src={draft.logo} alt="" style={{ height: 64 }} data-testid="pemda-logo-preview" />}
          <Button variant="outlined" component="label">
            {translate('naskah.pemda.logoPick')}
            <input hidden type="file" accept="image/png" name="logo" onChange={(e) => void pickLogo(e)} />
          </Button>
          {draft.logo && <Button onClick={() => setDraft({ ...draft, logo: null })}>{translate('naskah.pemda.logoRemove')}</Button>}
        </Box>
        <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 2 }}>{translate('naskah.pemda.save')}</Button>
      </CardContent>
    </Card>
  );
}
