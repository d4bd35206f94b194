// Registered on every Temporal server Naskah runs against (infra/stack/profile.ts),
// so the Temporal UI finds a document by its id, agency, status or waiting person.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DocumentId = defineSearchAttributeKey('DocumentId', SearchAttributeType.KEYWORD);
export const AgencyCode = defineSearchAttributeKey('AgencyCode', SearchAttributeType.KEYWORD);
export const Status = defineSearchAttributeKey('Status', SearchAttributeType.KEYWORD);
/** Person ids joined by a space: the attribute is registered as one Keyword. */
export const WaitingFor = defineSearchAttributeKey('WaitingFor', SearchAttributeType.KEYWORD);
