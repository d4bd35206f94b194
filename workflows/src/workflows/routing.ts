// One outgoing document's life: paraf chain → number → signatures →
// distribution → archive. Decisions only; every effect is an activity.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
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
  routingCommandSignal,
  routingStateQuery,
  signedUpdate,
  withdrawUpdate,
  type Actor,
  type ParafRequest,
  type ReturnRequest,
  type ReviseRequest,
  type RoutingCommand,
  type RoutingEvent,
  type RoutingInput,
  type RoutingState,
  type RoutingStatus,
  type SignedRequest,
  type WaitingStep,
  type WithdrawRequest,
} from '../messages.js';
import { routingEndStatuses } from '@naskah/domain/rulebook';
import { earliestDelegationEnd, ReminderSchedule } from './reminders.js';
import { AgencyCode, DocumentId, Status, WaitingFor } from './search-attributes.js';

const activityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;
const remote = proxyActivities<NaskahActivities>(activityOptions);
/**
 * The short database steps (record, resolve actors, notify, print a paraf, number, distribute) run as local
 * activities: inside the workflow task, without a round trip through the Temporal server each, which
 * was most of a step's latency. They are idempotent (keyed by workflow id + step), as a local activity
 * may run again when a worker dies before its workflow task completes. Archiving talks to MinIO, may
 * wait out an outage with retries, and stays a normal activity.
 */
const local = proxyLocalActivities<NaskahActivities>({ ...activityOptions, localRetryThreshold: '10 seconds' });
const localNames = new Set<keyof NaskahActivities>(['recordStep', 'resolveActors', 'notify', 'printParaf', 'allocateNumber', 'cancelNumber', 'distribute']);

type Action =
  | { kind: 'paraf'; actor: Actor; step: WaitingStep; req: ParafRequest }
  | { kind: 'return'; actor: Actor; step: WaitingStep; req: ReturnRequest }
  | { kind: 'revise'; step: WaitingStep; req: ReviseRequest }
  | { kind: 'signed'; actor: Actor; step: WaitingStep; req: SignedRequest }
  | { kind: 'withdraw' | 'cancel'; req: WithdrawRequest };

/**
 * A click on its way in (an Update or the routing command signal), applied in arrival order when the
 * workflow waits for an action. `answered`: the API stopped waiting for it (it answered "diproses"),
 * so a refusal is told to the person as a notification.
 */
interface Pending {
  cmd: RoutingCommand;
  answered: boolean;
  settled: boolean;
  failure?: ApplicationFailure;
}

const terminal: readonly RoutingStatus[] = routingEndStatuses;

const actionLabel: Record<RoutingCommand['kind'], string> = {
  paraf: 'Paraf', return: 'Pengembalian konsep', revise: 'Pengajuan perbaikan', signed: 'Tanda tangan', withdraw: 'Penarikan', cancel: 'Pembatalan',
};

/** Why a queued click was not applied, in the words of the notification the person reads. */
const refusalReason: Record<string, string> = {
  [rejection.outOfTurn]: 'bukan giliran Anda pada tahap ini',
  [rejection.signerOutOfTurn]: 'bukan giliran Anda menandatangani pada tahap ini',
  [rejection.staleVersion]: 'versi naskah sudah berubah',
  [rejection.documentClosed]: 'naskah sudah selesai, ditarik atau dibatalkan',
  [rejection.delegationExpired]: 'masa delegasi Anda sudah berakhir',
  [rejection.notAllowed]: 'tindakan ini tidak diizinkan untuk Anda',
  [rejection.invalidRequest]: 'isian tindakan tidak lengkap',
};

function refusal(type: string, message: string, state: RoutingState): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: [{ status: state.status, waiting: state.waiting.map((w) => ({ kind: w.kind, stepKey: w.stepKey, personIds: w.actors.map((a) => a.personId) })) }],
  });
}

function reject(type: string, message: string, state: RoutingState): never {
  throw refusal(type, message, state);
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
    // Submitted: clicks that come before the first activity has written it are queued, not refused as closed.
    status: 'in_review',
    round: 1,
    version: input.version,
    sha256: null,
    number: null,
    waiting: [],
    events: [],
  };
  const pending: Pending[] = [];
  const byRequest = new Map<string, Pending>();
  let signatures = 0;

  const drafter: Actor = { personId: input.drafterPersonId, positionId: 'pengonsep', superiorPersonIds: [] };

  // ─── validators: who may act now ───────────────────────────────────────────
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

  /** What a command can be refused for whatever step the workflow is at: its own input, and who may do it at all. */
  function checkInput(cmd: RoutingCommand): void {
    if (terminal.includes(state.status)) reject(rejection.documentClosed, `document is ${state.status}`, state);
    if (cmd.kind === 'return' && !cmd.req.note?.trim()) reject(rejection.invalidRequest, 'note: a return needs a note for the drafter', state);
    if (cmd.kind === 'withdraw' || cmd.kind === 'cancel') {
      if (cmd.req.personId !== input.drafterPersonId) reject(rejection.notAllowed, `only the drafter may ${cmd.kind}`, state);
      if (cmd.kind === 'withdraw' && signatures > 0) reject(rejection.notAllowed, 'already signed; it can only be cancelled', state);
      if (cmd.kind === 'cancel' && !cmd.req.reason?.trim()) reject(rejection.invalidRequest, 'reason: a cancellation needs a reason', state);
    }
  }

  /** The command as an action on the step now waiting, or the refusal naming that step. */
  function validate(cmd: RoutingCommand): Action {
    checkInput(cmd);
    switch (cmd.kind) {
      case 'paraf': {
        const { step, actor } = actorAt('paraf', cmd.req.personId, rejection.outOfTurn);
        if (cmd.req.version !== undefined && cmd.req.version <= state.version) reject(rejection.staleVersion, `paraf version ${cmd.req.version} is not newer than ${state.version}`, state);
        return { kind: 'paraf', step, actor, req: cmd.req };
      }
      case 'return': {
        const { step, actor } = actorAt('paraf', cmd.req.personId, rejection.outOfTurn);
        return { kind: 'return', step, actor, req: cmd.req };
      }
      case 'revise': {
        const { step } = actorAt('revision', cmd.req.personId, rejection.outOfTurn);
        if (cmd.req.version <= state.version) reject(rejection.staleVersion, `revision version ${cmd.req.version} is not newer than ${state.version}`, state);
        return { kind: 'revise', step, req: cmd.req };
      }
      case 'signed': {
        const { step, actor } = actorAt('sign', cmd.req.personId, rejection.signerOutOfTurn);
        // Signatures are incremental updates: one made on an older version would drop the newer one.
        if (cmd.req.baseVersion !== state.version || cmd.req.version <= state.version) {
          reject(rejection.staleVersion, `signed on version ${cmd.req.baseVersion}, current is ${state.version}`, state);
        }
        return { kind: 'signed', step, actor, req: cmd.req };
      }
      case 'withdraw':
      case 'cancel':
        if (state.waiting.length === 0) reject(rejection.outOfTurn, `document is being processed (${state.status})`, state);
        return { kind: cmd.kind, req: cmd.req };
    }
  }

  /**
   * The Update validator: a click already seen (its signal came first) is accepted and answered with
   * that click's outcome. When the workflow waits for an action and none is queued, the turn is
   * checked now (out of turn → rejected at once); between two steps (the next actor being resolved,
   * another action being recorded) it is accepted and checked when the workflow next waits, instead
   * of answering "retry".
   */
  function admit(cmd: RoutingCommand): void {
    if (cmd.req.requestId && byRequest.has(cmd.req.requestId)) return;
    checkInput(cmd);
    if (state.waiting.length > 0 && pending.length === 0) validate(cmd);
  }

  function enqueue(cmd: RoutingCommand, answered: boolean): Pending {
    const id = cmd.req.requestId;
    const known = id ? byRequest.get(id) : undefined;
    if (known) {
      known.answered ||= answered;
      return known;
    }
    const entry: Pending = { cmd, answered, settled: false };
    pending.push(entry);
    if (id) byRequest.set(id, entry);
    return entry;
  }

  /** The Update handler returns once the main loop recorded the action, so the API answers with persisted state. */
  async function handle(cmd: RoutingCommand): Promise<RoutingState> {
    const entry = enqueue(cmd, false);
    await condition(() => entry.settled);
    if (entry.failure) throw entry.failure;
    return state;
  }

  setHandler(routingStateQuery, () => state);
  setHandler(parafUpdate, (req) => handle({ kind: 'paraf', req }), { validator: (req) => admit({ kind: 'paraf', req }) });
  setHandler(returnUpdate, (req) => handle({ kind: 'return', req }), { validator: (req) => admit({ kind: 'return', req }) });
  setHandler(reviseUpdate, (req) => handle({ kind: 'revise', req }), { validator: (req) => admit({ kind: 'revise', req }) });
  setHandler(signedUpdate, (req) => handle({ kind: 'signed', req }), { validator: (req) => admit({ kind: 'signed', req }) });
  setHandler(withdrawUpdate, (req) => handle({ kind: 'withdraw', req }), { validator: (req) => admit({ kind: 'withdraw', req }) });
  setHandler(cancelUpdate, (req) => handle({ kind: 'cancel', req }), { validator: (req) => admit({ kind: 'cancel', req }) });
  setHandler(routingCommandSignal, (cmd) => {
    enqueue(cmd, true);
  });

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

  /** A queued click that cannot be applied: its Update fails with the reason; a person already told "diproses" gets a notification. */
  async function refuse(entry: Pending, failure: ApplicationFailure): Promise<void> {
    entry.failure = failure;
    entry.settled = true;
    if (!entry.answered) return;
    const { kind, req } = entry.cmd;
    await act.notify([{
      key: `${workflowId}:refused:${req.requestId ?? `${kind}:${req.personId}:${state.events.length}`}`,
      personId: req.personId, kind: 'info', subject: `${actionLabel[kind]} tidak dapat diproses: ${refusalReason[failure.type ?? ''] ?? failure.message}`, ref,
    }]);
  }

  /** The first queued click that applies to the step now waiting; those that do not are refused on the way. */
  async function firstValid(): Promise<Action | undefined> {
    while (pending.length > 0) {
      const head = pending[0]!;
      try {
        return validate(head.cmd);
      } catch (error) {
        if (!(error instanceof ApplicationFailure)) throw error;
        pending.shift();
        await refuse(head, error);
      }
    }
    return undefined;
  }

  /** Once the document is closed, the clicks still queued are refused: nothing waits for them any more. */
  async function refuseRest(): Promise<void> {
    while (pending.length > 0) {
      const entry = pending.shift()!;
      await refuse(entry, refusal(rejection.documentClosed, `document is ${state.status}`, state));
    }
  }

  /** The workflow ends once every click that came in has its answer (a signal may arrive while the last ones are refused). */
  async function settleAndFinish(): Promise<void> {
    do {
      await refuseRest();
      await condition(allHandlersFinished);
    } while (pending.length > 0);
  }

  /** The next action, sending reminders and escalations while nobody acts and re-resolving actors when a delegation ends. */
  async function nextAction(schedule: ReminderSchedule, subject: string): Promise<Action> {
    for (;;) {
      const queued = await firstValid();
      if (queued) {
        // A click that came as an Update only is in the history once this workflow task completes, and the
        // local activities that apply it run inside the task: a worker killed meanwhile left their rows (a paraf
        // done, the next step pending) while the click itself was gone, so the records ran ahead of the workflow
        // and nobody could act again. A one-millisecond timer completes the task, with the Update's acceptance,
        // before any of its effects. Patched: a history recorded before this step replays without it.
        if (!pending[0]!.answered && patched('click-durable-before-effects')) await sleep(1);
        return queued;
      }
      const delegationEnd = earliestDelegationEnd(state.waiting);
      const wakeAt = Math.min(schedule.nextAt(), delegationEnd ?? Infinity);
      if (await condition(() => pending.length > 0, Math.max(1, wakeAt - Date.now()))) continue;
      if (delegationEnd !== undefined && Date.now() >= delegationEnd) {
        const refreshed = await act.resolveActors({ positionIds: state.waiting.map((w) => w.actors[0]!.positionId), at: now() });
        state.waiting = state.waiting.map((w, i) => ({ ...w, actors: [refreshed[i]!] }));
        publish();
        continue;
      }
      const due = schedule.fire(workflowId, state.waiting, ref, subject);
      if (due.length > 0) await act.notify(due);
    }
  }

  function done(): void {
    const entry = pending.shift()!;
    entry.settled = true;
  }

  async function close(action: Extract<Action, { kind: 'withdraw' | 'cancel' }>): Promise<RoutingState> {
    state.waiting = [];
    if (state.number) {
      await act.cancelNumber({ workflowId, stepKey: 'number:cancel', documentId: input.documentId, reason: action.req.reason ?? action.kind });
    }
    await record(action.kind, { action: action.kind, personId: action.req.personId, note: action.req.reason }, action.kind === 'withdraw' ? 'draft' : 'cancelled');
    publish();
    done();
    await settleAndFinish();
    return state;
  }

  // ─── the process ───────────────────────────────────────────────────────────
  upsertSearchAttributes([
    { key: DocumentId, value: input.documentId },
    { key: AgencyCode, value: input.agencyCode },
  ]);
  // The first activity: the konsep enters review (status, workflow id, submission time) in its transaction.
  await record('submit', { action: 'submit', personId: input.drafterPersonId, version: input.version }, 'in_review');

  review: for (;;) {
    state.status = 'in_review';
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
        } else if (patched('paraf-printed')) {
          // The paraf printed in the reviewer's box as a new version: the signer signs the letter carrying every paraf.
          // Patched: a workflow that was already past a paraf before this step existed replays without it.
          const printed = await act.printParaf({
            workflowId, stepKey, documentId: input.documentId,
            paraf: { index: i, positionId: action.actor.positionId, personId: action.actor.personId, delegation: action.actor.delegation?.kind, at: now() },
          });
          if (printed) {
            state.version = printed.version;
            state.sha256 = printed.sha256;
          }
        }
        await record(stepKey, { action: 'paraf', personId: action.actor.personId, positionId: action.actor.positionId, delegation: action.actor.delegation, note: action.req.note, version: state.version });
        done();
        continue;
      }
      if (action.kind === 'return') {
        state.status = 'returned';
        await record(stepKey, { action: 'return', personId: action.actor.personId, positionId: action.actor.positionId, delegation: action.actor.delegation, note: action.req.note });
        done();
        const revisionKey = `r${state.round}:revision`;
        await waitFor([{ kind: 'revision', stepKey: revisionKey, actors: [drafter], since: now() }], 'Konsep dikembalikan untuk diperbaiki');
        const revision = await nextAction(new ReminderSchedule(Date.now(), deadlineMs), 'perbaikan konsep menunggu');
        state.waiting = [];
        if (revision.kind === 'withdraw' || revision.kind === 'cancel') return close(revision);
        if (revision.kind !== 'revise') throw ApplicationFailure.nonRetryable(`unexpected ${revision.kind} during revision`);
        state.version = revision.req.version;
        state.sha256 = revision.req.sha256 ?? null;
        state.status = 'in_review';
        await record(revisionKey, { action: 'revise', personId: revision.req.personId, version: state.version });
        state.round += 1;
        done();
        continue review;
      }
      throw ApplicationFailure.nonRetryable(`unexpected ${action.kind} during paraf`);
    }
    break;
  }

  // The final number is fixed just before the first signature and stamped into the PDF.
  state.status = 'approved';
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
      done();
    }
  }

  state.status = 'signed';
  publish();
  if (patched('seal-applied')) {
    // The institution's electronic seal on a type the admin marks as sealed: a new version on top of the
    // signatures, or none (not a sealed type, or no provider with a seal: archived unsealed, the audit says why).
    // Patched: a workflow already past its signatures before this step existed replays without it.
    const sealed = await act.applySeal({ workflowId, stepKey: 'seal', documentId: input.documentId });
    if (sealed) {
      state.version = sealed.version;
      state.sha256 = sealed.sha256;
    }
  }
  const distributed = await act.distribute({ workflowId, stepKey: 'distribute', documentId: input.documentId });
  await record('distribute', { action: 'distribute', note: `${distributed.recipients} recipients` }, 'distributed');
  publish();
  const archived = await act.archiveDocument({ workflowId, stepKey: 'archive', documentId: input.documentId });
  await record('archive', { action: 'archive', note: archived.archiveId, version: state.version }, 'archived');
  publish();
  await settleAndFinish();
  return state;
}
