import { useState } from 'react';
import { useDataProvider, useGetList, useGetMany, useNotify, useRefresh, useTranslate, type Identifier, type RaRecord } from 'react-admin';
import { Link } from 'react-router-dom';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { apiBlobUrl } from '../../api/http.js';
import { Tenggat } from '../../fields/Tenggat.js';
import { Waktu } from '../../fields/WaktuField.js';
import { instructionKey, instructionsOf } from './instruction-key.js';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { announceOutcome } from '../../api/diproses.js';
import { problemMessage } from '../../api/problem.js';
import { getSession } from '../../api/session.js';

export const CLOSED_STATES = ['done', 'withdrawn'];

/**
 * Tarik: the disposer takes back a branch its recipient has not opened yet (the workflow refuses
 * a read one, DISPOSITION_ALREADY_READ), so it is offered only on an unread branch of theirs.
 */
function WithdrawButton({ node }: { node: RaRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [busy, setBusy] = useState(false);
  const disposer = getSession()?.user?.positionIds?.includes(Number(node.fromPositionId));
  if (node.state !== 'sent' || !disposer) return null;
  const withdraw = async () => {
    setBusy(true);
    try {
      announceOutcome(await dataProvider.withdrawDisposition(node.id), 'naskah.disposition.withdrawn', notify, refresh);
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button size="small" color="warning" disabled={busy} onClick={() => void withdraw()} data-testid={`withdraw-${String(node.id)}`}>{translate('naskah.disposition.withdraw')}</Button>;
}

function Branch({ node, byParent, depth, title }: { node: RaRecord; byParent: Map<Identifier | null, RaRecord[]>; depth: number; title: (id: unknown) => string }) {
  const translate = useTranslate();
  const children = byParent.get(node.id) ?? [];
  const open = !CLOSED_STATES.includes(String(node.state));
  return (
    <Box sx={{ ml: depth ? 2 : 0, pl: depth ? 1.5 : 0, borderLeft: depth ? 2 : 0, borderColor: 'divider', mb: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Link to={`/dispositions/${node.id}/show`}>
          <strong>{title(node.toPositionId)}</strong>
        </Link>
        <Typography variant="body2" component="span" color="text.secondary">← {title(node.fromPositionId)}</Typography>
        {instructionsOf(node).map((i) => <Chip key={i} size="small" label={translate(instructionKey(i), { _: i })} />)}
        <Chip size="small" variant="outlined" label={translate(`naskah.enum.dispositionState.${node.state}`, { _: String(node.state ?? '') })} />
        {open && <Tenggat deadline={node.deadline as string | undefined} />}
        <WithdrawButton node={node} />
      </Box>
      {node.note && <Typography variant="body2" color="text.secondary">“{node.note}”</Typography>}
      {node.followUp && (
        <Typography variant="body2" component="div" data-testid={`follow-up-${String(node.id)}`}>
          {translate('resources.dispositions.fields.followUp')}
          {node.followUpStatus ? ` (${translate(`naskah.enum.followUpStatus.${String(node.followUpStatus)}`, { _: String(node.followUpStatus) })})` : ''}: {String(node.followUp)} · <Waktu value={node.followUpAt as string | undefined} />
          {node.followUpAttachment === true && <> · <AttachmentLink dispositionId={node.id} /></>}
        </Typography>
      )}
      {children.map((c) => <Branch key={c.id} node={c} byParent={byParent} depth={depth + 1} title={title} />)}
    </Box>
  );
}

/** The tindak lanjut's result, fetched behind the session (no token in a URL) and opened in a new tab. */
function AttachmentLink({ dispositionId }: { dispositionId: Identifier }) {
  const translate = useTranslate();
  const open = async () => {
    const url = await apiBlobUrl(`/dispositions/${String(dispositionId)}/follow-up/attachment`);
    window.open(url, '_blank', 'noopener');
  };
  return (
    <Button size="small" startIcon={<AttachFileIcon />} onClick={() => { void open(); }} data-testid="follow-up-attachment">
      {translate('naskah.disposition.openAttachment')}
    </Button>
  );
}

/** The whole disposition tree of an incoming letter, root branches first. */
export function DispositionTree({ letterId }: { letterId: Identifier }) {
  const translate = useTranslate();
  const { data, isPending } = useGetList('dispositions', {
    filter: { incomingLetterId: letterId },
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'createdAt', order: 'ASC' },
  });
  const ids = [...new Set((data ?? []).flatMap((d) => [d.fromPositionId, d.toPositionId]).filter(Boolean))];
  const { data: positions } = useGetMany('positions', { ids }, { enabled: ids.length > 0 });
  if (isPending) return null;
  const title = (id: unknown) => String(positions?.find((p) => p.id === id)?.title ?? '');
  const byParent = new Map<Identifier | null, RaRecord[]>();
  for (const d of data ?? []) {
    const parent = (d.parentId ?? null) as Identifier | null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), d]);
  }
  const roots = byParent.get(null) ?? [];
  if (roots.length === 0) return <Typography variant="body2">{translate('naskah.disposition.none')}</Typography>;
  return <Box data-testid="disposition-tree">{roots.map((r) => <Branch key={r.id} node={r} byParent={byParent} depth={0} title={title} />)}</Box>;
}
