import { Show, useRecordContext, useTranslate } from 'react-admin';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { PdfViewer } from '../../pdf/PdfViewer.js';
import { Waktu } from '../../fields/WaktuField.js';
import { DisposeButton } from '../dispositions/DisposeDialog.js';
import { DispositionTree } from '../dispositions/DispositionTree.js';

function LetterPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const field = (name: string, value: React.ReactNode) => (
    <Typography variant="body2"><Box component="span" sx={{ color: 'text.secondary' }}>{translate(`resources.incoming-letters.fields.${name}`)}:</Box> {value}</Typography>
  );
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0,3fr) minmax(320px,2fr)' }, gap: 2, p: { xs: 1, sm: 2 } }}>
      <PdfViewer path={`/incoming-letters/${record.id}/scan`} height="80vh" title={String(record.hal ?? '')} missing={translate('naskah.incoming.noScan')} />
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="h6">{record.hal}</Typography>
        <Card variant="outlined">
          <CardContent>
            {field('agendaNumber', record.agendaNumber)}
            {field('senderName', record.senderName)}
            {field('senderNumber', record.senderNumber)}
            {field('senderDate', <Waktu value={record.senderDate} dateOnly />)}
            {field('receivedAt', <Waktu value={record.receivedAt} />)}
            {field('sifat', translate(`naskah.enum.sifat.${record.sifat}`, { _: String(record.sifat ?? '') }))}
          </CardContent>
        </Card>
        <Box><DisposeButton letterId={record.id} /></Box>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>{translate('naskah.disposition.tree')}</Typography>
            <DispositionTree letterId={record.id} />
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}

export default function IncomingLetterShow() {
  return (
    <Show component="div">
      <LetterPage />
    </Show>
  );
}
