import { useEffect, useRef, useState } from 'react';
import {
  ArrayInput,
  BooleanInput,
  FileField,
  FileInput,
  NumberInput,
  regex,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  required,
  useDataProvider,
  useSourceContext,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { PdfViewer } from '../../pdf/PdfViewer.js';
import { problemOf } from '../../api/problem.js';
import { draftPayload, type NaskahDataProvider } from '../../api/dataProvider.js';
import { choices, DOCUMENT_TYPES, KLASIFIKASI_KEAMANAN, SIFAT } from './choices.js';
import { LampiranInput } from './LampiranInput.js';
import { PositionArrayInput, PositionInput } from '../positions/PositionInputs.js';
import { SaveOnlyToolbar } from '../../layout/SaveOnlyToolbar.js';

/**
 * kepada / tembusan as the API stores them: `{ positionId?, name }`. Picking a
 * position fills the printed name; a recipient outside the Pemda is a name only.
 */
function RecipientsInput({ source }: { source: 'kepada' | 'tembusan' }) {
  return (
    <ArrayInput source={source} helperText="naskah.compose.recipientHelp">
      <SimpleFormIterator inline disableReordering>
        <PositionPicker />
        <TextInput source="name" label="naskah.compose.recipientName" validate={required()} sx={{ minWidth: 260 }} />
      </SimpleFormIterator>
    </ArrayInput>
  );
}

function PositionPicker() {
  const sourceContext = useSourceContext();
  const { setValue } = useFormContext();
  return (
    <PositionInput
      source="positionId"
      label="naskah.compose.recipientPosition"
      sx={{ minWidth: 300 }}
      onChange={(_value: unknown, record: unknown) => {
        const name = (record as { title?: string; name?: string } | undefined)?.title ?? (record as { name?: string } | undefined)?.name;
        if (name) setValue(sourceContext.getSource('name'), name, { shouldDirty: true });
      }}
    />
  );
}

/**
 * Up to three reviewers in the order picked (paraf, lowest rank first), then
 * the signer; or, with "several signers", ordered groups: each group signs
 * after the one above it, the positions inside a group in parallel (both
 * parties of an agreement).
 */
function RouteInput() {
  const translate = useTranslate();
  const several = useWatch({ name: 'multipleSigners' }) as boolean | undefined;
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>{translate('naskah.compose.route')}</Typography>
      <Typography variant="caption" color="text.secondary" component="p">{translate('naskah.compose.routeHelp')}</Typography>
      <PositionArrayInput source="reviewerPositionIds" label="naskah.compose.reviewers" validate={maxReviewers} fullWidth />
      <BooleanInput source="multipleSigners" label="naskah.compose.multipleSigners" helperText={false} />
      {several ? (
        <ArrayInput source="signerGroups" label="naskah.compose.signerGroups" helperText="naskah.compose.signerGroupsHelp" validate={signerGroupsValid}>
          <SimpleFormIterator getItemLabel={(index) => translate('naskah.compose.signerGroup', { n: index + 1 })} disableClear>
            <PositionArrayInput source="positionIds" label="naskah.compose.signerGroupMembers" validate={required()} sx={{ minWidth: 320 }} />
          </SimpleFormIterator>
        </ArrayInput>
      ) : (
        <PositionInput source="signerPositionId" label="naskah.compose.signer" validate={required()} fullWidth />
      )}
      <SignerIsKepadaWarning />
    </>
  );
}

/** A naskah addressed to its own signer is almost always a slip of the picker: said, not refused. */
function SignerIsKepadaWarning() {
  const translate = useTranslate();
  const [kepada, signer, groups, several] = useWatch({ name: ['kepada', 'signerPositionId', 'signerGroups', 'multipleSigners'] }) as [
    { positionId?: unknown }[] | undefined, unknown, { positionIds?: unknown[] }[] | undefined, boolean | undefined,
  ];
  const signers = several ? (groups ?? []).flatMap((g) => g?.positionIds ?? []) : [signer];
  const addressed = new Set((kepada ?? []).map((k) => k?.positionId).filter((id) => id !== undefined && id !== null && id !== ''));
  if (!signers.some((id) => id !== undefined && id !== null && addressed.has(id))) return null;
  return <Alert severity="warning" sx={{ mt: 1 }} data-testid="signer-is-kepada">{translate('naskah.compose.signerIsKepada')}</Alert>;
}

/** The server's limits (five groups of five, each position once), said before saving. */
const signerGroupsValid = (groups: { positionIds?: unknown[] }[] | undefined) => {
  if (!groups || groups.length === 0) return { message: 'naskah.compose.signerGroupsEmpty', args: {} };
  const ids = groups.flatMap((g) => g?.positionIds ?? []);
  if (groups.length > 5 || groups.some((g) => (g?.positionIds?.length ?? 0) > 5)) return { message: 'naskah.compose.signerGroupsTooMany', args: {} };
  if (new Set(ids).size !== ids.length) return { message: 'naskah.compose.signerTwice', args: {} };
  return undefined;
};

const maxReviewers = (value: unknown[] | undefined) => (value && value.length > 3 ? { message: 'ra.validation.maxValue', args: { max: 3 } } : undefined);

/** Renders the draft as the server would, a moment after the user stops typing. */
function LivePreview() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const values = useWatch();
  const [pdf, setPdf] = useState<Blob | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'unavailable' | 'invalid'>('idle');
  const serial = useRef(0);
  const key = JSON.stringify(draftPayload(values as Record<string, unknown>));

  useEffect(() => {
    const draft = JSON.parse(key) as Record<string, unknown>;
    if (!draft.type || !draft.hal) return;
    const mine = ++serial.current;
    const timer = setTimeout(() => {
      setState('busy');
      dataProvider.preview(draft).then(
        (blob) => {
          if (mine !== serial.current) return;
          setPdf(blob);
          setState('idle');
        },
        (error: unknown) => {
          if (mine !== serial.current) return;
          const status = (error as { status?: number }).status;
          setState(status === 404 || status === 405 || status === 501 ? 'unavailable' : problemOf(error) ? 'invalid' : 'unavailable');
        },
      );
    }, 800);
    return () => clearTimeout(timer);
  }, [key, dataProvider]);

  return (
    <Box data-testid="preview" sx={{ position: { lg: 'sticky' }, top: 72 }}>
      <Typography variant="subtitle2" gutterBottom>{translate('naskah.compose.preview')}</Typography>
      {state === 'unavailable' && <Alert severity="info">{translate('naskah.compose.previewUnavailable')}</Alert>}
      {state === 'invalid' && <Alert severity="warning">{translate('naskah.compose.previewInvalid')}</Alert>}
      {/* The hint only while nothing else is said: beside "lengkapi isian yang wajib" it contradicted it. */}
      {!pdf && (state === 'idle' || state === 'busy') && <Alert severity="info" variant="outlined">{translate('naskah.compose.previewHint')}</Alert>}
      {pdf && <PdfViewer blob={pdf} height={720} title={translate('naskah.compose.preview')} />}
    </Box>
  );
}

export function DraftForm() {
  return (
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, gap: 3, width: '100%' }}>
        <Box>
          <SelectInput source="type" choices={choices('type', DOCUMENT_TYPES)} validate={required()} defaultValue="nota_dinas" fullWidth />
          <TextInput source="hal" validate={required()} fullWidth />
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <SelectInput source="sifat" choices={choices('sifat', SIFAT)} defaultValue="biasa" validate={required()} />
            <SelectInput source="classification" choices={choices('keamanan', KLASIFIKASI_KEAMANAN)} defaultValue="biasa" validate={required()} />
            <TextInput source="archiveCode" validate={[required(), regex(/^\d{3}(\.\d{1,3}){0,4}$/, 'naskah.compose.kodeKlasifikasiHelp')]} helperText="naskah.compose.kodeKlasifikasiHelp" />
          </Box>
          <RecipientsInput source="kepada" />
          <TextInput source="body" label="naskah.compose.body" multiline minRows={8} fullWidth validate={required()} />
          <RecipientsInput source="tembusan" />
          <RouteInput />
          <NumberInput source="lampiran" min={0} defaultValue={0} helperText="naskah.compose.lampiranCountHelp" />
          <LampiranInput />
          <FileInput source="pdf" accept={{ 'application/pdf': ['.pdf'] }} label="naskah.compose.pdf" helperText="naskah.compose.pdfHelp">
            <FileField source="src" title="title" />
          </FileInput>
        </Box>
        <LivePreview />
      </Box>
    </SimpleForm>
  );
}
