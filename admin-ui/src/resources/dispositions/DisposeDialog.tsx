import { useEffect, useState } from 'react';
import {
  AutocompleteArrayInput,
  CheckboxGroupInput,
  Form,
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
import type { DispositionRecipient, NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { announceOutcome } from '../../api/diproses.js';
import { dispositionInstructions } from '@naskah/domain/rulebook';
import { instructionKey } from './instruction-key.js';
import { WaktuInput } from '../../time/WaktuInput.js';
import { positionLabel } from '../positions/position-label.js';



/** Disposisi: to one or many (only the jabatan below the disposer), with the ticked instructions, a note and a deadline. */
/** A UUID for the click; crypto.randomUUID needs a secure context, getRandomValues (an office LAN over http) does not. */
function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function DisposeButton({ letterId, parentId }: { letterId: Identifier; parentId?: Identifier }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // One id per opening of the dialog: clicking DISPOSISIKAN again after an error (an answer lost with a restarting API)
  // repeats the same click, which the letter's workflow applies once, instead of sending a second disposition.
  const [requestId, setRequestId] = useState(newRequestId);
  const [recipients, setRecipients] = useState<DispositionRecipient[] | null>(null);

  // The API answers who is below the disposing position; the console only shows it. Asked before the button shows:
  // DISPOSISIKAN is offered only to whom the API lets dispose here and who has someone below to dispose to (a staf at
  // the bottom of the tree, or a viewer who is not the recipient, gets no button that leads to an empty dialog).
  useEffect(() => {
    let live = true;
    setRecipients(null);
    dataProvider.dispositionRecipients(letterId, parentId).then(
      (answer) => { if (live) setRecipients(answer.data); },
      () => { if (live) setRecipients([]); },
    );
    return () => { live = false; };
  }, [letterId, parentId, dataProvider]);

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const answer = await dataProvider.dispose({
        incomingLetterId: letterId,
        parentId: parentId ?? null,
        toPositionIds: values.toPositionIds as Identifier[],
        instructions: values.instructions as string[],
        note: (values.note as string | undefined) || undefined,
        deadline: values.deadline ? new Date(values.deadline as string).toISOString() : null,
        requestId,
      });
      setOpen(false);
      announceOutcome(answer, 'naskah.disposition.disposed', notify, refresh);
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (!recipients || recipients.length === 0) return null;
  return (
    <>
      <Button variant="contained" onClick={() => { setRequestId(newRequestId()); setOpen(true); }} data-testid="dispose">{translate('naskah.disposition.dispose')}</Button>
      <Dialog open={open} onClose={busy ? undefined : () => setOpen(false)} fullWidth maxWidth="sm">
        <Form onSubmit={submit}>
          <DialogTitle>{translate('naskah.disposition.dispose')}</DialogTitle>
          <DialogContent>
            <AutocompleteArrayInput
              source="toPositionIds"
              label="resources.dispositions.fields.to"
              choices={recipients.map((r) => ({ id: r.id, name: positionLabel(r, translate('naskah.disposition.vacant')) }))}
              noOptionsText={translate('naskah.disposition.noSubordinates')}
              helperText="naskah.disposition.onlySubordinates"
              validate={required()}
              fullWidth
            />
            {/* The lembar disposisi: tick one or more instructions, then a free note. */}
            <CheckboxGroupInput
              source="instructions"
              label="resources.dispositions.fields.instruction"
              choices={dispositionInstructions.map((id) => ({ id, name: instructionKey(id) }))}
              validate={required()}
              row={false}
            />
            <TextInput source="note" label="resources.dispositions.fields.note" multiline fullWidth />
            <WaktuInput source="deadline" label="resources.dispositions.fields.deadline" fullWidth />
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
