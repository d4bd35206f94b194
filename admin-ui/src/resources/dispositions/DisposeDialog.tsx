import { useState } from 'react';
import {
  AutocompleteArrayInput,
  DateTimeInput,
  Form,
  ReferenceArrayInput,
  SelectInput,
  TextInput,
  required,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
  type Identifier,
} from 'react-admin';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';

export const INSTRUCTIONS = [
  'untuk-diketahui',
  'mohon-ditindaklanjuti',
  'tanggapan-dan-saran',
  'koordinasikan',
  'siapkan-bahan',
  'wakili-hadiri',
  'mohon-diagendakan',
] as const;

/** Disposisi: to one or many, with an instruction, a note and a deadline. */
export function DisposeButton({ letterId, dispositionId }: { letterId?: Identifier; dispositionId?: Identifier }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await dataProvider.dispose(
        { letterId, dispositionId },
        {
          to: values.to as Identifier[],
          instruction: String(values.instruction),
          note: (values.note as string | undefined) || undefined,
          deadline: values.deadline ? new Date(values.deadline as string).toISOString() : undefined,
        },
      );
      notify('naskah.disposition.disposed', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="contained" onClick={() => setOpen(true)} data-testid="dispose">{translate('naskah.disposition.dispose')}</Button>
      <Dialog open={open} onClose={busy ? undefined : () => setOpen(false)} fullWidth maxWidth="sm">
        <Form onSubmit={submit}>
          <DialogTitle>{translate('naskah.disposition.dispose')}</DialogTitle>
          <DialogContent>
            <ReferenceArrayInput source="to" reference="people">
              <AutocompleteArrayInput label="resources.dispositions.fields.to" validate={required()} fullWidth />
            </ReferenceArrayInput>
            <SelectInput
              source="instruction"
              label="resources.dispositions.fields.instruction"
              choices={INSTRUCTIONS.map((id) => ({ id, name: `naskah.enum.instruction.${id}` }))}
              validate={required()}
              fullWidth
            />
            <TextInput source="note" label="resources.dispositions.fields.note" multiline fullWidth />
            <DateTimeInput source="deadline" label="resources.dispositions.fields.deadline" fullWidth />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={busy}>{translate('ra.action.cancel')}</Button>
            <Button type="submit" variant="contained" disabled={busy}>{translate('naskah.disposition.dispose')}</Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
}
