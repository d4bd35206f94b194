import { documentVisibility, documentVisibilityBranches } from '../access/document-visibility.js';
import type { Viewer } from '../access/viewer.js';
import type { ListSpec } from './list-spec.js';

/** How documents are listed and read: the columns, filters and the viewer's access rule. */
export function documentListSpec(viewer: Viewer): ListSpec {
  return {
    from: 'document d join person dp on dp.id = d.drafter_id',
    columns: {
      id: 'd.id', agencyId: 'd.agency_id', type: 'd.type', hal: 'd.hal', sifat: 'd.sifat', classification: 'd.classification',
      archiveCode: 'd.archive_code', lampiran: 'd.lampiran', kepada: 'd.kepada', tembusan: 'd.tembusan',
      drafterId: 'd.drafter_id', drafterName: 'dp.name', signerPositionId: 'd.signer_position_id', status: 'd.status',
      number: 'd.number', createdAt: 'd.created_at', updatedAt: 'd.updated_at',
    },
    filters: {
      q: { search: ['d.hal', 'd.number'], kind: 'search' },
      id: { sql: 'd.id', kind: 'int' },
      status: { sql: 'd.status', kind: 'eq' },
      type: { sql: 'd.type', kind: 'eq' },
      sifat: { sql: 'd.sifat', kind: 'eq' },
      classification: { sql: 'd.classification', kind: 'eq' },
      agencyId: { sql: 'd.agency_id', kind: 'int' },
      drafterId: { sql: 'd.drafter_id', kind: 'int' },
      archiveCode: { sql: 'd.archive_code', kind: 'eq' },
      number: { sql: 'd.number', kind: 'eq' },
      createdFrom: { sql: 'd.created_at', kind: 'dateFrom' },
      createdTo: { sql: 'd.created_at', kind: 'dateTo' },
    },
    sortable: ['id', 'hal', 'status', 'type', 'createdAt', 'updatedAt', 'number', 'sifat'],
    defaultSort: { field: 'createdAt', order: 'DESC' },
    where: documentVisibility(viewer),
    visibleUnion: { table: 'document', alias: 'd', branches: documentVisibilityBranches(viewer) },
    // A head of agency sees tens of thousands of documents: counting them on every page costs more than the page.
    partialPagination: true,
  };
}
