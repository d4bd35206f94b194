// The coded values every part of Naskah speaks: the database stores them, the
// API validates with them, the workflows carry them and the console offers
// them (its labels come from i18n, keyed by these ids). One spelling each: the
// one the database's check constraints hold.

/** Jenis naskah dinas (Permendagri 1/2023) that Naskah drafts and renders. */
export const documentTypes = [
  'nota_dinas', 'memo', 'surat_dinas', 'surat_undangan', 'surat_edaran', 'surat_perintah', 'surat_tugas',
  'berita_acara', 'laporan', 'telaahan_staf', 'perjanjian_kerja_sama', 'perjanjian_kinerja', 'lembar_disposisi',
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** The types a drafter composes in the console; a lembar disposisi is printed from a disposition, never drafted. */
export const draftableDocumentTypes = documentTypes.filter((t): t is Exclude<DocumentType, 'lembar_disposisi'> => t !== 'lembar_disposisi');

/** Sifat / derajat kecepatan (urgency). It sets the default deadlines of review, signature and disposition. */
export const sifatLevels = ['biasa', 'segera', 'sangat_segera'] as const;
export type Sifat = (typeof sifatLevels)[number];

/** Klasifikasi keamanan, in increasing order of restriction. */
export const securityClassifications = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
export type SecurityClassification = (typeof securityClassifications)[number];
/** Rahasia and Sangat Rahasia: seen only along the correspondence, or with the classified-access grant (domain.md). */
export const grantedClassifications = ['rahasia', 'sangat_rahasia'] as const satisfies readonly SecurityClassification[];
/** Biasa and Terbatas: open to the agency that holds the record. */
export const openClassifications = securityClassifications.filter((c) => !(grantedClassifications as readonly string[]).includes(c));
/** Whether a record of this classification needs the grant (or a place in its correspondence). */
export function needsClassifiedGrant(classification: string): boolean {
  return (grantedClassifications as readonly string[]).includes(classification);
}

/**
 * Status of a document: the one vocabulary of its record, its RoutingWorkflow's state, the API's
 * answers and the console's labels and filters. Once submitted, only the workflow's activities write
 * it, each step the status it leads to: `in_review` (paraf chain; the first activity moves the konsep
 * there), `returned` (the drafter revises), `approved` (every paraf given, numbering), `signing`,
 * `signed` (every signature, distribution), `distributed` (archiving), `archived` (done). `draft` again
 * after a withdrawal, `cancelled` after a cancellation.
 */
export const documentStatuses = [
  'draft', 'in_review', 'returned', 'approved', 'signing', 'signed', 'distributed', 'archived', 'cancelled',
] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
/**
 * Where the drafter still changes the konsep (its fields, route, versions, lampiran): a konsep not yet
 * submitted, or one returned for revision. A `draft` whose routing already runs is not editable either.
 */
export const editableDocumentStatuses = ['draft', 'returned'] as const satisfies readonly DocumentStatus[];
export const isEditableStatus = (status: string): boolean => (editableDocumentStatuses as readonly string[]).includes(status);
/** Where a RoutingWorkflow ends: archived, withdrawn back to a konsep, or cancelled. It takes no action after. */
export const routingEndStatuses = ['archived', 'draft', 'cancelled'] as const satisfies readonly DocumentStatus[];
/**
 * Why a version exists: uploaded by the drafter (`draft`, `revision`,
 * `attachment`), rendered by the server from the draft's fields (`rendered`),
 * rendered again with a reviewer's paraf printed in its box (`paraf`), the same
 * and signed with the reviewer's own key as their electronic paraf (`paraf_signed`:
 * an approval signature on exactly that content, kept in the history; numbering
 * renders the letter again, so it does not reach the final letter),
 * rendered again with the allocated number at numbering (`numbered`), or a
 * signature added (`signed`).
 */
export const documentVersionReasons = ['draft', 'revision', 'attachment', 'rendered', 'paraf', 'paraf_signed', 'numbered', 'signed', 'sealed'] as const;
export type DocumentVersionReason = (typeof documentVersionReasons)[number];
/** The versions the server rendered from a template (they keep their render input): a later step may render them again. */
export const renderedVersionReasons = ['rendered', 'paraf', 'paraf_signed', 'numbered'] as const satisfies readonly DocumentVersionReason[];
/** The versions a reviewer's paraf is printed on (the draft as rendered, or with the earlier parafs, printed or signed). */
export const parafPrintableReasons = ['rendered', 'paraf', 'paraf_signed'] as const satisfies readonly DocumentVersionReason[];
/** Signed or later: the document carries its TTE; before that it is a konsep. */
export const finalDocumentStatuses = ['signed', 'distributed', 'archived'] as const satisfies readonly DocumentStatus[];

/** Isi disposisi: the text is what gets stored and printed on the lembar disposisi. */
export const dispositionInstructions = [
  'Untuk diketahui', 'Mohon ditindaklanjuti', 'Tanggapan dan saran', 'Koordinasikan', 'Siapkan bahan',
  'Wakili / hadiri', 'Mohon diagendakan',
] as const;
export type DispositionInstruction = (typeof dispositionInstructions)[number];
/**
 * The lembar disposisi lets a leader tick several instructions: the branch keeps them as one
 * text in the rulebook's order joined by this separator (the DispositionWorkflow carries one
 * instruction text), and the disposition list splits them again.
 */
export const INSTRUCTION_SEPARATOR = '; ';
export function instructionText(ticked: readonly DispositionInstruction[]): string {
  return dispositionInstructions.filter((i) => ticked.includes(i)).join(INSTRUCTION_SEPARATOR);
}

/**
 * State of one disposition branch, as its row stores it and the DispositionWorkflow
 * carries it: sent (unread), read, forwarded (disposed further down, still open),
 * done (closed with a tindak lanjut) or withdrawn (only while unread).
 */
export const dispositionStates = ['sent', 'read', 'forwarded', 'done', 'withdrawn'] as const;
export type DispositionState = (typeof dispositionStates)[number];

/** A branch stays open until its holder reports a follow-up (forwarding it down does not close it) or it is withdrawn. */
export const openDispositionStates = ['sent', 'read', 'forwarded'] as const satisfies readonly DispositionState[];

/** Status of a tindak lanjut: the task is finished (selesai) or only partly (sebagian); either closes the branch. */
export const followUpStatuses = ['selesai', 'sebagian'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/**
 * Arah indikator kinerja: `higher` when a larger realisation is better (e.g.
 * Indeks SPBE), `lower` when a smaller one is (e.g. hari layanan perizinan,
 * prevalensi stunting).
 */
export const indicatorDirections = ['higher', 'lower'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];

/**
 * Status of a perjanjian kinerja / kerja sama, as its row stores it and its
 * AgreementWorkflow reports it: draft (konsep, not yet submitted), signing
 * (its document is being initialled and signed by every party), active
 * (signed, between reporting windows), reporting (a quarter's realisation
 * window is open), closed (the year's fourth quarter reported and summed up),
 * superseded (replaced by another row; a revision now bumps the version of the
 * same row, but the dashboard still leaves such rows out).
 */
export const agreementStatuses = ['draft', 'signing', 'active', 'reporting', 'closed', 'superseded'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/**
 * Bukti dukung (supporting evidence of a quarter's realisation): the kinds of
 * file taken, judged by content (a scanned report, a photo, a screenshot), and
 * the size limit of one file.
 */
export const evidenceMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type EvidenceMediaType = (typeof evidenceMediaTypes)[number];
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * A stored bukti dukung file as a report, the workflow and the record refer to
 * it: the object in MinIO and what was judged of it, never its bytes.
 */
export interface EvidenceFileRef {
  objectKey: string;
  sha256: string;
  /** The file's name as uploaded (shown and offered on download). */
  name: string;
  contentType: EvidenceMediaType;
  size: number;
}

/** An inbox badge counts at most this many (Naskah Keluar only grows); the console shows the cap as "999+". */
export const INBOX_BADGE_CAP = 1000;

/**
 * The forms a perangkat daerah's name begins with (PP 18/2016 tentang Perangkat Daerah, Pasal 5 and 6:
 * sekretariat daerah, sekretariat DPRD, inspektorat, dinas, badan, kecamatan; satuan polisi pamong
 * praja as a dinas (PP 16/2018); RSUD as a unit organisasi bersifat khusus (PP 72/2019); UPTD
 * (Permendagri 12/2017); kelurahan as a perangkat of the kecamatan; a kantor where a Pemda still has
 * one). An agency named otherwise (a person's name, "test") would head letters and fill every chart.
 */
export const agencyNameForms = [
  'Sekretariat', 'Inspektorat', 'Dinas', 'Badan', 'Satuan', 'Kecamatan', 'Kelurahan',
  'Rumah Sakit', 'RSUD', 'UPTD', 'UPT', 'Kantor',
] as const;

/** Whether `name` begins with one of the forms, as a word ("Dinas Perhubungan", not "Dinasti Jaya"). */
export function isAgencyName(name: string): boolean {
  const trimmed = name.trim();
  return agencyNameForms.some((form) => trimmed.length > form.length && trimmed.slice(0, form.length).toLowerCase() === form.toLowerCase() && trimmed[form.length] === ' ');
}
