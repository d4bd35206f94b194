import {
  AutocompleteArrayInput,
  AutocompleteInput,
  ReferenceArrayInput,
  ReferenceInput,
  useTranslate,
  type AutocompleteArrayInputProps,
  type AutocompleteInputProps,
  type RaRecord,
} from 'react-admin';
import { positionLabel } from './position-label.js';

// Every jabatan picker of the console: one option per position, labelled with its unit, agency and holder
// (two "Pengelola Naskah Dinas (Tata Usaha)" are told apart), the caller's own agency first, then by agency
// and title (the API's sort "nearest"), searched on the server as the user types.
const nearest = { field: 'nearest', order: 'ASC' } as const;

function useOptionText(): (record: RaRecord) => string {
  const translate = useTranslate();
  const vacant = translate('naskah.disposition.vacant');
  return (record) => positionLabel(record, vacant);
}

export function PositionInput({ source, ...input }: { source: string } & Omit<AutocompleteInputProps, 'source'>) {
  const optionText = useOptionText();
  return (
    <ReferenceInput source={source} reference="positions" sort={nearest} perPage={50}>
      <AutocompleteInput optionText={optionText} {...input} />
    </ReferenceInput>
  );
}

export function PositionArrayInput({ source, ...input }: { source: string } & Omit<AutocompleteArrayInputProps, 'source'>) {
  const optionText = useOptionText();
  return (
    <ReferenceArrayInput source={source} reference="positions" sort={nearest} perPage={50}>
      <AutocompleteArrayInput optionText={optionText} {...input} />
    </ReferenceArrayInput>
  );
}
