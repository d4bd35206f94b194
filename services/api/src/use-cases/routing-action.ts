// Sending a routing action to the document's workflow and turning a validator's
// rejection into one problem+json status: out of turn / stale / closed → 409
// naming the waiting step, not allowed → 403, bad input → 422.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { NaskahWorkflows, WorkflowRejection } from '@naskah/workflows/client';
import { AppError } from '../errors/problem.js';

const statusOf: Record<string, number> = {
  ACTION_OUT_OF_TURN: 409,
  SIGNER_OUT_OF_TURN: 409,
  STALE_VERSION: 409,
  DOCUMENT_CLOSED: 409,
  DELEGATION_EXPIRED: 409,
  ACTION_NOT_ALLOWED: 403,
  INVALID_REQUEST: 422,
};

export function workflowsFor(temporal: Client, taskQueue: string): NaskahWorkflows {
  return new NaskahWorkflows(temporal, taskQueue);
}

export async function routingAction<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowRejection) {
      const field = error.code === 'INVALID_REQUEST' ? error.message.split(':')[0] : undefined;
      throw new AppError(error.code, statusOf[error.code] ?? 409, error.message, { field });
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new AppError('DOCUMENT_CLOSED', 409, 'the document is not being routed (never submitted, or its routing has finished)');
    }
    // No worker answered in time (restarting, overloaded): nothing changed, the client may retry.
    if (error instanceof Error && /query|deadline|timeout|unavailable/i.test(`${error.name} ${error.message}`)) {
      throw new AppError('WORKFLOW_UNAVAILABLE', 503, 'the workflow engine did not answer in time; nothing changed, retry', { cause: error });
    }
    throw error;
  }
}
