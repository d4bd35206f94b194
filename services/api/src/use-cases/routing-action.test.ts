// The retry rule on its own: which workflow rejections mean "between two steps, try again in a
// moment" and which are final. The end-to-end path is in routes/document-actions.test.ts.
import { describe, expect, test } from '@jest/globals';
import { WorkflowRejection } from '@naskah/workflows/client';
import { isBetweenSteps, routingAction } from './routing-action.js';

const betweenSteps = () => new WorkflowRejection('ACTION_OUT_OF_TURN', "not 7's turn to paraf; waiting for paraf", [], 'paraf');
const someoneElse = () => new WorkflowRejection('ACTION_OUT_OF_TURN', "not 7's turn to paraf; waiting for paraf by 5", [{ kind: 'paraf', stepKey: 'r1:paraf:1', personIds: ['5'] }], 'paraf');

describe('routingAction', () => {
  test('nobody waiting yet, or another action being recorded: between steps; a named waiting step, a closed document, another code: final', () => {
    expect(isBetweenSteps(betweenSteps())).toBe(true);
    expect(isBetweenSteps(new WorkflowRejection('ACTION_OUT_OF_TURN', 'another action on this document is being recorded; retry', [{ kind: 'paraf', stepKey: 'r1:paraf:1', personIds: ['5'] }], 'paraf'))).toBe(true);
    expect(isBetweenSteps(someoneElse())).toBe(false);
    expect(isBetweenSteps(new WorkflowRejection('ACTION_OUT_OF_TURN', 'document is archived', [], 'archived'))).toBe(false);
    expect(isBetweenSteps(new WorkflowRejection('STALE_VERSION', 'signed on version 1, current is 2', [], 'signing'))).toBe(false);
    expect(isBetweenSteps(new Error('boom'))).toBe(false);
  });

  test('between steps it asks again until the step is there', async () => {
    let calls = 0;
    const result = await routingAction(async () => {
      calls += 1;
      if (calls < 3) throw betweenSteps();
      return 'recorded';
    });
    expect(result).toBe('recorded');
    expect(calls).toBe(3);
  });

  test('a final rejection is a 409 at once, naming the step that waits', async () => {
    let calls = 0;
    await expect(routingAction(async () => { calls += 1; throw someoneElse(); })).rejects.toMatchObject({ status: 409, code: 'ACTION_OUT_OF_TURN' });
    expect(calls).toBe(1);
  });
});
