// Determinism guard: every committed history (histories/*.json, recorded
// from the workflows by `npm run record:histories -w workflows`) must replay on
// the current workflow code. A change that would break a running workflow
// (another command order, a removed timer, an activity added mid-history)
// fails here with a DeterminismViolationError; see the README for what to do.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJson, readableHistory, secretPattern } from './history-json.js';

const workflowsPath = fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url));
const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const fixtures = files.map((file) => {
  const text = fs.readFileSync(`${dir}${file}`, 'utf8');
  const { workflowId, history } = JSON.parse(text) as { workflowId: string; history: unknown };
  return { file, text: readableHistory(history), workflowId, history: historyFromJson(history) };
});

const workflowType = (f: (typeof fixtures)[number]) => f.history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

describe('committed workflow histories', () => {
  test('cover routing (return and revision), disposition (forward and escalation), agreement (a late quarter) and durable clicks (signal and Update of one click)', () => {
    const events = (name: string) => fixtures.find((f) => f.file === name)!.history.events ?? [];
    expect(files).toEqual(expect.arrayContaining(['routing-return-revision.json', 'disposition-forward-escalation.json', 'agreement-late-quarter.json', 'routing-durable-clicks.json', 'disposition-durable-clicks.json']));
    // Recorded before the paraf was printed as a version (patched 'paraf-printed'): routings already past a paraf then still replay.
    expect(files).toEqual(expect.arrayContaining(['routing-return-revision.before-paraf-printed.json', 'routing-durable-clicks.before-paraf-printed.json', 'agreement-document-routing.before-paraf-printed.json']));
    // Recorded before a sealed type got the institution's seal (patched 'seal-applied'): routings already past their signatures still replay.
    expect(files).toEqual(expect.arrayContaining(['routing-return-revision.before-seal-applied.json', 'routing-durable-clicks.before-seal-applied.json', 'agreement-document-routing.before-seal-applied.json']));
    // The current routings ask for the seal after the signatures, before distribution.
    const routingActivities = events('routing-return-revision.json').map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(routingActivities.indexOf('applySeal')).toBeGreaterThan(-1);
    expect(routingActivities.indexOf('applySeal')).toBeLessThan(routingActivities.indexOf('archiveDocument'));
    expect(new Set(fixtures.map(workflowType))).toEqual(new Set(['RoutingWorkflow', 'DispositionWorkflow', 'AgreementWorkflow']));
    const updates = (name: string) => events(name).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.input?.name);
    expect(updates('routing-return-revision.json')).toEqual(expect.arrayContaining(['return', 'revise', 'signed']));
    expect(updates('disposition-forward-escalation.json').filter((u) => u === 'dispose')).toHaveLength(2);
    expect(updates('agreement-late-quarter.json')).toEqual(['reportRealisation']);
    expect(events('agreement-late-quarter.json').some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
    // The late quarter: its reminder timer and its escalation ran before the report.
    const activities = events('agreement-late-quarter.json').map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(activities).toEqual(expect.arrayContaining(['recordQuarterLate', 'recordQuarterReport']));
    expect(activities.indexOf('recordQuarterLate')).toBeLessThan(activities.indexOf('recordQuarterReport'));
    // Durable clicks: actions that came in as the command signal (a worker restarting), one also as its Update.
    const signals = (name: string) => events(name).filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => e.workflowExecutionSignaledEventAttributes!.signalName);
    expect(signals('routing-durable-clicks.json')).toEqual(['routingCommand', 'routingCommand', 'routingCommand']);
    expect(updates('routing-durable-clicks.json')).toEqual(['paraf']);
    expect(signals('disposition-durable-clicks.json')).toEqual(['dispositionCommand', 'dispositionCommand']);
  });

  test('hold no secret (no passphrase, no private key), payloads decoded', () => {
    for (const f of fixtures) expect({ file: f.file, secret: secretPattern.test(f.text) }).toEqual({ file: f.file, secret: false });
  });

  test('replay on the current workflow code without a determinism violation', async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Another test in this process installed it.
    }
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'naskah-replay' }, fixtures.map(({ workflowId, history }) => ({ workflowId, history })))) {
      results.push({ workflowId: result.workflowId, error: result.error ? `${result.error.name}: ${result.error.message}` : null });
    }
    expect(results).toEqual(fixtures.map((f) => ({ workflowId: f.workflowId, error: null })));
  });
});
