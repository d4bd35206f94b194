import type { DomainEntityManager as EntityManager, Sifat, Viewer } from '@naskah/domain';
import { agencyLetterhead, defaultPemdaTimeZone, pemdaSettings, personNip, positionById, resolveActor } from '@naskah/domain';
import { dinasDate } from '@naskah/domain/rulebook';
import type { DocumentContentInput, Signer } from '@naskah/templates';
import type { z } from 'zod';
import type { createDraftBody } from '../schemas/document.js';
import { AppError } from '../errors/problem.js';

export type DraftInput = z.infer<typeof createDraftBody>;

/**
 * Keys of `content` the drafter may fill for the template. Anything naming a
 * server file (lampiranPdf paths, lambangPng) is left out on purpose: a
 * request must not make the renderer read the API host's disk.
 */
const contentKeys = ['body', 'tentang', 'kepadaDi', 'indicators', 'disposisi', 'parties'] as const;

const sifatLabel: Record<Sifat, string> = { biasa: 'Biasa', segera: 'Segera', sangat_segera: 'Sangat Segera' };

/**
 * The renderable content of a draft as the viewer's agency would print it:
 * kop surat from the agency and its region, signer and paraf from whoever
 * holds (or acts for, Plh/Plt) the chosen positions today, tanggal today in
 * the Pemda's zone; the kop's PEMERINTAH line and lambang from the Pemda's
 * settings. The draft payload is the same one POST /documents accepts.
 */
export async function buildDocumentContent(em: EntityManager, viewer: Viewer, draft: DraftInput, at: Date = new Date()): Promise<DocumentContentInput> {
  const agency = await agencyLetterhead(em, viewer.agencyId);
  if (!agency) throw new AppError('NOT_FOUND', 404, 'Your agency no longer exists.');
  const tempat = agency.city || agency.capital;
  const pemda = await pemdaSettings(em);
  const tanggal = tanggalWita(at, pemda?.timeZone);

  // Every signer of every group gets a signature block, in route order.
  const signerFields = draft.signerGroups
    ? draft.signerGroups.flatMap((group, g) => group.map((positionId, i) => ({ positionId, field: `signerGroups.${g}.${i}` })))
    : draft.signerPositionId ? [{ positionId: draft.signerPositionId, field: 'signerPositionId' }] : [];
  const signers: Signer[] = [];
  for (const { positionId, field } of signerFields) signers.push(await signerOf(em, positionId, field, at));
  const paraf = [];
  for (const [i, positionId] of draft.reviewerPositionIds.entries()) {
    const actor = await actorOf(em, positionId, `reviewerPositionIds.${i}`, at);
    paraf.push({ jabatan: actor.jabatan, ...(actor.nama ? { nama: actor.nama } : {}) });
  }

  const extra = Object.fromEntries(contentKeys.filter((k) => draft.content[k] !== undefined).map((k) => [k, draft.content[k]]));
  return {
    type: draft.type,
    agency: {
      pemerintah: pemda?.name ?? (/^pemerintah\b/i.test(agency.region_name) ? agency.region_name : `Pemerintah ${agency.region_name}`),
      nama: agency.name,
      singkatan: agency.code,
      alamat: agency.address || tempat,
      ...optional({ telepon: agency.phone, email: agency.email, laman: agency.website, kota: tempat, kodePos: agency.postal_code }),
      // The lambang the admin uploaded (a PNG data: URL); without one the template draws its placeholder.
      ...(pemda?.logo?.startsWith('data:image/png;base64,') ? { lambangPng: pemda.logo } : {}),
    },
    // A recognisable number shape (kode klasifikasi/urut/OPD/tahun) without an urut: none is allocated until signing.
    nomorSementara: `${draft.archiveCode}/..../${agency.code}/${tanggal.slice(0, 4)}`,
    tanggal,
    tempat,
    sifat: sifatLabel[draft.sifat],
    ...(draft.lampiran > 0 ? { lampiran: `${draft.lampiran} (${terbilang(draft.lampiran)}) berkas` } : { lampiran: '-' }),
    hal: draft.hal,
    kepada: draft.kepada.map((a) => a.name),
    tembusan: draft.tembusan.map((a) => a.name),
    ...(signers[0] ? { dari: signers[0].jabatan, signers } : {}),
    paraf,
    ...extra,
  };
}

interface Actor { jabatan: string; nama?: string; nip?: string; prefix: string }

async function actorOf(em: EntityManager, positionId: number, field: string, at: Date): Promise<Actor> {
  const actor = await resolveActor(em, positionId, at);
  if (actor) {
    const nip = await personNip(em, actor.personId);
    return { jabatan: actor.positionTitle, nama: actor.personName, ...(nip ? { nip } : {}), prefix: actor.prefix };
  }
  // A vacant post with no Plt still previews: its title without a name.
  const position = await positionById(em, positionId);
  if (!position) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${positionId} does not exist`, { field });
  return { jabatan: position.title, prefix: '' };
}

async function signerOf(em: EntityManager, positionId: number, field: string, at: Date): Promise<Signer> {
  const actor = await actorOf(em, positionId, field, at);
  return {
    jabatan: actor.jabatan,
    nama: actor.nama ?? '(jabatan lowong)',
    ...(actor.nip ? { nip: actor.nip } : {}),
    ...(actor.prefix === 'Plh.' || actor.prefix === 'Plt.' ? { delegasi: { prefix: actor.prefix as 'Plh.' | 'Plt.' } } : {}),
  };
}

/** YYYY-MM-DD of `at` in the Pemda's zone (WITA before one is set), where the letters are dated. */
export function tanggalWita(at: Date, zone: string = defaultPemdaTimeZone): string {
  return dinasDate(at, zone);
}

/** Empty agency fields are simply not printed in the kop. */
function optional(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
}

const satuan = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];

/** Indonesian number words for 1–999, as in "Lampiran: 2 (dua) berkas". */
export function terbilang(n: number): string {
  if (n < 12) return satuan[n]!;
  if (n < 20) return `${satuan[n - 10]} belas`;
  if (n < 100) return `${satuan[Math.floor(n / 10)]} puluh${n % 10 ? ` ${satuan[n % 10]}` : ''}`;
  const ratus = Math.floor(n / 100) === 1 ? 'seratus' : `${satuan[Math.floor(n / 100)]} ratus`;
  return n % 100 ? `${ratus} ${terbilang(n % 100)}` : ratus;
}
