import { useState } from 'react';
import { useTranslate } from 'react-admin';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';

/** A short note for paraf, Kembalikan (required) or a follow-up report. */
export function NoteDialog({
  open,
  title,
  label,
  required,
  busy,
  confirm,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  label: string;
  required?: boolean;
  busy: boolean;
  confirm: string;
  onConfirm: (note: string) => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const [note, setNote] = useState('');
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={3}
          sx={{ mt: 1 }}
          label={label}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required={required}
          slotProps={{ htmlInput: { 'data-testid': 'note' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={busy || (required && !note.trim())} onClick={() => onConfirm(note.trim())}>
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
