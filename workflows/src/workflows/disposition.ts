// One incoming letter's disposition tree, the one owner of its `disposition`
// rows: the addressee (or their Plh/Plt) disposes to one or many positions,
// each recipient reads, disposes further down or closes their branch with a
// follow-up report (tindak lanjut); an unread branch can be withdrawn by who
// disposed it. The letter is done when every branch is closed, or when the
// head marks it done with none open. Started by the first disposition.
//
// Timers per open branch, by the letter's sifat: a reminder to the recipient
// `dispositionReminderLead` before the deadline, a notice to the disposer at
// the deadline, and one to the disposer's superior an urgency period later.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { NaskahActivities, Notification } from '../activities/index.js';
import {
  closeBranchUpdate,
  defaultUrgencyDeadlines,
  dispositionReminderLead,
  disposeUpdate,
  dispositionCommandSignal,
  dispositionStateQuery,
  finishLetterUpdate,
  readBranchUpdate,
  rejection,
  withdrawBranchUpdate,
  type BranchRequest,
  type CloseBranchRequest,
  type DisposeRequest,
  type DispositionActor,
  type DispositionCommand,
  type DispositionBranch,
  type DispositionInput,
  type DispositionState,
} from '../messages.js';
import { followUpStatuses } from '@naskah/domain/rulebook';
import { clickLedger } from './clicks.js';
import { AgencyCode, DocumentId, Status, WaitingFor } from './search-attributes.js';

const act = proxyActivities<NaskahActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

type DispositionEvent = 'sent' | 'read' | 'forwarded' | 'followed_up' | 'withdrawn' | 'overdue' | 'escalated';

export async function DispositionWorkflow(input: DispositionInput): Promise<DispositionState> {
  const { workflowId } = workflowInfo();
  const urgencyMs = { ...defaultUrgencyDeadlines, ...input.deadlines }[input.urgency];
  const remindBeforeMs = input.remindBeforeMs ?? dispositionReminderLead[input.urgency];
  const state: DispositionState = { incomingLetterId: input.incomingLetterId, status: 'in-progress', branches: [] };
  let changes = 0;

  const iso = (ms: number) => new Date(ms).toISOString();
  const open = (b: DispositionBranch) => b.status === 'sent' || b.status === 'read' || b.status === 'forwarded';
  const actsFor = (req: DispositionActor, positionId: string) => Array.isArray(req.positionIds) && req.positionIds.includes(positionId);
  const branch = (branchId: string) => state.branches.find((b) => b.branchId === branchId) ?? reject(rejection.invalidRequest, `branchId: no branch ${branchId} on this letter`);
  const ref = (b: DispositionBranch) => `disposition:${b.dispositionId ?? 0}`;
  function requireOpenLetter(): void {
    if (state.status === 'done') reject(rejection.letterDone, 'the letter is done: its disposition takes no further action');
  }
  function requireOpenBranch(b: DispositionBranch): void {
    if (!open(b)) reject(rejection.dispositionClosed, `branch ${b.branchId} is ${b.status}: a closed or withdrawn disposition takes no further action`);
  }

  function publish(): void {
    upsertSearchAttributes([
      { key: Status, value: state.status },
      { key: WaitingFor, value: [...new Set(state.branches.filter(open).map((b) => b.toPersonId).filter((p): p is string => p !== null))].join(' ') },
    ]);
  }

  /** Writes the branch's row and its audit event; the activity is keyed by branch and event, so a retry writes neither twice. */
  async function record(b: DispositionBranch, event: DispositionEvent): Promise<void> {
    const { dispositionId } = await act.recordBranch({ workflowId, stepKey: `${b.branchId}:${event}`, incomingLetterId: input.incomingLetterId, event, branch: b });
    b.dispositionId = dispositionId;
  }

  async function letterDone(): Promise<void> {
    // The database first, so whoever sees `done` in the query also finds the letter closed there.
    await act.recordLetterDone({ workflowId, stepKey: 'done', incomingLetterId: input.incomingLetterId });
    state.status = 'done';
    publish();
  }

  setHandler(dispositionStateQuery, () => state);

  // ─── each action: its check (who may, in which state) and what it does ─────
  function checkDispose(req: DisposeRequest): void {
    requireOpenLetter();
    if (req.parentBranchId) {
      const parent = branch(req.parentBranchId);
      if (!actsFor(req, parent.toPositionId) || req.fromPositionId !== parent.toPositionId) {
        reject(rejection.outOfTurn, `branch ${parent.branchId} was disposed to position ${parent.toPositionId}: only whoever acts for it disposes it further down`);
      }
      requireOpenBranch(parent);
    } else if (!actsFor(req, input.headPositionId) || req.fromPositionId !== input.headPositionId) {
      reject(rejection.outOfTurn, `the first disposition of this letter is its addressee's (position ${input.headPositionId}) or their Plh/Plt`);
    }
    if (!Array.isArray(req.recipients) || req.recipients.length === 0) reject(rejection.invalidRequest, 'toPositionIds: dispose to at least one position');
    // One open disposition per disposer, recipient and branch: a click repeated with a new request id (the
    // first one's answer lost with the API) must not give the recipient the same task twice.
    const parentBranchId = req.parentBranchId ?? null;
    const asked = new Set<string>();
    for (const r of req.recipients) {
      const twin = state.branches.find((b) => open(b) && b.parentBranchId === parentBranchId && b.fromPositionId === req.fromPositionId && b.toPositionId === r.positionId);
      if (twin || asked.has(r.positionId)) {
        reject(rejection.dispositionDuplicate, `position ${r.positionId} already has an open disposition sent by position ${req.fromPositionId} on this ${parentBranchId ? `branch (${parentBranchId})` : 'letter'}${twin ? ` (branch ${twin.branchId})` : ''}`);
      }
      asked.add(r.positionId);
    }
    if (!req.instruction?.trim()) reject(rejection.invalidRequest, 'instruction: required');
    if (req.deadline) {
      const deadline = Date.parse(req.deadline);
      if (Number.isNaN(deadline) || deadline <= Date.now()) reject(rejection.invalidRequest, 'deadline: must be a future date-time');
    }
  }

  async function applyDispose(req: DisposeRequest): Promise<DispositionBranch[]> {
    const now = Date.now();
    const parent = req.parentBranchId ? branch(req.parentBranchId) : null;
    const deadline = req.deadline ? iso(Date.parse(req.deadline)) : iso(now + urgencyMs);
    if (parent) {
      parent.status = 'forwarded';
      parent.readAt ??= iso(now);
    }
    const created = req.recipients.map((r) => {
      const b: DispositionBranch = {
        branchId: `b${state.branches.length + 1}`,
        parentBranchId: parent?.branchId ?? null,
        dispositionId: null,
        fromPositionId: req.fromPositionId,
        fromPersonId: req.personId,
        disposerSuperiorPersonId: req.disposerSuperiorPersonId,
        toPositionId: r.positionId,
        toPersonId: r.personId,
        instruction: req.instruction.trim(),
        note: req.note ?? '',
        deadline,
        status: 'sent',
        readAt: null,
        followUp: null,
        followUpAt: null,
        attachmentSha256: null,
        // A deadline inside the reminder lead: the task itself carries it, no second reminder.
        reminded: Date.parse(deadline) - remindBeforeMs <= now,
        overdue: false,
        escalated: false,
      };
      state.branches.push(b);
      return b;
    });
    changes++;
    publish();
    if (parent) await record(parent, 'forwarded');
    for (const b of created) await record(b, 'sent');
    await act.notify(created.flatMap((b): Notification[] => (b.toPersonId === null ? [] : [{
      key: `${workflowId}:${b.branchId}:task`, personId: b.toPersonId, kind: 'task', subject: `Disposisi: ${b.instruction} (tenggat ${b.deadline})`, ref: ref(b),
    }])));
    return created;
  }

  function checkRead(req: BranchRequest): void {
    const b = branch(req.branchId);
    if (!actsFor(req, b.toPositionId)) reject(rejection.notAllowed, `branch ${b.branchId} was disposed to position ${b.toPositionId}: only its recipient reads it`);
    if (b.status === 'withdrawn') reject(rejection.dispositionClosed, `branch ${b.branchId} was withdrawn`);
  }

  async function applyRead(req: BranchRequest): Promise<DispositionBranch> {
    const b = branch(req.branchId);
    if (b.status === 'sent') {
      b.status = 'read';
      b.readAt = iso(Date.now());
      changes++;
      await record(b, 'read');
    }
    return b;
  }

  function checkWithdraw(req: BranchRequest): void {
    requireOpenLetter();
    const b = branch(req.branchId);
    if (b.fromPersonId !== req.personId && !actsFor(req, b.fromPositionId)) {
      reject(rejection.notAllowed, `only who disposed branch ${b.branchId} (person ${b.fromPersonId}) may withdraw it`);
    }
    requireOpenBranch(b);
    if (b.status !== 'sent') reject(rejection.dispositionAlreadyRead, `branch ${b.branchId} is ${b.status}: a disposition can be withdrawn only while unread`);
  }

  async function applyWithdraw(req: BranchRequest): Promise<DispositionBranch> {
    const b = branch(req.branchId);
    b.status = 'withdrawn';
    changes++;
    publish();
    await record(b, 'withdrawn');
    return b;
  }

  function checkClose(req: CloseBranchRequest): void {
    requireOpenLetter();
    const b = branch(req.branchId);
    if (!actsFor(req, b.toPositionId)) reject(rejection.notAllowed, `branch ${b.branchId} was disposed to position ${b.toPositionId}: only its recipient reports its follow-up`);
    requireOpenBranch(b);
    if (!req.followUp?.trim()) reject(rejection.invalidRequest, 'followUp: a closed branch needs a follow-up report (tindak lanjut)');
    if (req.followUpStatus !== undefined && !(followUpStatuses as readonly string[]).includes(req.followUpStatus)) {
      reject(rejection.invalidRequest, `status: a tindak lanjut is ${followUpStatuses.join(' or ')}`);
    }
  }

  async function applyClose(req: CloseBranchRequest): Promise<DispositionBranch> {
    const b = branch(req.branchId);
    const now = iso(Date.now());
    b.status = 'done';
    b.followUp = req.followUp;
    b.followUpAt = now;
    b.readAt ??= now;
    b.attachmentSha256 = req.attachmentSha256 ?? null;
    b.attachmentKey = req.attachmentKey ?? null;
    b.followUpStatus = req.followUpStatus ?? 'selesai';
    changes++;
    publish();
    await record(b, 'followed_up');
    return b;
  }

  function checkFinish(req: DispositionActor): void {
    requireOpenLetter();
    if (!actsFor(req, input.headPositionId)) reject(rejection.notAllowed, `only the letter's addressee (position ${input.headPositionId}) marks it done`);
    const stillOpen = state.branches.filter(open).map((b) => b.branchId);
    if (stillOpen.length > 0) reject(rejection.dispositionBranchesOpen, `branches ${stillOpen.join(', ')} are still open: each is followed up or withdrawn before the letter is done`);
  }

  async function applyFinish(): Promise<DispositionState> {
    changes++;
    await letterDone();
    return state;
  }

  // ─── one click, once: as an Update, as the command signal, or both (see clicks.ts) ───
  const { answer, checked, command } = clickLedger();

  setHandler(disposeUpdate, (req) => answer(req, () => applyDispose(req)), { validator: checked(checkDispose) });
  setHandler(readBranchUpdate, (req) => answer(req, () => applyRead(req)), { validator: checked(checkRead) });
  setHandler(withdrawBranchUpdate, (req) => answer(req, () => applyWithdraw(req)), { validator: checked(checkWithdraw) });
  setHandler(closeBranchUpdate, (req) => answer(req, () => applyClose(req)), { validator: checked(checkClose) });
  setHandler(finishLetterUpdate, (req) => answer(req, () => applyFinish()), { validator: checked(checkFinish) });

  const commandLabel: Record<DispositionCommand['kind'], string> = {
    dispose: 'Disposisi', read: 'Tanda baca disposisi', withdraw: 'Penarikan disposisi', close: 'Tindak lanjut disposisi', finish: 'Penyelesaian surat',
  };

  /** The durable path: checked like its Update when delivered; a refused click is told to the person (they were answered "diproses"). */
  setHandler(dispositionCommandSignal, (cmd) => command(cmd.req, async () => {
    switch (cmd.kind) {
      case 'dispose': checkDispose(cmd.req); return applyDispose(cmd.req);
      case 'read': checkRead(cmd.req); return applyRead(cmd.req);
      case 'withdraw': checkWithdraw(cmd.req); return applyWithdraw(cmd.req);
      case 'close': checkClose(cmd.req); return applyClose(cmd.req);
      case 'finish': checkFinish(cmd.req); return applyFinish();
    }
  }, (failure) => act.notify([{
    key: `${workflowId}:refused:${cmd.req.requestId ?? `${cmd.kind}:${cmd.req.personId}:${changes}`}`, personId: cmd.req.personId, kind: 'info',
    subject: `${commandLabel[cmd.kind]} tidak dapat diproses: ${failure.message}`, ref: `incoming_letter:${input.incomingLetterId}`,
  }])));

  upsertSearchAttributes([
    { key: DocumentId, value: input.incomingLetterId },
    { key: AgencyCode, value: input.agencyCode },
  ]);
  publish();

  const finished = () => state.status === 'done' || (state.branches.some((b) => b.status === 'done') && !state.branches.some(open));
  for (;;) {
    await condition(allHandlersFinished);
    if (finished()) break;
    const seen = changes;
    const timers = state.branches.filter(open).flatMap((b) => {
      const deadline = Date.parse(b.deadline);
      return [
        ...(b.reminded ? [] : [{ at: deadline - remindBeforeMs, b, kind: 'reminder' as const }]),
        ...(b.overdue ? [] : [{ at: deadline, b, kind: 'overdue' as const }]),
        ...(b.escalated ? [] : [{ at: deadline + urgencyMs, b, kind: 'superior' as const }]),
      ];
    });
    const next = Math.min(...timers.map((t) => t.at));
    if (await condition(() => changes !== seen, Number.isFinite(next) ? Math.max(1, next - Date.now()) : undefined)) continue;
    for (const t of timers.filter((t) => t.at <= Date.now() && open(t.b))) {
      const b = t.b;
      const about = `${b.instruction} (tenggat ${b.deadline})`;
      if (t.kind === 'reminder') {
        b.reminded = true;
        if (b.toPersonId !== null) {
          await act.notify([{ key: `${workflowId}:${b.branchId}:reminder`, personId: b.toPersonId, kind: 'reminder', subject: `Pengingat disposisi: ${about}`, ref: ref(b) }]);
        }
      } else if (t.kind === 'overdue') {
        b.reminded = true;
        b.overdue = true;
        await act.notify([{ key: `${workflowId}:${b.branchId}:overdue:${b.fromPersonId}`, personId: b.fromPersonId, kind: 'escalation', subject: `Disposisi lewat tenggat: ${about}`, ref: ref(b) }]);
        await record(b, 'overdue');
      } else {
        b.escalated = true;
        if (b.disposerSuperiorPersonId !== null) {
          await act.notify([{
            key: `${workflowId}:${b.branchId}:escalation:${b.disposerSuperiorPersonId}`, personId: b.disposerSuperiorPersonId, kind: 'escalation',
            subject: `Disposisi bawahan lewat tenggat: ${about}`, ref: ref(b),
          }]);
        }
        await record(b, 'escalated');
      }
    }
  }

  if (state.status !== 'done') await letterDone();
  await condition(allHandlersFinished);
  return state;
}
