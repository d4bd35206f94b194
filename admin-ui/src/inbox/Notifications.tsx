import { useEffect, useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { NaskahDataProvider, NotificationItem } from '../api/dataProvider.js';
import { Waktu } from '../fields/WaktuField.js';

/** Where a notification's subject opens in the console. */
const resourceOf: Record<string, string> = { disposition: 'dispositions', document: 'documents', agreement: 'agreements', incoming_letter: 'incoming-letters' };

/** Pemberitahuan: the reminders and escalations the workflows wrote for you, newest first. */
export function Notifications() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [items, setItems] = useState<NotificationItem[] | null>(null);

  useEffect(() => {
    dataProvider.notifications().then((data) => setItems(data.items), () => setItems([]));
  }, [dataProvider]);

  if (!items || items.length === 0) return null;
  return (
    <Card sx={{ mt: 2 }} data-testid="notifications">
      <CardContent sx={{ pb: 0 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{translate('naskah.inbox.notifications')}</Typography>
      </CardContent>
      <List dense>
        {items.map((n) => {
          const resource = resourceOf[n.subjectType];
          return (
            <ListItemButton key={n.id} divider disabled={!resource || n.subjectId === 0} onClick={() => resource && navigate(`/${resource}/${n.subjectId}/show`)}>
              <Chip size="small" sx={{ mr: 1 }} color={n.kind === 'escalation' || n.kind === 'overdue' ? 'error' : n.kind === 'reminder' ? 'warning' : 'default'}
                label={translate(`naskah.enum.notificationKind.${n.kind}`, { _: n.kind })} />
              <ListItemText primary={n.title} secondary={<Waktu value={n.at} />} slotProps={{ primary: { sx: { fontWeight: n.read ? 400 : 600 } } }} />
            </ListItemButton>
          );
        })}
      </List>
    </Card>
  );
}
