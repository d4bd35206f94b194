import Chip from '@mui/material/Chip';
import { useLocaleState, useTranslate } from 'react-admin';
import { deadlineState, formatWaktu } from '../time/tanggal.js';

/** A deadline chip: yellow at two days left, red when late. */
export function Tenggat({ deadline }: { deadline?: string | null }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const state = deadlineState(deadline);
  if (!state || !deadline) return null;
  const color = state === 'late' ? 'error' : state === 'soon' ? 'warning' : 'default';
  return (
    <Chip
      size="small"
      color={color}
      variant={state === 'ok' ? 'outlined' : 'filled'}
      data-deadline={state}
      label={`${translate(`naskah.deadline.${state}`)} · ${formatWaktu(deadline, locale)}`}
    />
  );
}
