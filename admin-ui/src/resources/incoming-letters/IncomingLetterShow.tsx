import { useRef, useState } from 'react';
import { ReferenceField, Show, useDataProvider, useNotify, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { PdfViewer } from '../../pdf/PdfViewer.js';
import { Waktu } from '../../fields/WaktuField.js';
import { DisposeButton } from '../dispositions/DisposeDialog.js';
import { DispositionTree } from '../dispositions/DispositionTree.js';
import { getSession } from '../../api/session.js';
import { problemMessage } from '../../api/problem.js';
import type { NaskahDataProvider } from '../../api/dataProvider.js';

/**
 * TU of the letter's agency attaches the scan, or replaces a crooked one
 * (the earlier scan stays stored and the replacement is in the audit trail).
 */
function ScanUpload({ letterId, agencyId, onUploaded }: { letterId: Identifier; agencyId: unknown; onUploaded: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const user = getSession()?.user;
  if (!user?.roles.includes('secretariat') || String(user.agency?.id) !== String(agencyId)) return null;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await dataProvider.uploadIncomingScan(letterId, file);
      notify(result.replaced ? 'naskah.incoming.scanReplaced' : 'naskah.incoming.scanUploaded', { type: 'success' });
      onUploaded();
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'error' });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input ref={input} type="file" accept="application/pdf,.pdf" hidden data-testid="scan-file" onChange={(e) => void upload(e.target.files?.[0])} />
      <Button variant="outlined" size="small" disabled={busy} onClick={() => input.current?.click()}>{translate('naskah.incoming.uploadScan')}</Button>
    </>
  );
}

/** The addressee: the jabatan and who holds it now. */
function AddressedTo() {
  const position = useRecordContext();
  if (!position) return null;
  return <>{String(position.title)}{position.holderName ? ` (${String(position.holderName)})` : ''}</>;
}

function LetterPage() {
  const record = useRecordContext();
  const translate = useTranslate();
  // A new scan remounts the viewer so it fetches the replacement.
  const [scanVersion, setScanVersion] = useState(0);
  if (!record) return null;
  const field = (name: string, value: React.ReactNode) => (
    <Typography variant="body2"><Box component="span" sx={{ color: 'text.secondary' }}>{translate(`resources.incoming-letters.fields.${name}`)}:</Box> {value}</Typography>
  );
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0,3fr) minmax(320px,2fr)' }, gap: 2, p: { xs: 1, sm: 2 } }}>
      <PdfViewer key={scanVersion} path={`/incoming-letters/${record.id}/scan`} height="80vh" title={String(record.hal ?? '')} missing={translate('naskah.incoming.noScan')} />
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="h6">{record.hal}</Typography>
        <Card variant="outlined">
          <CardContent>
            {field('agendaNumber', record.agendaNumber)}
            {field('senderName', record.senderName)}
            {field('senderNumber', record.senderNumber)}
            {field('senderDate', <Waktu value={record.senderDate} dateOnly />)}
            {field('receivedAt', <Waktu value={record.receivedAt} />)}
            {field('addressedToId', record.addressedToId ? (
              <ReferenceField source="addressedToId" reference="positions" link={false}>
                <AddressedTo />
              </ReferenceField>
            ) : '—')}
            {field('sifat', translate(`naskah.enum.sifat.${record.sifat}`, { _: String(record.sifat ?? '') }))}
          </CardContent>
        </Card>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
          {/* The addressee (or their Plh/Plt) disposes first; TU and staff have nothing to dispose here. */}
          {getSession()?.user.positionIds?.includes(Number(record.addressedToId)) && <DisposeButton letterId={record.id} />}
          <ScanUpload letterId={record.id} agencyId={record.agencyId} onUploaded={() => setScanVersion((v) => v + 1)} />
        </Box>
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
