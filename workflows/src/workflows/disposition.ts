// One incoming letter's disposition tree: the head disposes to one or many,
// each recipient reads, disposes further down or closes their branch with a
// follow-up report; the letter is done when every branch is closed.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { NaskahActivities } from '../activities/index.js';
import {
  closeBranchUpdate,
  DAY,
  defaultUrgencyDeadlines,
  disposeUpdate,
  dispositionStateQuery,
  readBranchUpdate,
  rejection,
  withdrawBranchUpdate,
  type DispositionBranch,
  type DispositionInput,
  type DispositionState,
} from '../messages.js';
import { ReminderSchedule } from './reminders.js';
import { AgencyCode, DocumentId, Status, WaitingFor } from './search-attributes.js';

const act = proxyActivities<NaskahActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function DispositionWorkflow(input: DispositionInput): Promise<DispositionState> {
  const { workflowId } = workflowInfo();
  const remindBeforeMs = input.remindBeforeMs ?? 2 * DAY;
  const ref = `incoming-letter:${input.incomingLetterId}`;
  const state: DispositionState = { incomingLetterId: input.incomingLetterId, status: 'awaiting-disposition', branches: [] };
  const reminded = new Set<string>();
  let changes = 0;

  const open = (b: DispositionBranch) => b.status === 'unread' || b.status === 'read';
  const branch = (branchId: string) => state.branches.find((b) => b.branchId === branchId) ?? reject(rejection.invalidRequest, `branchId: no branch ${branchId} on this letter`);
  function requireOpenLetter(): void {
    if (state.status === 'done') reject(rejection.documentClosed, 'every branch of this letter is already closed');
  }

  function publish(): void {
    upsertSearchAttributes([
      { key: Status, value: state.status },
      { key: WaitingFor, value: state.status === 'awaiting-disposition' ? input.headPersonId : [...new Set(state.branches.filter(open).map((b) => b.toPersonId))].join(' ') },
    ]);
  }

  async function record(b: DispositionBranch, event: string): Promise<void> {
    await act.recordBranch({ workflowId, stepKey: `${b.branchId}:${event}`, incomingLetterId: input.incomingLetterId, branch: b });
  }

  setHandler(dispositionStateQuery, () => state);

  setHandler(
    disposeUpdate,
    async (req) => {
      const parent = req.parentBranchId ? branch(req.parentBranchId) : null;
      if (parent && parent.status === 'unread') parent.status = 'read';
      const created = req.toPersonIds.map((toPersonId) => {
        const b: DispositionBranch = {
          branchId: `b${state.branches.length + 1}`,
          parentBranchId: parent?.branchId ?? null,
          fromPersonId: req.personId,
          toPersonId,
          instruction: req.instruction,
          note: req.note ?? null,
          deadline: new Date(Date.parse(req.deadline)).toISOString(),
          status: 'unread',
          followUp: null,
          attachmentSha256: null,
          overdue: false,
        };
        state.branches.push(b);
        return b;
      });
      state.status = 'in-progress';
      changes++;
      publish();
      if (parent) await record(parent, 'read');
      for (const b of created) await record(b, 'disposed');
      await act.notify(created.map((b) => ({ key: `${workflowId}:${b.branchId}:task`, personId: b.toPersonId, kind: 'task', subject: `Disposisi: ${b.instruction}`, ref: `disposition:${input.incomingLetterId}:${b.branchId}` })));
      return created;
    },
    {
      validator: (req) => {
        requireOpenLetter();
        if (req.parentBranchId) {
          const parent = branch(req.parentBranchId);
          if (parent.toPersonId !== req.personId) reject(rejection.outOfTurn, `branch ${parent.branchId} was disposed to ${parent.toPersonId}, not ${req.personId}`);
          if (!open(parent)) reject(rejection.documentClosed, `branch ${parent.branchId} is ${parent.status}`);
        } else if (req.personId !== input.headPersonId) {
          reject(rejection.outOfTurn, `the first disposition is the head's (${input.headPersonId})`);
        }
        if (!Array.isArray(req.toPersonIds) || req.toPersonIds.length === 0) reject(rejection.invalidRequest, 'toPersonIds: dispose to at least one person');
        if (!req.instruction?.trim()) reject(rejection.invalidRequest, 'instruction: required');
        const deadline = Date.parse(req.deadline);
        if (Number.isNaN(deadline) || deadline <= Date.now()) reject(rejection.invalidRequest, 'deadline: must be a future date-time');
      },
    },
  );

  setHandler(
    readBranchUpdate,
    async (req) => {
      const b = branch(req.branchId);
      if (b.status === 'unread') {
        b.status = 'read';
        changes++;
        await record(b, 'read');
      }
      return b;
    },
    {
      validator: (req) => {
        const b = branch(req.branchId);
        if (b.toPersonId !== req.personId) reject(rejection.outOfTurn, `branch ${b.branchId} was disposed to ${b.toPersonId}`);
        if (b.status === 'withdrawn') reject(rejection.documentClosed, `branch ${b.branchId} was withdrawn`);
      },
    },
  );

  setHandler(
    withdrawBranchUpdate,
    async (req) => {
      const b = branch(req.branchId);
      b.status = 'withdrawn';
      changes++;
      publish();
      await record(b, 'withdrawn');
      return b;
    },
    {
      validator: (req) => {
        requireOpenLetter();
        const b = branch(req.branchId);
        if (b.fromPersonId !== req.personId) reject(rejection.notAllowed, `only ${b.fromPersonId}, who disposed it, may withdraw branch ${b.branchId}`);
        if (b.status !== 'unread') reject(rejection.notAllowed, `branch ${b.branchId} is ${b.status}; only an unread disposition can be withdrawn`);
      },
    },
  );

  setHandler(
    closeBranchUpdate,
    async (req) => {
      const b = branch(req.branchId);
      b.status = 'closed';
      b.followUp = req.followUp;
      b.attachmentSha256 = req.attachmentSha256 ?? null;
      changes++;
      publish();
      await record(b, 'closed');
      return b;
    },
    {
      validator: (req) => {
        requireOpenLetter();
        const b = branch(req.branchId);
        if (b.toPersonId !== req.personId) reject(rejection.outOfTurn, `branch ${b.branchId} was disposed to ${b.toPersonId}`);
        if (!open(b)) reject(rejection.documentClosed, `branch ${b.branchId} is ${b.status}`);
        if (!req.followUp?.trim()) reject(rejection.invalidRequest, 'followUp: a closed branch needs a follow-up report (tindak lanjut)');
      },
    },
  );

  upsertSearchAttributes([
    { key: DocumentId, value: input.incomingLetterId },
    { key: AgencyCode, value: input.agencyCode },
  ]);
  publish();
  await act.notify([{ key: `${workflowId}:head:task`, personId: input.headPersonId, kind: 'task', subject: 'Surat masuk menunggu disposisi', ref }]);

  // The head is reminded and escalated per urgency until the first disposition.
  const headSchedule = new ReminderSchedule(Date.now(), { ...defaultUrgencyDeadlines, ...input.deadlines }[input.urgency]);
  while (state.branches.length === 0) {
    if (await condition(() => state.branches.length > 0, Math.max(1, headSchedule.nextAt() - Date.now()))) break;
    const head = { personId: input.headPersonId, positionId: 'pimpinan', superiorPersonIds: input.secretariatPersonIds };
    await act.notify(headSchedule.fire(workflowId, [{ stepKey: 'head', actors: [head] }], ref, 'surat masuk belum didisposisikan'));
  }

  const finished = () => state.branches.some((b) => b.status === 'closed') && !state.branches.some(open);
  for (;;) {
    await condition(allHandlersFinished);
    if (finished()) break;
    const seen = changes;
    const timers = state.branches.filter(open).flatMap((b) => {
      const deadline = Date.parse(b.deadline);
      return [
        ...(reminded.has(b.branchId) ? [] : [{ at: deadline - remindBeforeMs, b, kind: 'reminder' as const }]),
        ...(b.overdue ? [] : [{ at: deadline, b, kind: 'overdue' as const }]),
      ];
    });
    const next = Math.min(...timers.map((t) => t.at));
    if (await condition(() => changes !== seen, Number.isFinite(next) ? Math.max(1, next - Date.now()) : undefined)) continue;
    for (const t of timers.filter((t) => t.at <= Date.now() && open(t.b))) {
      if (t.kind === 'reminder') {
        reminded.add(t.b.branchId);
        await act.notify([{ key: `${workflowId}:${t.b.branchId}:reminder`, personId: t.b.toPersonId, kind: 'reminder', subject: `Tenggat disposisi ${t.b.deadline}: ${t.b.instruction}`, ref }]);
      } else {
        t.b.overdue = true;
        reminded.add(t.b.branchId);
        // Overdue branches show to the secretariat and the head.
        await act.notify(
          [...new Set([...input.secretariatPersonIds, input.headPersonId, t.b.toPersonId])].map((personId) => ({
            key: `${workflowId}:${t.b.branchId}:overdue:${personId}`,
            personId,
            kind: 'overdue' as const,
            subject: `Disposisi lewat tenggat: ${t.b.instruction} (${t.b.toPersonId})`,
            ref,
          })),
        );
        await record(t.b, 'overdue');
      }
    }
  }

  // The database first, so whoever sees `done` in the query also finds the letter closed there.
  await act.recordLetterDone({ workflowId, stepKey: 'done', incomingLetterId: input.incomingLetterId });
  state.status = 'done';
  publish();
  await condition(allHandlersFinished);
  return state;
}
