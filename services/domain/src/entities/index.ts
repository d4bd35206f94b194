// Every relation says updateRule('no action'): MikroORM 6 would otherwise expect `on update cascade`
// on each foreign key, which the committed migrations (ids are never updated) do not have.
import type { EntitySchema } from '@mikro-orm/core';
import { Agency, Certificate, Delegation, OrgUnit, PemdaSetting, Person, Position, Region, User } from './organisation.js';
import { Document, DocumentLampiran, DocumentRecipient, DocumentVersion, NumberAllocation, NumberSequence, RoutingStep } from './document.js';
import { Agreement, Disposition, IncomingLetter, Indicator, ProgressReport } from './correspondence.js';
import { ArchiveRecord, RetentionRule, UsulMusnah } from './archive.js';
import { Notification, Outbox } from './messaging.js';
import { AuditEvent } from './audit.js';
import { LoginThrottle, RefreshToken } from './auth.js';
import { DashboardDay, DashboardRollup } from './dashboard.js';
import { InboxSentSigned } from './inbox.js';

export * from './organisation.js';
export * from './document.js';
export * from './correspondence.js';
export * from './archive.js';
export * from './messaging.js';
export * from './audit.js';
export * from './auth.js';
export * from './dashboard.js';
export * from './inbox.js';

/** Every entity schema, for MikroORM's `entities` option. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of schemas, as MikroORM's own `entities` option types it
export const entities: EntitySchema<any>[] = [
  Region, PemdaSetting, Agency, OrgUnit, Position, Person, User, Delegation, Certificate,
  Document, DocumentRecipient, DocumentVersion, DocumentLampiran, RoutingStep, NumberSequence, NumberAllocation,
  IncomingLetter, Disposition, Agreement, Indicator, ProgressReport,
  ArchiveRecord, RetentionRule, UsulMusnah, Notification, Outbox, AuditEvent, RefreshToken, LoginThrottle,
  DashboardDay, DashboardRollup, InboxSentSigned,
];
