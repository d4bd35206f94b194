// What the API uses to start the workflows and talk to them. Rejections by an
// Update validator come back as a WorkflowRejection with the validator's code
// (ACTION_OUT_OF_TURN, SIGNER_OUT_OF_TURN, STALE_VERSION, ...) and the steps
// that are waiting, so the API can answer 409 naming them.
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  agreementStateQuery,
  cancelUpdate,
  closeBranchUpdate,
  disposeUpdate,
  dispositionStateQuery,
  finishLetterUpdate,
  parafUpdate,
  readBranchUpdate,
  reportRealisationUpdate,
  returnUpdate,
  reviseAgreementUpdate,
  reviseUpdate,
  routingStateQuery,
  signedUpdate,
  withdrawBranchUpdate,
  withdrawUpdate,
  workflowIds,
  type AgreementInput,
  type BranchRequest,
  type CloseBranchRequest,
  type DisposeRequest,
  type DispositionActor,
  type DispositionInput,
  type RejectionCode,
  type RoutingInput,
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
      paraf: (personId: string, note?: string) => mapRejection(handle.executeUpdate(parafUpdate, { args: [{ personId, note }] })),
      returnToDrafter: (personId: string, note: string) => mapRejection(handle.executeUpdate(returnUpdate, { args: [{ personId, note }] })),
      revise: (personId: string, version: number, sha256?: string) => mapRejection(handle.executeUpdate(reviseUpdate, { args: [{ personId, version, sha256 }] })),
      signed: (personId: string, baseVersion: number, version: number, sha256: string) =>
        mapRejection(handle.executeUpdate(signedUpdate, { args: [{ personId, baseVersion, version, sha256 }] })),
      withdraw: (personId: string, reason?: string) => mapRejection(handle.executeUpdate(withdrawUpdate, { args: [{ personId, reason }] })),
      cancel: (personId: string, reason: string) => mapRejection(handle.executeUpdate(cancelUpdate, { args: [{ personId, reason }] })),
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
    };
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
      report: (req: import('./messages.js').ReportRealisationRequest) => mapRejection(handle.executeUpdate(reportRealisationUpdate, { args: [req] })),
      revise: (req: import('./messages.js').ReviseAgreementRequest) => mapRejection(handle.executeUpdate(reviseAgreementUpdate, { args: [req] })),
    };
  }
}
