// Sending a routing action to the document's workflow and turning a validator's
// rejection into one problem+json status: out of turn / stale / closed → 409
// naming the waiting step, not allowed → 403, bad input → 422.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { NaskahWorkflows, WorkflowRejection, type Diproses, type RoutingCommand, type RoutingState } from '@naskah/workflows/client';
import { routingEndStatuses } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

const statusOf: Record<string, number> = {
  ACTION_OUT_OF_TURN: 409,
  SIGNER_OUT_OF_TURN: 409,
  STALE_VERSION: 409,
  DOCUMENT_CLOSED: 409,
  DELEGATION_EXPIRED: 409,
  ACTION_NOT_ALLOWED: 403,
  INVALID_REQUEST: 422,
  DISPOSITION_ALREADY_READ: 409,
  DISPOSITION_CLOSED: 409,
  DISPOSITION_BRANCHES_OPEN: 409,
  DISPOSITION_DUPLICATE: 409,
  LETTER_DONE: 409,
};

export function workflowsFor(temporal: Client, taskQueue: string): NaskahWorkflows {
  return new NaskahWorkflows(temporal, taskQueue);
}

const terminal: readonly string[] = routingEndStatuses;
const settleMs = 3000;

/**
 * True for a rejection that only says "the workflow is between two steps": nobody is waiting yet
 * (the next actor is being resolved), or another action is being recorded. The inbox can show a
 * step a moment before the workflow is ready for it; a user who clicks then should not see 409.
 */
export function isBetweenSteps(error: unknown): boolean {
  return error instanceof WorkflowRejection
    && (error.code === 'ACTION_OUT_OF_TURN' || error.code === 'SIGNER_OUT_OF_TURN')
    && !terminal.includes(error.status ?? '')
    && (error.waiting.length === 0 || /; retry$/.test(error.message));
}

export async function routingAction<T>(call: () => Promise<T>): Promise<T> {
  const until = Date.now() + settleMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (isBetweenSteps(error) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      return problemFor(error);
    }
  }
}

/** A workflow call's failure as one problem+json: the validator's code and status, a finished workflow, Temporal unreachable. */
export function problemFor(error: unknown): never {
  if (error instanceof WorkflowRejection) {
    const field = error.code === 'INVALID_REQUEST' ? error.message.split(':')[0] : undefined;
    throw new AppError(error.code, statusOf[error.code] ?? 409, error.message, { field });
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new AppError('DOCUMENT_CLOSED', 409, 'the document is not being routed (never submitted, or its routing has finished)');
  }
  // Temporal itself did not answer (a query needs a worker; an action that could not even be signalled
  // needs the server): nothing was recorded. A worker restart alone never lands here for an action.
  if (error instanceof Error && /query|deadline|timeout|unavailable/i.test(`${error.name} ${error.message}`)) {
    throw new AppError('WORKFLOW_UNAVAILABLE', 503, 'the workflow engine did not answer in time; nothing was recorded', { cause: error });
  }
  throw error;
}

/**
 * A user's routing action (paraf, return, revise, signed, withdraw, cancel): the workflow's answer when
 * it takes the click within `waitMs`, else "diproses" (202) once the click is durably recorded in its
 * history. Refusals map as for routingAction; there is no "retry" answer for a worker restart.
 */
export async function durableRoutingAction(workflows: NaskahWorkflows, documentId: number | string, command: RoutingCommand, waitMs: number): Promise<RoutingState | (Diproses & { documentId: string })> {
  try {
    const result = await workflows.routing(String(documentId)).act(command, waitMs);
    return 'events' in result ? result : { ...result, documentId: String(documentId) };
  } catch (error) {
    return problemFor(error);
  }
}
