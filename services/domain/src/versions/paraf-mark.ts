// A reviewer's paraf printed in their box of a server-rendered letter: the
// render input of the current version with that box filled (name, time, the
// Pemda's zone; a Plh/Plt prefix on the jabatan). One rule for both places that
// print it: the workflow's activity (a paraf without a signature) and the API
// (a paraf signed with the reviewer's own key while the request is open).
import type { EntityManager } from '@mikro-orm/postgresql';
import { personName, positionById } from '../organisation/directory.js';
import { pemdaTimeZone } from '../organisation/pemda-settings.js';
import { parafPrintableReasons } from '../rulebook/vocabularies.js';
import type { CurrentVersion } from '../routing/routing-records.js';

/** Who initialled which reviewer's box (its index in the paraf chain) and when. */
export interface ParafMarkInput {
  index: number;
  positionId: string;
  personId: string;
  /** A delegation kind (Plh, Plt, a.n., u.b.) when the reviewer acts for the position's holder. */
  delegation?: string | undefined;
  /** ISO time printed in the box (the workflow's time, or the API's for a signed paraf). */
  at: string;
}

/** What the box prints, as stored in the render input (`content.paraf[i].diparaf`). */
export interface Diparaf { nama: string; waktu: string; zonaWaktu: string }

/**
 * The current version's render input with this reviewer's box filled, or null when nothing can be
 * printed: the current version is not the draft as rendered (or with earlier parafs), the chain has no
 * box at that index, or the box names another jabatan (reviewers changed after the render).
 * `alreadyPrinted`: the box already carries this very mark (a retry); `content` is then unchanged.
 */
export async function parafMarkedContent(
  em: EntityManager, current: Pick<CurrentVersion, 'reason' | 'render_input'> | undefined, mark: ParafMarkInput,
): Promise<{ content: Record<string, unknown>; alreadyPrinted: boolean } | null> {
  if (!current?.render_input || !(parafPrintableReasons as readonly string[]).includes(current.reason)) return null;
  const input = current.render_input;
  const paraf = [...((input.content['paraf'] ?? []) as Record<string, unknown>[])];
  const reviewer = paraf[mark.index];
  if (!reviewer) return null;
  const name = (await personName(em, Number(mark.personId))) ?? String(reviewer['nama'] ?? `person ${mark.personId}`);
  // The zone is the Pemda's setting (the admin's), the same one every other printed time uses.
  const diparaf: Diparaf = { nama: name, waktu: mark.at, zonaWaktu: await pemdaTimeZone(em) };
  const printed = reviewer['diparaf'] as Diparaf | undefined;
  if (current.reason !== 'rendered' && printed?.nama === diparaf.nama && printed.waktu === diparaf.waktu) return { content: input.content, alreadyPrinted: true };
  // The letter names this position's jabatan in that box (reviewers changed after the render: nothing is printed in another's box).
  const position = await positionById(em, Number(mark.positionId));
  if (!position || reviewer['jabatan'] !== position.title) return null;
  // Initialled by a Plh/Plt: the box's jabatan says so, as the reviewer's own paraf would.
  const prefix = mark.delegation === 'Plh' || mark.delegation === 'Plt' ? `${mark.delegation}.` : mark.delegation;
  paraf[mark.index] = { ...reviewer, jabatan: prefix ? `${prefix} ${position.title}` : position.title, diparaf };
  return { content: { ...input.content, paraf }, alreadyPrinted: false };
}
