import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import Chip from '@mui/material/Chip';

/** A coded value (status, sifat, type) shown through its translation, never as a raw code. */
export function EnumField({ source, group, chip }: FieldProps & { source: string; group: string; chip?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (value === undefined || value === null || value === '') return null;
  const label = translate(`naskah.enum.${group}.${String(value)}`, { _: String(value) });
  return chip ? <Chip size="small" label={label} /> : <span>{label}</span>;
}
