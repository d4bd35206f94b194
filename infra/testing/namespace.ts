// A Temporal namespace of its own for a test or benchmark run on the shared
// test server: each run's fresh database numbers documents from the start, so
// `doc-<id>` workflow ids of other runs must not be reachable from it.
import { Connection } from '@temporalio/client';

export async function createRunNamespace(address: string, prefix = 'run'): Promise<string> {
  const namespace = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const connection = await Connection.connect({ address });
  try {
    // protobufjs takes a plain number for the int64 `seconds`; the generated type only names Long.
    const request = { namespace, workflowExecutionRetentionPeriod: { seconds: 86_400 } };
    await connection.workflowService.registerNamespace(request as unknown as Parameters<typeof connection.workflowService.registerNamespace>[0]);
    // Registration propagates asynchronously; search attributes go in once the namespace is visible.
    for (let i = 0; ; i++) {
      try {
        await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { DocumentId: 2, AgencyCode: 2, Status: 2, WaitingFor: 2 } });
        return namespace;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await connection.close();
  }
}
