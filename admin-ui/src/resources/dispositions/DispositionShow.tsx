import { useEffect, useState } from 'react';
import { Show, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { announceOutcome, refreshWhenApplied } from '../../api/diproses.js';
import { getSession } from '../../api/session.js';
import { Tenggat } from '../../fields/Tenggat.js';
import { FollowUpDialog, type FollowUpValues } from './FollowUpDialog.js';
import { DisposeButton } from './DisposeDialog.js';
import { instructionKey, instructionsOf } from './instruction-key.js';
import { CLOSED_STATES, DispositionTree } from './DispositionTree.js';

function DispositionPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [followUp, setFollowUp] = useState(false);
  const [busy, setBusy] = useState(false);
  // Opened by whoever acts for its recipient position: the workflow records it as read (once; later opens change nothing).
  const mine = record?.state === 'sent' && getSession()?.user?.positionIds?.includes(Number(record.toPositionId));
  useEffect(() => {
    if (!mine || !record) return;
    // A read taken as "diproses" (a worker restarting) is applied a moment later: look again then, or the tree stays "Belum dibaca".
    dataProvider.readDisposition(record.id).then((answer) => refreshWhenApplied(answer, refresh), () => undefined);
  }, [mine, record?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!record) return null;
  const open = !CLOSED_STATES.includes(String(record.state));
  const letterId = record.incomingLetterId as string;

  const report = async ({ report: text, status, file }: FollowUpValues) => {
    setBusy(true);
    try {
      // The result is stored first; the follow-up names it (a failed upload reports nothing).
      const attachment = file ? (await dataProvider.uploadFollowUpAttachment(record.id, file)).attachment : undefined;
      const answer = await dataProvider.followUp(record.id, { report: text, status, attachment });
      setFollowUp(false);
      announceOutcome(answer, 'naskah.disposition.followedUp', notify, refresh);
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 900 }}>
      <Typography variant="h6">{record.hal}</Typography>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="body1" sx={{ fontWeight: 600 }}>{instructionsOf(record).map((i) => translate(instructionKey(i), { _: i })).join(' · ')}</Typography>
          {record.note && <Typography variant="body2">“{record.note}”</Typography>}
          <Box sx={{ mt: 1 }}>{open && <Tenggat deadline={record.deadline} />}</Box>
          {letterId && <Button component={Link} to={`/incoming-letters/${letterId}/show`} size="small" sx={{ mt: 1 }}>{translate('naskah.disposition.openLetter')}</Button>}
        </CardContent>
      </Card>
      {open && (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <DisposeButton letterId={letterId} parentId={record.id} />
          <Button variant="outlined" onClick={() => setFollowUp(true)} data-testid="follow-up">{translate('naskah.disposition.followUp')}</Button>
        </Box>
      )}
      {letterId && (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>{translate('naskah.disposition.tree')}</Typography>
            <DispositionTree letterId={letterId} />
          </CardContent>
        </Card>
      )}
      <FollowUpDialog open={followUp} busy={busy} onConfirm={report} onClose={() => setFollowUp(false)} />
    </Box>
  );
}

export default function DispositionShow() {
  return (
    <Show component="div">
      <DispositionPage />
    </Show>
  );
}
