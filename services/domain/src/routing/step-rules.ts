import type { EntityManager } from '@mikro-orm/postgresql';
import type { StepKind, StepState } from '../entities/document.js';
import { DomainError } from '../errors.js';
import { mayActFor, type ResolvedActor } from '../access/resolve-actor.js';

export interface StepView {
  id: number;
  kind: StepKind;
  order: number;
  parallelGroup: number | null;
  positionId: number;
  state: StepState;
}

/**
 * The steps that may be acted on now: the lowest `order` that still has open
 * steps (all its parallel members together); null when every step is done.
 * Paraf runs in hierarchy order before any signature.
 */
export function actionableSteps(steps: readonly StepView[]): StepView[] {
  const open = steps.filter((s) => s.state === 'waiting' || s.state === 'pending');
  if (open.length === 0) return [];
  const first = Math.min(...open.map((s) => s.order));
  return open.filter((s) => s.order === first);
}

/** Every paraf and signature given, none returned. */
export function routingComplete(steps: readonly StepView[]): boolean {
  return steps.length > 0 && steps.every((s) => s.state === 'done' || s.state === 'skipped');
}

/** After a step closes: mark the next actionable steps pending. Returns the steps whose state changed. */
export function advanceSteps(steps: readonly StepView[]): StepView[] {
  return actionableSteps(steps).filter((s) => s.state === 'waiting').map((s) => ({ ...s, state: 'pending' as const }));
}

export interface StepCheck { step: StepView; actor: ResolvedActor }

/**
 * Whether `personId` may act on routing step `stepId` of `documentId` now, and
 * as whom (holder or delegate). Throws STEP_NOT_PENDING or SIGNER_OUT_OF_TURN.
 * The workflows' Update validators call this before accepting paraf/sign.
 */
export async function checkStepActor(
  em: EntityManager, documentId: number, stepId: number, personId: number, kind: StepKind, at: Date = new Date(),
): Promise<StepCheck> {
  const rows = await em.execute<{ id: number; kind: StepKind; step_order: number; parallel_group: number | null; position_id: number; state: StepState }[]>(
    'select id, kind, step_order, parallel_group, position_id, state from routing_step where document_id = ? order by step_order, id',
    [documentId]);
  const steps: StepView[] = rows.map((r) => ({
    id: r.id, kind: r.kind, order: r.step_order, parallelGroup: r.parallel_group, positionId: r.position_id, state: r.state,
  }));
  const step = steps.find((s) => s.id === stepId);
  if (!step) throw new DomainError('NOT_FOUND', `routing step ${stepId} is not part of document ${documentId}`, 'stepId');
  if (step.kind !== kind) throw new DomainError('INVALID_STATE', `step ${stepId} is a ${step.kind} step, not ${kind}`, 'stepId');
  if (!actionableSteps(steps).some((s) => s.id === stepId)) {
    throw new DomainError('STEP_NOT_PENDING', `step ${stepId} is ${step.state} and not the current step`, 'stepId');
  }
  const actor = await mayActFor(em, personId, step.positionId, at);
  if (!actor) throw new DomainError('SIGNER_OUT_OF_TURN', `person ${personId} does not hold or act for position ${step.positionId}`, 'stepId');
  return { step, actor };
}
