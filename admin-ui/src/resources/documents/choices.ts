/**
 * Coded values of a naskah dinas (Permendagri 1/2023). Labels come from
 * i18n (naskah.enum.<group>.<id>), so the lists here are ids only.
 */
// Same ids as @naskah/domain (documentTypes, sifatLevels, securityClassifications).
export const DOCUMENT_TYPES = [
  'nota_dinas',
  'memo',
  'surat_dinas',
  'surat_undangan',
  'surat_edaran',
  'surat_perintah',
  'surat_tugas',
  'berita_acara',
  'laporan',
  'telaahan_staf',
  'perjanjian_kerja_sama',
  'perjanjian_kinerja',
] as const;

export const SIFAT = ['biasa', 'segera', 'sangat_segera'] as const;
export const KLASIFIKASI_KEAMANAN = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
export const DOCUMENT_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'signing', 'signed', 'distributed', 'archived', 'cancelled'] as const;

export function choices(group: string, ids: readonly string[]) {
  return ids.map((id) => ({ id, name: `naskah.enum.${group}.${id}` }));
}
