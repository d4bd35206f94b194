import { useLocaleState, useRecordContext, type FieldProps } from 'react-admin';
import Typography from '@mui/material/Typography';
import { formatTanggal, formatWaktu } from '../time/tanggal.js';

/** A date/time in the agency's time zone with its WIB/WITA/WIT suffix. */
export function WaktuField({ source, dateOnly }: FieldProps & { source: string; dateOnly?: boolean }) {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  const value = record?.[source] as string | undefined;
  if (!value) return null;
  return (
    <Typography component="span" variant="body2">
      {dateOnly ? formatTanggal(value, locale) : formatWaktu(value, locale)}
    </Typography>
  );
}

export function Waktu({ value, dateOnly }: { value?: string | null; dateOnly?: boolean }) {
  const [locale] = useLocaleState();
  if (!value) return null;
  return <>{dateOnly ? formatTanggal(value, locale) : formatWaktu(value, locale)}</>;
}
