// The scan (pindaian) of a surat masuk: the paper letter as TU scanned it, or,
// for a letter distribution registered from another agency, that agency's
// signed PDF. Both live in the versions bucket; the letter row points at one.
import type { Readable } from 'node:stream';
import { recordAudit, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { storeCheckedVersion } from './upload-document-version.js';

interface ScanRow { agency_id: number; scan_object_key: string | null; scan_sha256: string | null; scan_size: string | null }

/**
 * TU of the letter's agency attaches its scan. A new scan replaces the one the
 * letter shows, but the earlier object is never removed (a stored PDF is never
 * modified or deleted) and the audit event names what it replaced.
 */
export async function attachIncomingScan(
  em: EntityManager, store: ObjectStore, viewer: Viewer, letterId: number, body: Readable, limitBytes: number,
): Promise<{ sha256: string; size: number; replaced: boolean }> {
  const [letter] = await em.execute<ScanRow[]>('select agency_id from incoming_letter where id = ?', [letterId]);
  if (!letter || letter.agency_id !== viewer.agencyId) {
    body.resume();
    throw letter ? new AppError('FORBIDDEN', 403, 'Hanya Tata Usaha instansi penerima yang melampirkan pindaian surat masuk ini.') : notFound();
  }
  // Content-addressed beside the document versions: the same scan twice is one object.
  const stored = await storeCheckedVersion(store, body, limitBytes);
  const key = stored.key;
  return em.transactional(async (tx) => {
    const [current] = await tx.execute<ScanRow[]>(
      'select agency_id, scan_object_key, scan_sha256, scan_size from incoming_letter where id = ? for update', [letterId]);
    await tx.execute('update incoming_letter set scan_object_key = ?, scan_sha256 = ?, scan_size = ? where id = ?', [key, stored.sha256, stored.size, letterId]);
    const replaced = Boolean(current?.scan_object_key);
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: replaced ? 'incoming_letter.scan_replaced' : 'incoming_letter.scan_attached',
      subjectType: 'incoming_letter', subjectId: letterId, agencyId: viewer.agencyId,
      data: {
        objectKey: key, sha256: stored.sha256, size: stored.size,
        ...(replaced ? { previous: { objectKey: current!.scan_object_key, sha256: current!.scan_sha256, size: Number(current!.scan_size) } } : {}),
      },
    });
    return { sha256: stored.sha256, size: stored.size, replaced };
  });
}

/**
 * Where the scan of a letter is stored; the route has asked the access policy
 * whether the viewer may see the letter (the scan follows the letter).
 */
export async function incomingScanFor(em: EntityManager, letterId: number): Promise<{ objectKey: string; sha256: string; size: number; agendaNumber: string }> {
  const [letter] = await em.execute<(ScanRow & { agenda_number: string })[]>(
    `select l.agency_id, l.agenda_number, l.scan_object_key, l.scan_sha256, l.scan_size from incoming_letter l where l.id = ?`, [letterId]);
  if (!letter) throw notFound();
  if (!letter.scan_object_key || !letter.scan_sha256) throw new AppError('NOT_FOUND', 404, `Surat masuk ${letterId} has no scan yet.`, { field: 'scan' });
  return { objectKey: letter.scan_object_key, sha256: letter.scan_sha256, size: Number(letter.scan_size), agendaNumber: letter.agenda_number };
}
