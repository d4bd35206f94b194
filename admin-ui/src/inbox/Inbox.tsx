import { useCallback, useEffect, useState } from 'react';
import { Title, useDataProvider, useTranslate, useStore, type Identifier } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import Alert from '@mui/material/Alert';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { INBOX_BADGE_CAP } from '@naskah/domain/rulebook';
import { INBOX_QUEUES, type Inbox as InboxData, type InboxItem, type InboxQueue, type NaskahDataProvider } from '../api/dataProvider.js';
import { problemMessage } from '../api/problem.js';
import { Tenggat } from '../fields/Tenggat.js';
import { Waktu } from '../fields/WaktuField.js';
import { deadlineState } from '../time/tanggal.js';
import { BulkSign } from './BulkSign.js';
import { Notifications } from './Notifications.js';

/** Kotak Masuk: the queues SRIKANDI users know, each with its count. */
export default function Inbox() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [queue, setQueue] = useStore<InboxQueue>('inbox.queue', 'to-paraf');
  const [inbox, setInbox] = useState<InboxData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Identifier[]>([]);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    dataProvider.inbox(queue).then(
      (data) => {
        setInbox(data);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(problemMessage(e, translate));
        setLoading(false);
      },
    );
  }, [dataProvider, queue, translate]);

  useEffect(() => {
    setSelected([]);
    load();
  }, [load]);

  const items = inbox?.items ?? [];
  /**
   * Whose turn a document's row says, as SRIKANDI shows it: the pending paraf or signature's
   * jabatan (holder); the drafter's once it is returned; "Selesai" once it is signed or sent.
   */
  const turnText = (item: InboxItem): string | null => {
    if (item.turn) return `${translate('naskah.inbox.turn')} ${item.turn}`;
    if (item.status === 'draft') return translate('naskah.inbox.notSubmitted');
    if (item.status === 'returned') return `${translate('naskah.inbox.turn')} ${item.from ?? ''} (${translate('naskah.inbox.drafter')})`;
    if (item.status === 'cancelled') return translate('naskah.inbox.cancelled');
    if (item.status === 'signed' || item.status === 'distributed' || item.status === 'archived') return translate('naskah.inbox.done');
    return null;
  };
  const toggle = (id: Identifier) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= 50 ? s : [...s, id]));

  return (
    // min-width 0: a flex child would otherwise grow to the tabs' full width on a phone.
    <Box sx={{ mt: { xs: 1, sm: 2 }, minWidth: 0, maxWidth: '100%' }}>
      <Title title={translate('naskah.menu.inbox')} />
      <Card>
        <Tabs value={queue} onChange={(_, q: InboxQueue) => setQueue(q)} variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile>
          {INBOX_QUEUES.map((q) => (
            <Tab
              key={q}
              value={q}
              data-testid={`queue-${q}`}
              label={
                <Badge
                  color={(inbox?.counts[q] ?? 0) === 0 ? 'default' : q === 'returned' ? 'warning' : 'primary'}
                  badgeContent={inbox?.counts[q] ?? 0}
                  max={INBOX_BADGE_CAP - 1}
                  showZero
                  sx={{ '& .MuiBadge-badge': { right: -14, bgcolor: (inbox?.counts[q] ?? 0) === 0 ? 'action.selected' : undefined } }}
                >
                  <span>{translate(`naskah.inbox.queue.${q}`)}</span>
                </Badge>
              }
              sx={{ pr: 3.5, textTransform: 'none', fontSize: '0.95rem' }}
            />
          ))}
        </Tabs>
        {loading && <LinearProgress />}
        {error && <Alert severity="error">{error}</Alert>}
        {queue === 'to-sign' && items.length > 0 && (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, pt: 1, flexWrap: 'wrap' }}>
            <Button size="small" onClick={() => setSelected(selected.length ? [] : items.slice(0, 50).map((i) => i.recordId))}>
              {translate(selected.length ? 'ra.action.unselect' : 'ra.action.select_all')}
            </Button>
            <BulkSign ids={selected} labels={new Map(items.map((i) => [i.recordId, i.hal]))} onDone={() => { setSelected([]); load(); }} />
          </Box>
        )}
        {!loading && !error && items.length === 0 && (
          <Typography sx={{ p: 3 }} color="text.secondary">{translate('naskah.inbox.empty')}</Typography>
        )}
        <List data-testid="inbox-items">
          {items.map((item) => {
            const state = deadlineState(item.deadline);
            return (
              <ListItemButton
                key={String(item.id)}
                divider
                onClick={() => navigate(`/${item.resource}/${item.recordId}/show`)}
                sx={{
                  borderLeft: 4,
                  borderLeftColor: state === 'late' ? 'error.main' : state === 'soon' ? 'warning.main' : 'transparent',
                  bgcolor: state === 'late' ? 'rgba(211,47,47,0.06)' : state === 'soon' ? 'rgba(237,108,2,0.08)' : undefined,
                  fontWeight: item.read === false ? 600 : undefined,
                }}
                data-deadline={state ?? 'none'}
                data-unread={item.read === false ? 'true' : 'false'}
              >
                {queue === 'to-sign' && (
                  <ListItemIcon onClick={(e) => e.stopPropagation()}>
                    <Checkbox edge="start" checked={selected.includes(item.recordId)} onChange={() => toggle(item.recordId)} slotProps={{ input: { 'aria-label': translate('ra.action.select_row') } }} />
                  </ListItemIcon>
                )}
                <ListItemText
                  primary={item.hal || '—'}
                  slotProps={{ primary: { sx: { fontWeight: item.read === false ? 700 : 500 } }, secondary: { component: 'div' } }}
                  secondary={
                    <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
                      {item.sifat && item.sifat !== 'biasa' && (
                        <Chip size="small" color={item.sifat === 'sangat_segera' ? 'error' : 'warning'} label={translate(`naskah.enum.sifat.${item.sifat}`, { _: item.sifat })} data-testid="inbox-sifat" />
                      )}
                      {item.type && <span data-testid="inbox-type">{translate(`naskah.enum.type.${item.type}`, { _: item.type })}</span>}
                      {item.number && <span>{item.number}</span>}
                      {item.from && <span data-testid="inbox-from">{translate('naskah.inbox.from')} {item.from}</span>}
                      {item.receivedAt && <span><Waktu value={item.receivedAt} /></span>}
                      <Tenggat deadline={item.deadline} />
                      {turnText(item) && <span data-testid="inbox-turn">{turnText(item)}</span>}
                    </Box>
                  }
                />
              </ListItemButton>
            );
          })}
        </List>
      </Card>
      <Notifications />
    </Box>
  );
}
