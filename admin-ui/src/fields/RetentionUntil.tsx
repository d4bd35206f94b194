import { useRecordContext, useTranslate } from 'react-admin';
import Typography from '@mui/material/Typography';
import { Waktu } from './WaktuField.js';

/**
 * Until when a record is kept. A permanen record is never destroyed, so it has no end date to show
 * (the archive stores a far-future date for it, which printed as "31 Desember 9999").
 */
export function RetentionUntil({ value, fate }: { value?: string | null; fate?: unknown }) {
  const translate = useTranslate();
  if (fate === 'permanen') return <>{translate('naskah.archive.retainedForever')}</>;
  return <Waktu value={value} dateOnly />;
}

/** The archive list's column: the record's retentionUntil, read by its fate. */
export function RetentionUntilField() {
  const record = useRecordContext();
  if (!record) return null;
  return <Typography component="span" variant="body2"><RetentionUntil value={record.retentionUntil as string | undefined} fate={record.fate} /></Typography>;
}
