// One click, once: the API sends a person's click as an Update (its id = the
// click's requestId) and, when no worker took it in time, the same click again
// as the workflow's command signal. Whichever arrives first is checked and
// applied; the other finds its outcome here and answers with it. A refused
// click that came as a signal was already answered "diproses" to its person,
// so the workflow tells them instead.
import { ApplicationFailure } from '@temporalio/workflow';

type Outcome = { value: unknown } | { failure: ApplicationFailure };
interface Click { requestId?: string }

export function clickLedger() {
  const outcomes = new Map<string, Promise<Outcome>>();
  const seen = (req: Click) => req.requestId !== undefined && outcomes.has(req.requestId);

  function once(req: Click, apply: () => Promise<unknown>): Promise<Outcome> {
    const known = req.requestId === undefined ? undefined : outcomes.get(req.requestId);
    if (known) return known;
    const outcome = apply().then((value): Outcome => ({ value }), (error: unknown): Outcome => {
      if (error instanceof ApplicationFailure) return { failure: error };
      throw error;
    });
    if (req.requestId !== undefined) outcomes.set(req.requestId, outcome);
    return outcome;
  }

  return {
    /** An Update's validator: a click already applied is answered, not checked again against the state it changed. */
    checked: <R extends Click>(check: (req: R) => void) => (req: R) => {
      if (!seen(req)) check(req);
    },
    /** An Update's handler. */
    async answer<T>(req: Click, apply: () => Promise<T>): Promise<T> {
      const outcome = await once(req, apply);
      if ('failure' in outcome) throw outcome.failure;
      return outcome.value as T;
    },
    /** The command signal's handler: `apply` checks and applies; `refused` tells the person why not. */
    async command(req: Click, apply: () => Promise<unknown>, refused: (failure: ApplicationFailure) => Promise<void>): Promise<void> {
      if (seen(req)) return;
      const outcome = await once(req, apply);
      if ('failure' in outcome) await refused(outcome.failure);
    },
  };
}
