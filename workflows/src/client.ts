// What the API uses to start the workflows and talk to them. Rejections by an
// Update validator come back as a WorkflowRejection with the validator's code
// (ACTION_OUT_OF_TURN, SIGNER_OUT_OF_TURN, STALE_VERSION, ...) and the steps
// that are waiting, so the API can answer 409 naming them.
import { randomUUID } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import {
  agreementCommandSignal,
  agreementStateQuery,
  cancelUpdate,
  closeBranchUpdate,
  disposeUpdate,
  dispositionCommandSignal,
  dispositionStateQuery,
  finishLetterUpdate,
  parafUpdate,
  readBranchUpdate,
  reportRealisationUpdate,
  returnUpdate,
  reviseAgreementUpdate,
  reviseUpdate,
  routingCommandSignal,
  routingStateQuery,
  signedUpdate,
  withdrawBranchUpdate,
  withdrawUpdate,
  workflowIds,
  type AgreementCommand,
  type AgreementInput,
  type BranchRequest,
  type CloseBranchRequest,
  type DisposeRequest,
  type DispositionActor,
  type DispositionCommand,
  type DispositionInput,
  type RejectionCode,
  type RoutingCommand,
  type RoutingInput,
  type RoutingState,
} from './messages.js';
import type { AgreementWorkflow, DispositionWorkflow, RoutingWorkflow } from './workflows/index.js';
import { AgencyCode, DocumentId } from './workflows/search-attributes.js';

export * from './messages.js';

export interface WaitingSummary {
  kind: string;
  stepKey: string;
  personIds: string[];
}

export class WorkflowRejection extends Error {
  constructor(
    readonly code: RejectionCode | string,
    message: string,
    readonly waiting: WaitingSummary[] = [],
    readonly status?: string,
  ) {
    super(message);
    this.name = 'WorkflowRejection';
  }
}

async function mapRejection<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const details = (error.cause.details?.[0] ?? {}) as { waiting?: WaitingSummary[]; status?: string };
      throw new WorkflowRejection(error.cause.type ?? 'ACTION_NOT_ALLOWED', error.cause.message, details.waiting ?? [], details.status);
    }
    throw error;
  }
}

/** The click is recorded in the workflow's history and will be applied in order; the worker has not answered yet. */
export interface Diproses {
  state: 'diproses';
  requestId: string;
}

const dispositionUpdates = {
  dispose: disposeUpdate, read: readBranchUpdate, withdraw: withdrawBranchUpdate, close: closeBranchUpdate, finish: finishLetterUpdate,
} as const;

const agreementUpdates = { report: reportRealisationUpdate, revise: reviseAgreementUpdate } as const;

const routingUpdates = {
  paraf: parafUpdate, return: returnUpdate, revise: reviseUpdate, signed: signedUpdate, withdraw: withdrawUpdate, cancel: cancelUpdate,
} as const;

export class NaskahWorkflows {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  startRouting(input: RoutingInput): Promise<WorkflowHandle<typeof RoutingWorkflow>> {
    return this.client.workflow.start<typeof RoutingWorkflow>('RoutingWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: workflowIds.routing(input.documentId),
      args: [input],
      typedSearchAttributes: [
        { key: DocumentId, value: input.documentId },
        { key: AgencyCode, value: input.agencyCode },
      ],
    });
  }

  routing(documentId: string) {
    const handle = this.client.workflow.getHandle<typeof RoutingWorkflow>(workflowIds.routing(documentId));
    return {
      handle,
      state: () => handle.query(routingStateQuery),
      /** The state when a worker answers within `ms` (a query needs one); a DEADLINE error otherwise. */
      stateWithin: (ms: number) => this.client.withDeadline(Date.now() + ms, () => handle.query(routingStateQuery)),
      /** Whether the routing runs now: from the submit on, before its first activity too. Asks the server; no worker needed. */
      running: async (): Promise<boolean> => {
        try {
          return (await handle.describe()).status.name === 'RUNNING';
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        }
      },
      paraf: (personId: string, note?: string) => mapRejection(handle.executeUpdate(parafUpdate, { args: [{ personId, note }] })),
      returnToDrafter: (personId: string, note: string) => mapRejection(handle.executeUpdate(returnUpdate, { args: [{ personId, note }] })),
      revise: (personId: string, version: number, sha256?: string) => mapRejection(handle.executeUpdate(reviseUpdate, { args: [{ personId, version, sha256 }] })),
      signed: (personId: string, baseVersion: number, version: number, sha256: string) =>
        mapRejection(handle.executeUpdate(signedUpdate, { args: [{ personId, baseVersion, version, sha256 }] })),
      withdraw: (personId: string, reason?: string) => mapRejection(handle.executeUpdate(withdrawUpdate, { args: [{ personId, reason }] })),
      cancel: (personId: string, reason: string) => mapRejection(handle.executeUpdate(cancelUpdate, { args: [{ personId, reason }] })),
      /**
       * A user's click, never lost to a worker restart: sent as an Update (id = the click's requestId)
       * and awaited for at most `waitMs`; a validator's refusal comes back as a WorkflowRejection, a
       * finished workflow as WorkflowNotFoundError. When no worker took it in time, the same click goes
       * as the routingCommand signal, which is in the workflow's history once the call returns (no worker
       * needed), and the answer is "diproses". Should the server still deliver the Update later, the
       * workflow knows the requestId and applies the click once.
       */
      act: (command: RoutingCommand, waitMs: number): Promise<RoutingState | Diproses> =>
        this.durably(handle, routingUpdates[command.kind] as UpdateDefinition<RoutingState, [RoutingCommand['req']]>, routingCommandSignal, command, waitMs),
    };
  }

  /**
   * The letter's DispositionWorkflow, started by its first disposition. A letter whose workflow has
   * finished is not started again (REJECT_DUPLICATE): its actions then answer "the letter is done".
   */
  async ensureDisposition(input: DispositionInput): Promise<void> {
    try {
      await this.client.workflow.start<typeof DispositionWorkflow>('DispositionWorkflow', {
        taskQueue: this.taskQueue,
        workflowId: workflowIds.disposition(input.incomingLetterId),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
        typedSearchAttributes: [
          { key: DocumentId, value: input.incomingLetterId },
          { key: AgencyCode, value: input.agencyCode },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  disposition(incomingLetterId: string) {
    const handle = this.client.workflow.getHandle<typeof DispositionWorkflow>(workflowIds.disposition(incomingLetterId));
    return {
      handle,
      state: () => handle.query(dispositionStateQuery),
      dispose: (req: DisposeRequest) => mapRejection(handle.executeUpdate(disposeUpdate, { args: [req] })),
      read: (req: BranchRequest) => mapRejection(handle.executeUpdate(readBranchUpdate, { args: [req] })),
      withdraw: (req: BranchRequest) => mapRejection(handle.executeUpdate(withdrawBranchUpdate, { args: [req] })),
      close: (req: CloseBranchRequest) => mapRejection(handle.executeUpdate(closeBranchUpdate, { args: [req] })),
      finish: (req: DispositionActor) => mapRejection(handle.executeUpdate(finishLetterUpdate, { args: [req] })),
      /** A user's click on the letter, never lost to a worker restart (see routing().act). */
      act: <T>(command: DispositionCommand, waitMs: number): Promise<T | Diproses> =>
        this.durably(handle, dispositionUpdates[command.kind] as UpdateDefinition<T, [DispositionCommand['req']]>, dispositionCommandSignal, command, waitMs),
    };
  }

  /**
   * A user's click, never lost to a worker restart: sent as an Update (id = the click's requestId)
   * and awaited for at most `waitMs`; a validator's refusal comes back as a WorkflowRejection, a
   * finished workflow as WorkflowNotFoundError. When no worker took it in time, the same click goes
   * as the workflow's command signal, which is in its history once the call returns (no worker
   * needed), and the answer is "diproses". Should the server still deliver the Update later, the
   * workflow knows the requestId and applies the click once.
   */
  private async durably<T, C extends { req: { requestId?: string } }>(
    handle: WorkflowHandle, update: UpdateDefinition<T, [C['req']]>, signal: SignalDefinition<[C]>, command: C, waitMs: number,
  ): Promise<T | Diproses> {
    const requestId = command.req.requestId ?? randomUUID();
    const cmd = { ...command, req: { ...command.req, requestId } };
    try {
      return await this.client.withDeadline(Date.now() + waitMs, () => mapRejection(handle.executeUpdate(update, { args: [cmd.req], updateId: requestId })));
    } catch (error) {
      if (error instanceof WorkflowRejection || error instanceof WorkflowNotFoundError) throw error;
      try {
        await handle.signal(signal, cmd);
      } catch (signalError) {
        if (signalError instanceof WorkflowNotFoundError) throw signalError;
        // Temporal itself does not answer: the click is not recorded; say so with the first cause.
        throw error;
      }
      return { state: 'diproses', requestId };
    }
  }

  startAgreement(input: AgreementInput): Promise<WorkflowHandle<typeof AgreementWorkflow>> {
    return this.client.workflow.start<typeof AgreementWorkflow>('AgreementWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: workflowIds.agreement(input.agreementId),
      args: [input],
    });
  }

  agreement(agreementId: string) {
    const handle = this.client.workflow.getHandle<typeof AgreementWorkflow>(workflowIds.agreement(agreementId));
    return {
      handle,
      state: () => handle.query(agreementStateQuery),
      /** A quarter's realisation or a revision, never lost to a worker restart (see routing().act). */
      act: <T>(command: AgreementCommand, waitMs: number): Promise<T | Diproses> =>
        this.durably(handle, agreementUpdates[command.kind] as UpdateDefinition<T, [AgreementCommand['req']]>, agreementCommandSignal, command, waitMs),
    };
  }
}
