import { TextInput, useTranslate, type TextInputProps, type Validator } from 'react-admin';
import InputAdornment from '@mui/material/InputAdornment';
import { formatWaktuInput, parseWaktuInput, zoneLabel } from './tanggal.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The form holds an ISO instant once the text is complete; until then the text itself. */
function format(value: unknown): string {
  if (value instanceof Date || (typeof value === 'string' && ISO.test(value))) return formatWaktuInput(value);
  return typeof value === 'string' ? value : '';
}

function parse(text: string): string | null {
  if (text.trim() === '') return null;
  return parseWaktuInput(text) ?? text;
}

const complete: Validator = (value: unknown) => (typeof value === 'string' && value !== '' && !ISO.test(value) ? 'naskah.time.inputFormat' : undefined);

/**
 * A date and time typed as "dd/mm/yyyy HH.mm" (24 h) and read in the Pemda's
 * time zone, with its label beside it. The browser's own datetime-local
 * input showed the browser's format and read the time in the browser's
 * zone: 09.15 typed in WIB became 10.15 WITA.
 */
export function WaktuInput(props: Omit<TextInputProps, 'format' | 'parse'>) {
  const translate = useTranslate();
  const validate = [complete, ...(Array.isArray(props.validate) ? props.validate : props.validate ? [props.validate] : [])];
  return (
    <TextInput
      {...props}
      validate={validate}
      format={format}
      parse={parse}
      placeholder="dd/mm/yyyy HH.mm"
      helperText={props.helperText ?? translate('naskah.time.inputHelp', { zone: zoneLabel() })}
      slotProps={{ input: { endAdornment: <InputAdornment position="end">{zoneLabel()}</InputAdornment> }, htmlInput: { inputMode: 'numeric', 'data-testid': `waktu-${props.source}` } }}
    />
  );
}
