// All I/O of the three workflows. Workflows import only the type of
// `createActivities`; the worker builds the object from real ports.
import type { Actor, AgreementStatus, DispositionBranch, Indicator, QuarterReport, RoutingEvent, RoutingStatus } from '../messages.js';
import type { AgreementYearSummary, NaskahPorts, Notification, ParafMark, StepKey } from './ports.js';

export type * from './ports.js';

export function createActivities(ports: NaskahPorts) {
  return {
    async resolveActors(input: { positionIds: string[]; at: string }): Promise<Actor[]> {
      const at = new Date(input.at);
      return Promise.all(input.positionIds.map((positionId) => ports.routing.resolveActor(positionId, at)));
    },
    async recordStep(input: StepKey & { documentId: string; status: RoutingStatus; event: RoutingEvent }): Promise<void> {
      await ports.routing.recordStep(input, input.documentId, input.status, input.event);
    },
    async printParaf(input: StepKey & { documentId: string; paraf: ParafMark }): Promise<{ version: number; sha256: string } | null> {
      return ports.routing.printParaf(input, input.documentId, input.paraf);
    },
    async allocateNumber(input: StepKey & { documentId: string }): Promise<{ number: string; version: number; sha256: string }> {
      return ports.routing.allocateNumber(input, input.documentId);
    },
    async cancelNumber(input: StepKey & { documentId: string; reason: string }): Promise<void> {
      await ports.routing.cancelNumber(input, input.documentId, input.reason);
    },
    async distribute(input: StepKey & { documentId: string }): Promise<{ recipients: number }> {
      return ports.routing.distribute(input, input.documentId);
    },
    async archiveDocument(input: StepKey & { documentId: string }): Promise<{ archiveId: string }> {
      return ports.archive.archiveDocument(input, input.documentId);
    },
    async applySeal(input: StepKey & { documentId: string }): Promise<{ version: number; sha256: string } | null> {
      return ports.seal ? ports.seal.applySeal(input, input.documentId) : null;
    },
    async notify(notifications: Notification[]): Promise<void> {
      for (const notification of notifications) await ports.notifications.notify(notification);
    },
    async recordBranch(input: StepKey & { incomingLetterId: string; event: string; branch: DispositionBranch }): Promise<{ dispositionId: number }> {
      return ports.disposition.recordBranch(input, input.incomingLetterId, input.event, input.branch);
    },
    async recordLetterDone(input: StepKey & { incomingLetterId: string }): Promise<void> {
      await ports.disposition.recordLetterDone(input, input.incomingLetterId);
    },
    async recordAgreementStatus(input: StepKey & { agreementId: string; status: AgreementStatus; documentId?: string }): Promise<void> {
      await ports.agreement.recordStatus(input, input.agreementId, input.status, input.documentId);
    },
    async recordQuarterReport(input: StepKey & { agreementId: string; report: QuarterReport }): Promise<void> {
      await ports.agreement.recordQuarterReport(input, input.agreementId, input.report);
    },
    async recordQuarterLate(input: StepKey & { agreementId: string; quarter: number; officialPersonId: string; escalatedTo: string[] }): Promise<void> {
      await ports.agreement.recordQuarterLate(input, input.agreementId, input.quarter, input.officialPersonId, input.escalatedTo);
    },
    async recordAgreementRevision(input: StepKey & { agreementId: string; agreementVersion: number; documentId: string; personId: string; indicators: Indicator[] }): Promise<void> {
      await ports.agreement.recordRevision(input, input.agreementId, input);
    },
    async closeAgreementYear(input: StepKey & { agreementId: string; summary: AgreementYearSummary }): Promise<void> {
      await ports.agreement.closeYear(input, input.agreementId, input.summary);
    },
  };
}

export type NaskahActivities = ReturnType<typeof createActivities>;

/** What the worker registers: the workflows' activities, the archive integrity scan's and the dashboard rollup's. */
export type WorkerActivities = NaskahActivities & import('@naskah/archive').IntegrityScanActivities & import('@naskah/archive').ArchiveRenewalActivities
  & import('./dashboard-rollup.js').DashboardRollupActivities;

/** The worker's activities and the connections behind them; `close()` after the worker has stopped. */
export async function buildWorkerActivities(config: import('@naskah/config').Config): Promise<{ activities: WorkerActivities; close(): Promise<void> }> {
  const [{ createOrm }, { Client: MinioClient }, { postgresPorts }, archive, { createDashboardRollupActivities }, { sealPort }] = await Promise.all([
    import('@naskah/domain'),
    import('minio'),
    import('./postgres-ports.js'),
    import('@naskah/archive'),
    import('./dashboard-rollup.js'),
    import('./seal-port.js'),
  ]);
  const orm = createOrm({ databaseUrl: config.database.url, poolMax: 10 });
  const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
  const storage = archive.archiveStorage(config, minio);
  // ARCHIVE_TSA set: signed documents go into the archive as PAdES B-LTA, and the renewal schedule keeps them so.
  const ltv = archive.configuredArchiveLtv(config);
  const ctx = { storage, orm, ...(ltv ? { ltv } : {}) };
  // The archive service owns object-locked storage, retention and the archive record (idempotent per document).
  const archivePort = {
    async archiveDocument(_key: import('./ports.js').StepKey, documentId: string) {
      const archived = await archive.archiveLatestVersion(ctx, Number(documentId));
      return { archiveId: String(archived.archiveId) };
    },
  };
  return {
    activities: {
      ...createActivities({
        ...postgresPorts({ orm, minio, buckets: config.minio.buckets }), archive: archivePort,
        seal: sealPort({ orm, minio, buckets: config.minio.buckets, gatewaysFile: config.signing.gatewaysFile }),
      }),
      ...archive.createIntegrityScanActivities({ storage, orm }),
      ...archive.createArchiveRenewalActivities(ctx),
      ...createDashboardRollupActivities(orm),
    },
    close: () => orm.close(true),
  };
}

/** The worker's activities on the real stack (PostgreSQL, MinIO); `worker.ts` calls it with the loaded config. */
export async function buildActivities(config: import('@naskah/config').Config): Promise<WorkerActivities> {
  return (await buildWorkerActivities(config)).activities;
}
