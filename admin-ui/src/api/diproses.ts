// A workflow action the API answered 202 "diproses": recorded durably, applied as soon as a worker
// takes it (one was restarting). Not an error and nothing to click again: the console says so and
// refreshes the page a little later to show it applied.
import type { useNotify } from 'react-admin';

function isDiproses(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { state?: unknown }).state === 'diproses';
}

/** Refreshes now and, when the action is still on its way ("diproses"), again a little later to show it applied. */
export function refreshWhenApplied(answer: unknown, refresh: () => void): void {
  if (isDiproses(answer)) for (const ms of [3000, 10_000]) setTimeout(refresh, ms);
  refresh();
}

/** Tells the user what happened: `doneKey` when the action was applied, "Sedang diproses" when it is on its way. */
export function announceOutcome(answer: unknown, doneKey: string, notify: ReturnType<typeof useNotify>, refresh: () => void): void {
  notify(isDiproses(answer) ? 'naskah.action.diproses' : doneKey, { type: isDiproses(answer) ? 'info' : 'success' });
  refreshWhenApplied(answer, refresh);
}
