// The scan (pindaian) of a surat masuk: the paper letter as TU scanned it, or,
// for a letter distribution registered from another agency, that agency's
// signed PDF. Both live in the versions bucket; the letter row points at one.
import type { Readable } from 'node:stream';
import { incomingLetterScan, recordAudit, setIncomingLetterScan, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { storeCheckedVersion } from './upload-document-version.js';

/**
 * TU of the letter's agency attaches its scan. A new scan replaces the one the
 * letter shows, but the earlier object is never removed (a stored PDF is never
 * modified or deleted) and the audit event names what it replaced.
 */
export async function attachIncomingScan(
  em: EntityManager, store: ObjectStore, viewer: Viewer, letterId: number, body: Readable, limitBytes: number,
): Promise<{ sha256: string; size: number; replaced: boolean }> {
  const letter = await incomingLetterScan(em, letterId);
  if (!letter || letter.agency_id !== viewer.agencyId) {
    body.resume();
    throw letter ? new AppError('FORBIDDEN', 403, 'Hanya Tata Usaha instansi penerima yang melampirkan pindaian surat masuk ini.') : notFound();
  }
  // Content-addressed beside the document versions: the same scan twice is one object.
  const stored = await storeCheckedVersion(store, body, limitBytes);
  const key = stored.key;
  return em.transactional(async (tx) => {
    const current = await incomingLetterScan(tx, letterId, true);
    await setIncomingLetterScan(tx, letterId, { objectKey: key, sha256: stored.sha256, size: stored.size });
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
  const letter = await incomingLetterScan(em, letterId);
  if (!letter) throw notFound();
  if (!letter.scan_object_key || !letter.scan_sha256) throw new AppError('NOT_FOUND', 404, `Surat masuk ${letterId} has no scan yet.`, { field: 'scan' });
  return { objectKey: letter.scan_object_key, sha256: letter.scan_sha256, size: Number(letter.scan_size), agendaNumber: letter.agenda_number };
}
