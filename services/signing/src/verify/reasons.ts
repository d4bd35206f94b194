// Every reason the verifier gives has a stable code (for programs and the
// API) and a sentence in Indonesian and English (for people).

type Severity = 'invalid' | 'indeterminate' | 'warning';

interface ReasonText { readonly severity: Severity; readonly id: string; readonly en: string }

export const REASONS = {
  PDF_UNREADABLE: { severity: 'invalid', id: 'Berkas bukan PDF yang dapat dibaca (struktur rusak atau terpotong).', en: 'The file is not a readable PDF (damaged or truncated structure).' },
  PDF_LIMIT_EXCEEDED: { severity: 'invalid', id: 'Berkas melampaui batas aman pemeriksaan (ukuran, kedalaman, dekompresi, atau waktu).', en: 'The file exceeds the verifier\'s safety limits (size, nesting, decompression or time).' },
  PDF_ENCRYPTED: { severity: 'invalid', id: 'Berkas terenkripsi dan tidak dapat diperiksa.', en: 'The file is encrypted and cannot be verified.' },
  NO_SIGNATURES: { severity: 'invalid', id: 'Dokumen tidak memiliki tanda tangan elektronik.', en: 'The document has no electronic signature.' },
  TRAILING_DATA: { severity: 'invalid', id: 'Ada data tambahan di akhir berkas yang tidak tercakup tanda tangan mana pun.', en: 'There is extra data at the end of the file that no signature covers.' },

  SIG_CONTENTS_INVALID: { severity: 'invalid', id: 'Nilai tanda tangan (/Contents) tidak ada, kosong, atau bertipe salah: tanda tangan palsu.', en: 'The signature value (/Contents) is missing, empty or of the wrong type: a forged signature.' },
  SIG_BYTERANGE_INVALID: { severity: 'invalid', id: 'Cakupan tanda tangan (/ByteRange) tidak ada atau tidak sah: tanda tangan palsu.', en: 'The signed byte range (/ByteRange) is missing or malformed: a forged signature.' },
  SIG_BYTERANGE_NOT_FROM_START: { severity: 'invalid', id: 'Cakupan tanda tangan tidak dimulai dari awal berkas.', en: 'The signed byte range does not start at the beginning of the file.' },
  SIG_BYTERANGE_GAP_MISMATCH: { severity: 'invalid', id: 'Bagian yang tidak ditandatangani bukan tepat nilai tanda tangan ini (serangan pembungkusan tanda tangan).', en: 'The unsigned gap is not exactly this signature\'s value (signature wrapping attack).' },
  SIG_BYTERANGE_NOT_REVISION_END: { severity: 'invalid', id: 'Cakupan tanda tangan tidak berakhir di akhir revisi dokumennya (serangan pembungkusan tanda tangan).', en: 'The signed byte range does not end at the end of its document revision (signature wrapping attack).' },
  SIG_UNSUPPORTED: { severity: 'invalid', id: 'Jenis tanda tangan ini tidak didukung.', en: 'This kind of signature is not supported.' },
  CMS_MALFORMED: { severity: 'invalid', id: 'Struktur tanda tangan (CMS) rusak.', en: 'The signature structure (CMS) is malformed.' },
  DIGEST_MISMATCH: { severity: 'invalid', id: 'Isi dokumen telah berubah sejak ditandatangani.', en: 'The document content changed after it was signed.' },
  CMS_SIGNATURE_INVALID: { severity: 'invalid', id: 'Nilai tanda tangan kriptografis tidak cocok dengan sertifikat penanda tangan.', en: 'The cryptographic signature does not match the signer\'s certificate.' },
  CMS_ATTRIBUTES_INVALID: { severity: 'invalid', id: 'Atribut bertanda tangan tidak sesuai (content-type, message-digest, atau signing-certificate-v2).', en: 'The signed attributes are wrong (content-type, message-digest or signing-certificate-v2).' },
  SIGNER_CERT_MISSING: { severity: 'invalid', id: 'Sertifikat penanda tangan tidak ada di dalam tanda tangan.', en: 'The signer\'s certificate is not in the signature.' },
  CERT_NOT_TRUSTED: { severity: 'indeterminate', id: 'Sertifikat penanda tangan tidak berasal dari otoritas yang dipercaya.', en: 'The signer\'s certificate does not chain to a trusted authority.' },
  CERT_CHAIN_INVALID: { severity: 'invalid', id: 'Rantai sertifikat tidak sah (tanda tangan penerbit salah atau bukan CA).', en: 'The certificate chain is invalid (bad issuer signature or issuer is not a CA).' },
  CERT_KEY_USAGE: { severity: 'invalid', id: 'Sertifikat tidak diizinkan untuk tanda tangan nirsangkal (nonRepudiation).', en: 'The certificate is not allowed for non-repudiation signatures.' },
  CERT_EXPIRED_AT_SIGNING: { severity: 'invalid', id: 'Sertifikat tidak berlaku pada waktu penandatanganan yang terbukti.', en: 'The certificate was not valid at the proven signing time.' },
  CERT_EXPIRED_NO_PROOF: { severity: 'indeterminate', id: 'Sertifikat sudah tidak berlaku dan tidak ada cap waktu yang membuktikan waktu penandatanganan.', en: 'The certificate has expired and no timestamp proves when the document was signed.' },
  CERT_REVOKED: { severity: 'invalid', id: 'Sertifikat penanda tangan telah dicabut sebelum waktu penandatanganan.', en: 'The signer\'s certificate was revoked before the signing time.' },
  REVOCATION_UNKNOWN: { severity: 'indeterminate', id: 'Status pencabutan sertifikat tidak dapat dipastikan.', en: 'The certificate\'s revocation status could not be determined.' },
  TIMESTAMP_INVALID: { severity: 'invalid', id: 'Cap waktu tidak sah (tidak cocok dengan tanda tangan atau tanda tangan TSA salah).', en: 'The timestamp is invalid (does not match the signature, or the TSA signature is wrong).' },
  TIMESTAMP_TSA_REVOKED: { severity: 'indeterminate', id: 'Sertifikat otoritas cap waktu (TSA) sudah dicabut saat cap waktu dibuat; waktu penandatanganan tidak terbukti.', en: 'The timestamp authority\'s certificate was already revoked when the timestamp was made; the signing time is not proven.' },
  TIMESTAMP_NOT_TRUSTED: { severity: 'indeterminate', id: 'Cap waktu berasal dari otoritas cap waktu yang tidak dipercaya.', en: 'The timestamp comes from an untrusted timestamp authority.' },
  CERTIFICATION_NOT_FIRST: { severity: 'invalid', id: 'Tanda tangan sertifikasi bukan tanda tangan pertama dokumen.', en: 'The certification signature is not the document\'s first signature.' },

  DSS_VRI_UNMATCHED: { severity: 'warning', id: 'Entri /VRI pada DSS tidak cocok dengan tanda tangan mana pun dan diabaikan.', en: 'A DSS /VRI entry matches no signature and was ignored.' },

  CHANGE_DISALLOWED: { severity: 'invalid', id: 'Dokumen diubah setelah ditandatangani dengan perubahan yang tidak diizinkan.', en: 'The document was modified after signing in a way that is not allowed.' },
  CHANGE_OBJECT_REDEFINED: { severity: 'invalid', id: 'Revisi berikutnya mendefinisikan ulang isi yang sudah ditandatangani (serangan bayangan/shadow).', en: 'A later revision redefines content that was already signed (shadow attack).' },
  CHANGE_PAGE_CONTENT: { severity: 'invalid', id: 'Isi atau sumber daya halaman diubah setelah ditandatangani.', en: 'Page content or resources were changed after signing.' },
  CHANGE_HIDDEN_OBJECT_REVEALED: { severity: 'invalid', id: 'Revisi berikutnya menampilkan objek yang tersembunyi saat ditandatangani (serangan bayangan/shadow).', en: 'A later revision reveals an object that was hidden when signed (shadow attack).' },
  CHANGE_ANNOTATION_ADDED: { severity: 'invalid', id: 'Anotasi yang tampil di halaman ditambahkan setelah ditandatangani.', en: 'An annotation that draws on the page was added after signing.' },
  CHANGE_UNSIGNED_WIDGET: { severity: 'invalid', id: 'Kotak tanda tangan bergambar ditambahkan tanpa tanda tangan yang sah (serangan sneaky signature).', en: 'A signature box that draws content was added without a valid signature (sneaky signature attack).' },
  CHANGE_WIDGET_AFTER_CERTIFICATION: { severity: 'invalid', id: 'Kotak tanda tangan yang tampil di halaman ditambahkan setelah dokumen disertifikasi (serangan sneaky signature).', en: 'A signature box that draws on the page was added after the document was certified (sneaky signature attack).' },
  CHANGE_FORBIDDEN_BY_DOCMDP: { severity: 'invalid', id: 'Perubahan setelah sertifikasi tidak diizinkan oleh izin dokumen (DocMDP).', en: 'A change after certification is forbidden by the document\'s permissions (DocMDP).' },
  CHANGE_LOCKED_FIELD: { severity: 'invalid', id: 'Isian formulir yang dikunci oleh tanda tangan ini (FieldMDP) diubah setelah ditandatangani.', en: 'A form field locked by this signature (FieldMDP) was changed after signing.' },
  CHANGE_UNSIGNED_UPDATE: { severity: 'invalid', id: 'Revisi terakhir dokumen tidak ditandatangani dan berisi perubahan yang tidak diizinkan (serangan penyimpanan bertahap).', en: 'The last revision is unsigned and contains changes that are not allowed (incremental saving attack).' },
} as const satisfies Record<string, ReasonText>;

export type ReasonCode = keyof typeof REASONS;

export interface Reason {
  readonly code: ReasonCode;
  readonly severity: Severity;
  readonly id: string;
  readonly en: string;
  readonly detail?: string;
}

export function reason(code: ReasonCode, detail?: string): Reason {
  const r = REASONS[code];
  return detail === undefined ? { code, severity: r.severity, id: r.id, en: r.en } : { code, severity: r.severity, id: r.id, en: r.en, detail };
}

export type Verdict = 'VALID' | 'INVALID' | 'INDETERMINATE';

export function verdictOf(reasons: readonly Reason[]): Verdict {
  if (reasons.some((r) => r.severity === 'invalid')) return 'INVALID';
  if (reasons.some((r) => r.severity === 'indeterminate')) return 'INDETERMINATE';
  return 'VALID';
}
