// One outgoing document's life: paraf chain → number → signatures →
// distribution → archive. Decisions only; every effect is an activity.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NaskahActivities } from '../activities/index.js';
import {
  cancelUpdate,
  defaultUrgencyDeadlines,
  parafUpdate,
  rejection,
  returnUpdate,
  reviseUpdate,
  routingStateQuery,
  signedUpdate,
  withdrawUpdate,
  type Actor,
  type ParafRequest,
  type ReturnRequest,
  type ReviseRequest,
  type RoutingEvent,
  type RoutingInput,
  type RoutingState,
  type RoutingStatus,
  type SignedRequest,
  type WaitingStep,
  type WithdrawRequest,
} from '../messages.js';
import { earliestDelegationEnd, ReminderSchedule } from './reminders.js';
import { AgencyCode, DocumentId, Status, WaitingFor } from './search-attributes.js';

const activityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;
const remote = proxyActivities<NaskahActivities>(activityOptions);
/**
 * The short database steps (record, resolve actors, notify, number, distribute) run as local
 * activities: inside the workflow task, without a round trip through the Temporal server each, which
 * was most of a step's latency. They are idempotent (keyed by workflow id + step), as a local activity
 * may run again when a worker dies before its workflow task completes. Archiving talks to MinIO, may
 * wait out an outage with retries, and stays a normal activity.
 */
const local = proxyLocalActivities<NaskahActivities>({ ...activityOptions, localRetryThreshold: '10 seconds' });
const localNames = new Set<keyof NaskahActivities>(['recordStep', 'resolveActors', 'notify', 'allocateNumber', 'cancelNumber', 'distribute']);

type Action =
  | { kind: 'paraf'; actor: Actor; step: WaitingStep; req: ParafRequest; applied: boolean }
  | { kind: 'return'; actor: Actor; step: WaitingStep; req: ReturnRequest; applied: boolean }
  | { kind: 'revise'; step: WaitingStep; req: ReviseRequest; applied: boolean }
  | { kind: 'signed'; actor: Actor; step: WaitingStep; req: SignedRequest; applied: boolean }
  | { kind: 'withdraw' | 'cancel'; req: WithdrawRequest; applied: boolean };

const terminal: RoutingStatus[] = ['done', 'withdrawn', 'cancelled'];

function reject(type: string, message: string, state: RoutingState): never {
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: [{ status: state.status, waiting: state.waiting.map((w) => ({ kind: w.kind, stepKey: w.stepKey, personIds: w.actors.map((a) => a.personId) })) }],
  });
}

export async function RoutingWorkflow(input: RoutingInput): Promise<RoutingState> {
  const info = workflowInfo();
  // Step markers (claims, notification keys) belong to one submission: a withdrawn document submitted
  // again runs under the same workflow id and must not find its first submission's steps already done.
  const workflowId = `${info.workflowId}@${info.firstExecutionRunId}`;
  const act: NaskahActivities = new Proxy(remote, { get: (target, name) => (localNames.has(name as keyof NaskahActivities) ? local : target)[name as keyof NaskahActivities] });
  const deadlineMs = { ...defaultUrgencyDeadlines, ...input.deadlines }[input.urgency];
  const ref = `document:${input.documentId}`;
  const state: RoutingState = {
    documentId: input.documentId,
    status: 'paraf',
    round: 1,
    version: input.version,
    sha256: null,
    number: null,
    waiting: [],
    events: [],
  };
  const actions: Action[] = [];
  let signatures = 0;

  const drafter: Actor = { personId: input.drafterPersonId, positionId: 'pengonsep', superiorPersonIds: [] };

  // ─── validators: who may act now ───────────────────────────────────────────
  function requireOpen(): void {
    if (terminal.includes(state.status)) reject(rejection.documentClosed, `document is ${state.status}`, state);
    if (actions.length > 0) reject(rejection.outOfTurn, 'another action on this document is being recorded; retry', state);
  }
  function actorAt(kind: WaitingStep['kind'], personId: string, code: string): { step: WaitingStep; actor: Actor } {
    for (const step of state.waiting) {
      if (step.kind !== kind) continue;
      const actor = step.actors.find((a) => a.personId === personId);
      if (!actor) continue;
      const until = actor.delegation?.validUntil;
      if (until && Date.parse(until) <= Date.now()) {
        reject(rejection.delegationExpired, `the ${actor.delegation?.kind} delegation of ${personId} ended at ${until}`, state);
      }
      return { step, actor };
    }
    const waitingFor = state.waiting.map((w) => `${w.kind} by ${w.actors.map((a) => a.personId).join('/')}`).join(', ');
    return reject(code, `not ${personId}'s turn to ${kind}; waiting for ${waitingFor || state.status}`, state);
  }

  setHandler(routingStateQuery, () => state);

  setHandler(
    parafUpdate,
    async (req) => {
      const { step, actor } = actorAt('paraf', req.personId, rejection.outOfTurn);
      return queue({ kind: 'paraf', actor, step, req, applied: false });
    },
    {
      validator: (req) => {
        requireOpen();
        actorAt('paraf', req.personId, rejection.outOfTurn);
        if (req.version !== undefined && req.version <= state.version) reject(rejection.staleVersion, `paraf version ${req.version} is not newer than ${state.version}`, state);
      },
    },
  );

  setHandler(
    returnUpdate,
    async (req) => {
      const { step, actor } = actorAt('paraf', req.personId, rejection.outOfTurn);
      return queue({ kind: 'return', actor, step, req, applied: false });
    },
    {
      validator: (req) => {
        requireOpen();
        actorAt('paraf', req.personId, rejection.outOfTurn);
        if (!req.note?.trim()) reject(rejection.invalidRequest, 'note: a return needs a note for the drafter', state);
      },
    },
  );

  setHandler(
    reviseUpdate,
    async (req) => {
      const { step } = actorAt('revision', req.personId, rejection.outOfTurn);
      return queue({ kind: 'revise', step, req, applied: false });
    },
    {
      validator: (req) => {
        requireOpen();
        actorAt('revision', req.personId, rejection.outOfTurn);
        if (req.version <= state.version) reject(rejection.staleVersion, `revision version ${req.version} is not newer than ${state.version}`, state);
      },
    },
  );

  setHandler(
    signedUpdate,
    async (req) => {
      const { step, actor } = actorAt('sign', req.personId, rejection.signerOutOfTurn);
      return queue({ kind: 'signed', actor, step, req, applied: false });
    },
    {
      validator: (req) => {
        requireOpen();
        actorAt('sign', req.personId, rejection.signerOutOfTurn);
        // Signatures are incremental updates: one made on an older version would drop the newer one.
        if (req.baseVersion !== state.version || req.version <= state.version) {
          reject(rejection.staleVersion, `signed on version ${req.baseVersion}, current is ${state.version}`, state);
        }
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async (req) => queue({ kind: 'withdraw', req, applied: false }),
    {
      validator: (req) => {
        requireOpen();
        if (req.personId !== input.drafterPersonId) reject(rejection.notAllowed, 'only the drafter may withdraw', state);
        if (signatures > 0) reject(rejection.notAllowed, 'already signed; it can only be cancelled', state);
        if (state.waiting.length === 0) reject(rejection.outOfTurn, `document is being processed (${state.status}); retry`, state);
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (req) => queue({ kind: 'cancel', req, applied: false }),
    {
      validator: (req) => {
        requireOpen();
        if (req.personId !== input.drafterPersonId) reject(rejection.notAllowed, 'only the drafter may cancel', state);
        if (!req.reason?.trim()) reject(rejection.invalidRequest, 'reason: a cancellation needs a reason', state);
        if (state.waiting.length === 0) reject(rejection.outOfTurn, `document is being processed (${state.status}); retry`, state);
      },
    },
  );

  /** The handler returns once the main loop recorded the action, so the API answers with persisted state. */
  async function queue(action: Action): Promise<RoutingState> {
    actions.push(action);
    await condition(() => action.applied);
    return state;
  }

  // ─── helpers for the main loop ─────────────────────────────────────────────
  const now = () => new Date(Date.now()).toISOString();

  function publish(): void {
    upsertSearchAttributes([
      { key: Status, value: state.status },
      { key: WaitingFor, value: state.waiting.flatMap((w) => w.actors.map((a) => a.personId)).join(' ') },
    ]);
  }

  /**
   * Records a step with the status it leads to. The query shows that status only once the
   * database has it, so a caller who sees `done` also finds the document archived.
   */
  async function record(stepKey: string, event: Omit<RoutingEvent, 'at'>, status: RoutingStatus = state.status): Promise<void> {
    const full: RoutingEvent = { at: now(), ...event };
    await act.recordStep({ workflowId, stepKey, documentId: input.documentId, status, event: full });
    state.status = status;
    state.events.push(full);
  }

  async function waitFor(steps: WaitingStep[], subject: string): Promise<void> {
    state.waiting = steps;
    publish();
    await act.notify(
      steps.flatMap((s) =>
        s.actors.map((a) => ({ key: `${workflowId}:${s.stepKey}:task:${a.personId}`, personId: a.personId, kind: 'task' as const, subject, ref })),
      ),
    );
  }

  async function resolve(kind: WaitingStep['kind'], stepKey: string, positionIds: string[]): Promise<WaitingStep[]> {
    const actors = await act.resolveActors({ positionIds, at: now() });
    return actors.map((actor, i) => ({ kind, stepKey: positionIds.length > 1 ? `${stepKey}:${i}` : stepKey, actors: [actor], since: now() }));
  }

  /** The next action, sending reminders and escalations while nobody acts and re-resolving actors when a delegation ends. */
  async function nextAction(schedule: ReminderSchedule, subject: string): Promise<Action> {
    for (;;) {
      const delegationEnd = earliestDelegationEnd(state.waiting);
      const wakeAt = Math.min(schedule.nextAt(), delegationEnd ?? Infinity);
      if (await condition(() => actions.length > 0, Math.max(1, wakeAt - Date.now()))) return actions[0]!;
      if (delegationEnd !== undefined && Date.now() >= delegationEnd) {
        const refreshed = await act.resolveActors({ positionIds: state.waiting.map((w) => w.actors[0]!.positionId), at: now() });
        if (actions.length > 0) return actions[0]!;
        state.waiting = state.waiting.map((w, i) => ({ ...w, actors: [refreshed[i]!] }));
        publish();
        continue;
      }
      const due = schedule.fire(workflowId, state.waiting, ref, subject);
      if (due.length > 0) await act.notify(due);
    }
  }

  function done(action: Action): void {
    actions.shift();
    action.applied = true;
  }

  async function close(action: Extract<Action, { kind: 'withdraw' | 'cancel' }>): Promise<RoutingState> {
    state.waiting = [];
    if (state.number) {
      await act.cancelNumber({ workflowId, stepKey: 'number:cancel', documentId: input.documentId, reason: action.req.reason ?? action.kind });
    }
    await record(action.kind, { action: action.kind, personId: action.req.personId, note: action.req.reason }, action.kind === 'withdraw' ? 'withdrawn' : 'cancelled');
    publish();
    done(action);
    await condition(allHandlersFinished);
    return state;
  }

  // ─── the process ───────────────────────────────────────────────────────────
  upsertSearchAttributes([
    { key: DocumentId, value: input.documentId },
    { key: AgencyCode, value: input.agencyCode },
  ]);
  await record('submit', { action: 'submit', personId: input.drafterPersonId, version: input.version });

  review: for (;;) {
    state.status = 'paraf';
    for (const [i, positionId] of input.parafPositionIds.entries()) {
      const stepKey = `r${state.round}:paraf:${i + 1}`;
      await waitFor(await resolve('paraf', stepKey, [positionId]), `Paraf diperlukan`);
      const action = await nextAction(new ReminderSchedule(Date.now(), deadlineMs), 'paraf menunggu');
      state.waiting = [];
      if (action.kind === 'withdraw' || action.kind === 'cancel') return close(action);
      if (action.kind === 'paraf') {
        if (action.req.version !== undefined) {
          state.version = action.req.version;
          state.sha256 = action.req.sha256 ?? null;
        }
        await record(stepKey, { action: 'paraf', personId: action.actor.personId, positionId: action.actor.positionId, delegation: action.actor.delegation, note: action.req.note, version: state.version });
        done(action);
        continue;
      }
      if (action.kind === 'return') {
        state.status = 'revision';
        await record(stepKey, { action: 'return', personId: action.actor.personId, positionId: action.actor.positionId, delegation: action.actor.delegation, note: action.req.note });
        done(action);
        const revisionKey = `r${state.round}:revision`;
        await waitFor([{ kind: 'revision', stepKey: revisionKey, actors: [drafter], since: now() }], 'Konsep dikembalikan untuk diperbaiki');
        const revision = await nextAction(new ReminderSchedule(Date.now(), deadlineMs), 'perbaikan konsep menunggu');
        state.waiting = [];
        if (revision.kind === 'withdraw' || revision.kind === 'cancel') return close(revision);
        if (revision.kind !== 'revise') throw ApplicationFailure.nonRetryable(`unexpected ${revision.kind} during revision`);
        state.version = revision.req.version;
        state.sha256 = revision.req.sha256 ?? null;
        state.status = 'paraf';
        await record(revisionKey, { action: 'revise', personId: revision.req.personId, version: state.version });
        state.round += 1;
        done(revision);
        continue review;
      }
      throw ApplicationFailure.nonRetryable(`unexpected ${action.kind} during paraf`);
    }
    break;
  }

  // The final number is fixed just before the first signature and stamped into the PDF.
  state.status = 'numbering';
  publish();
  const numbered = await act.allocateNumber({ workflowId, stepKey: 'number', documentId: input.documentId });
  state.number = numbered.number;
  state.version = numbered.version;
  state.sha256 = numbered.sha256;
  state.status = 'signing';
  await record('number', { action: 'number', note: numbered.number, version: numbered.version });

  for (const [g, group] of input.signerGroups.entries()) {
    await waitFor(await resolve('sign', `sign:${g + 1}`, group), 'Tanda tangan diperlukan');
    const schedule = new ReminderSchedule(Date.now(), deadlineMs);
    while (state.waiting.length > 0) {
      const action = await nextAction(schedule, 'tanda tangan menunggu');
      if (action.kind === 'withdraw' || action.kind === 'cancel') return close(action);
      if (action.kind !== 'signed') throw ApplicationFailure.nonRetryable(`unexpected ${action.kind} during signing`);
      state.version = action.req.version;
      state.sha256 = action.req.sha256;
      state.waiting = state.waiting.filter((w) => w !== action.step);
      signatures += 1;
      await record(action.step.stepKey, { action: 'sign', personId: action.actor.personId, positionId: action.actor.positionId, delegation: action.actor.delegation, version: action.req.version });
      publish();
      done(action);
    }
  }

  state.status = 'distribution';
  publish();
  const distributed = await act.distribute({ workflowId, stepKey: 'distribute', documentId: input.documentId });
  await record('distribute', { action: 'distribute', note: `${distributed.recipients} recipients` }, 'archiving');
  publish();
  const archived = await act.archiveDocument({ workflowId, stepKey: 'archive', documentId: input.documentId });
  await record('archive', { action: 'archive', note: archived.archiveId, version: state.version }, 'done');
  publish();
  await condition(allHandlersFinished);
  return state;
}
