import { useState } from 'react';
import { useTranslate } from 'react-admin';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { followUpStatuses, type FollowUpStatus } from '@naskah/domain/rulebook';

export interface FollowUpValues { report: string; status: FollowUpStatus; file: File | null }

/** Tindak lanjut: the report, whether the task is finished or only partly (selesai / sebagian), and the result as a PDF or image. */
export function FollowUpDialog({ open, busy, onConfirm, onClose }: { open: boolean; busy: boolean; onConfirm: (values: FollowUpValues) => void; onClose: () => void }) {
  const translate = useTranslate();
  const [report, setReport] = useState('');
  const [status, setStatus] = useState<FollowUpStatus>('selesai');
  const [file, setFile] = useState<File | null>(null);
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('naskah.disposition.followUp')}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <TextField
          autoFocus fullWidth multiline minRows={3} sx={{ mt: 1 }} required
          label={translate('naskah.disposition.report')} value={report} onChange={(e) => setReport(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'note' } }}
        />
        <Box>
          <FormLabel id="follow-up-status">{translate('naskah.disposition.followUpStatus')}</FormLabel>
          <RadioGroup row aria-labelledby="follow-up-status" value={status} onChange={(e) => setStatus(e.target.value as FollowUpStatus)}>
            {followUpStatuses.map((s) => <FormControlLabel key={s} value={s} control={<Radio />} label={translate(`naskah.enum.followUpStatus.${s}`)} />)}
          </RadioGroup>
        </Box>
        <Box>
          <FormLabel htmlFor="follow-up-file">{translate('naskah.disposition.attachment')}</FormLabel>
          <Box sx={{ mt: 0.5 }}>
            <input id="follow-up-file" data-testid="follow-up-file" type="file" accept="application/pdf,image/png,image/jpeg"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Box>
          {file && <Typography variant="caption">{file.name}</Typography>}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={busy || !report.trim()} onClick={() => onConfirm({ report: report.trim(), status, file })}>
          {translate('naskah.disposition.followUp')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
