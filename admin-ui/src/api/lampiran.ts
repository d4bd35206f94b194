import type { Identifier } from 'react-admin';
import { apiJson } from './http.js';

export interface Lampiran { no: number; fileName: string; sha256: string; size: number; createdAt: string }

/** Lampiran PDFs of a draft and the server render that appends them after the letter. */
export const lampiranApi = {
  list(documentId: Identifier) {
    return apiJson<Lampiran[]>(`/documents/${documentId}/lampiran`);
  },

  /** The server checks it is a PDF by content; `name` is what the list shows. */
  add(documentId: Identifier, file: File) {
    return apiJson<Omit<Lampiran, 'createdAt'>>(`/documents/${documentId}/lampiran?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/pdf' },
    });
  },

  remove(documentId: Identifier, no: number) {
    return apiJson<{ no: number }>(`/documents/${documentId}/lampiran/${no}`, { method: 'DELETE' });
  },

  /** The saved draft rendered by its template (DRAF, temporary number, lampiran appended) as its next version. */
  render(documentId: Identifier) {
    return apiJson<{ no: number; sha256: string; size: number; pageCount: number }>(`/documents/${documentId}/render`, { method: 'POST' });
  },
};
