import { useCallback, useEffect, useState } from 'react';
import { FileField, FileInput, useNotify, useRecordContext, useTranslate } from 'react-admin';
import DeleteIcon from '@mui/icons-material/Delete';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { lampiranApi, type Lampiran } from '../../api/lampiran.js';
import { problemMessage } from '../../api/problem.js';

/**
 * Lampiran of the draft: those already attached (when revising, each removable
 * at once) and new PDFs picked here, uploaded after the fields are saved. The
 * server appends them after the letter when it renders the draft.
 */
export function LampiranInput() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const [attached, setAttached] = useState<Lampiran[]>([]);
  const id = record?.id;

  const load = useCallback(() => {
    if (id === undefined) return;
    lampiranApi.list(id).then(setAttached, (error: unknown) => notify(problemMessage(error, translate), { type: 'warning' }));
  }, [id, notify, translate]);
  useEffect(load, [load]);

  const remove = (no: number) => {
    if (id === undefined) return;
    lampiranApi.remove(id, no).then(load, (error: unknown) => notify(problemMessage(error, translate), { type: 'warning' }));
  };

  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>{translate('naskah.compose.lampiranFiles')}</Typography>
      {attached.length > 0 && (
        <List dense data-testid="lampiran-attached">
          {attached.map((l) => (
            <ListItem
              key={l.no}
              secondaryAction={(
                <IconButton edge="end" aria-label={translate('naskah.compose.lampiranRemove', { name: l.fileName })} onClick={() => remove(l.no)}>
                  <DeleteIcon />
                </IconButton>
              )}
            >
              <ListItemText primary={`${l.no}. ${l.fileName}`} secondary={translate('naskah.compose.lampiranSize', { kb: Math.max(1, Math.round(l.size / 1024)) })} />
            </ListItem>
          ))}
        </List>
      )}
      <FileInput source="lampiranFiles" multiple accept={{ 'application/pdf': ['.pdf'] }} label="naskah.compose.lampiranAdd" helperText="naskah.compose.lampiranHelp">
        <FileField source="src" title="title" />
      </FileInput>
    </>
  );
}
