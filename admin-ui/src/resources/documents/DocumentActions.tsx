import { useEffect, useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRedirect, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { getSession } from '../../api/session.js';
import type { DocumentAction, NaskahDataProvider, RoutingState } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { announceOutcome } from '../../api/diproses.js';
import { NoteDialog } from './NoteDialog.js';
import { SignDialog, useTotpOffer } from './SignDialog.js';
import { ParafDialog } from './ParafDialog.js';

/** A certified signing request whose answer was lost (GET /documents/:id signingOutcomesUnknown). */
export interface SigningOutcomeUnknown {
  personId: number;
  version: number;
  provider: string;
  at: string;
}

export interface RoutingStep {
  id?: string;
  kind: 'paraf' | 'sign';
  order: number;
  parallelGroup?: string | null;
  state: string;
  note?: string | null;
  actedAt?: string | null;
  deadline?: string | null;
  positionId?: number;
  dueAt?: string | null;
  position?: { id?: string; name?: string } | null;
  actor?: { id?: string; name?: string; userId?: string } | null;
  delegate?: { name?: string; prefix?: string } | null;
}


/**
 * What the signed-in user may do now. The API says so in `allowedActions`
 * (it checks against the workflow); the fallback reads the route for older
 * responses. The server re-checks every action anyway.
 */
function allowedActions(record: RaRecord | undefined, routing?: RoutingState | null): DocumentAction[] {
  if (!record) return [];
  const user = getSession()?.user;
  const steps = (record.steps ?? []) as RoutingStep[];
  const actions: DocumentAction[] = [];
  // Two sources, either is enough (the server re-checks every action): the workflow's own view of the
  // steps waiting now and who may act on each (Plh/Plt resolved), and the step rows the inbox reads
  // ('pending' = may act now, for a position the user holds).
  const fromWorkflow = (routing?.waiting ?? []).filter((w) => w.actors.some((a) => user?.personId !== undefined && a.personId === String(user.personId)));
  const fromSteps = steps.filter((s) => s.state === 'pending' && s.positionId !== undefined && user?.positionIds?.includes(s.positionId));
  const kinds = new Set([...fromWorkflow.map((w) => w.kind), ...fromSteps.map((s) => s.kind)]);
  if (kinds.has('paraf')) actions.push('paraf', 'return');
  if (kinds.has('sign')) actions.push('sign');
  const isDrafter = user?.personId !== undefined && record.drafterId === user.personId;
  if (isDrafter && (record.status === 'draft' || record.status === 'returned')) actions.push('submit');
  if (isDrafter && ['in_review', 'approved', 'signing'].includes(String(record.status)) && !steps.some((s) => s.kind === 'sign' && s.state === 'done')) {
    actions.push('withdraw');
  }
  return [...new Set(actions)];
}

/** Paraf, Kembalikan, Tanda Tangani, Ajukan, Tarik Kembali: each pessimistic, each says what happened. */
export function DocumentActions() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const [dialog, setDialog] = useState<null | 'paraf' | 'return' | 'sign' | 'withdraw'>(null);
  const [busy, setBusy] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [routing, setRouting] = useState<RoutingState | null>(null);
  const totp = useTotpOffer(dialog === 'sign', 1);
  const routed = record !== undefined && !['draft', 'returned'].includes(String(record.status));
  useEffect(() => {
    if (!routed || record?.id === undefined) return setRouting(null);
    let current = true;
    dataProvider.routingState(record.id).then((s) => current && setRouting(s), () => current && setRouting(null));
    return () => {
      current = false;
    };
  }, [routed, record?.id, record?.status, record?.updatedAt, dataProvider]);
  if (!record) return null;
  const actions = allowedActions(record, routing);
  if (actions.length === 0) return null;
  const me = getSession()?.user?.personId;
  const lost = ((record.signingOutcomesUnknown ?? []) as SigningOutcomeUnknown[]).find((o) => String(o.personId) === String(me));

  const run = async (action: DocumentAction, body?: Record<string, unknown>) => {
    setBusy(true);
    setSignError(null);
    try {
      const answer = await dataProvider.documentAction(record.id, action, body);
      setDialog(null);
      announceOutcome(answer, `naskah.action.done.${action}`, notify, refresh);
    } catch (error) {
      const message = problemMessage(error, translate);
      // Sign and paraf keep their dialog open with the refusal in it (a wrong passphrase is typed again there).
      if (action === 'sign' || action === 'paraf') setSignError(message);
      else notify(message, { type: 'error' });
      // A lost answer from the provider is now on the document: show it (and the resend question).
      if ((error as { code?: string }).code === 'GATEWAY_OUTCOME_UNKNOWN') refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }} data-testid="document-actions">
      {actions.includes('submit') && (
        <Button variant="contained" disabled={busy} onClick={() => run('submit')}>{translate('naskah.action.submit')}</Button>
      )}
      {actions.includes('submit') && (
        <Button variant="outlined" disabled={busy} onClick={() => redirect('edit', 'documents', record.id)}>{translate('naskah.action.revise')}</Button>
      )}
      {actions.includes('paraf') && (
        <Button variant="contained" disabled={busy} onClick={() => { setSignError(null); setDialog('paraf'); }}>{translate('naskah.action.paraf')}</Button>
      )}
      {actions.includes('sign') && (
        <Button variant="contained" color="primary" disabled={busy} onClick={() => { setSignError(null); setDialog('sign'); }}>
          {translate('naskah.action.sign')}
        </Button>
      )}
      {actions.includes('return') && (
        <Button variant="outlined" color="warning" disabled={busy} onClick={() => setDialog('return')}>{translate('naskah.action.return')}</Button>
      )}
      {actions.includes('withdraw') && (
        <Button variant="outlined" color="error" disabled={busy} onClick={() => setDialog('withdraw')}>{translate('naskah.action.withdraw')}</Button>
      )}
      <ParafDialog
        open={dialog === 'paraf'}
        description={translate('naskah.paraf.description', { hal: String(record.hal ?? '') })}
        busy={busy}
        error={signError}
        onParaf={(body) => run('paraf', body)}
        onClose={() => setDialog(null)}
      />
      <NoteDialog
        open={dialog === 'return'}
        title={translate('naskah.action.return')}
        label={translate('naskah.action.returnNote')}
        required
        busy={busy}
        confirm={translate('naskah.action.return')}
        onConfirm={(note) => run('return', { note })}
        onClose={() => setDialog(null)}
      />
      <NoteDialog
        open={dialog === 'withdraw'}
        title={translate('naskah.action.withdraw')}
        label={translate('naskah.action.noteOptional')}
        busy={busy}
        confirm={translate('naskah.action.withdraw')}
        onConfirm={(note) => run('withdraw', note ? { reason: note } : {})}
        onClose={() => setDialog(null)}
      />
      <SignDialog
        open={dialog === 'sign'}
        title={translate('naskah.sign.title')}
        description={translate('naskah.sign.description', { hal: String(record.hal ?? ''), number: String(record.number ?? '') })}
        busy={busy}
        error={signError}
        onSign={(secret, confirmResend) => run('sign', { ...secret, ...(confirmResend ? { confirmResend: true } : {}) })}
        {...(totp ? { totp } : {})}
        {...(lost ? { resendWarning: translate('naskah.document.signingOutcomeUnknown', { provider: lost.provider, at: new Date(lost.at).toLocaleString() }) } : {})}
        onClose={() => setDialog(null)}
      />
    </Box>
  );
}
