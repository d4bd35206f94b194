// A PDF's structure checked once, at upload, with the verifier's bounded
// reader (nesting depth, object count, object and stream size, wall-clock
// budget), so a file that every later step (numbering, stamping, signing,
// rendering lampiran) would choke on is refused at the door with a reason,
// instead of entering routing and failing there.
import { SigningError } from '../errors.js';
import { PdfDocument } from '../pdf/document.js';
import { PdfDict, PdfRef, PdfStream, nameOf, type PdfObj } from '../pdf/objects.js';
import { Budget, DEFAULT_LIMITS, PdfSyntaxError, type VerifyLimits } from '../pdf/syntax.js';

/**
 * The verifier's limits, with a shorter clock: an upload is parsed while the
 * request is open, and an honest document of a few hundred pages reads in
 * well under a second.
 */
export const UPLOAD_LIMITS: VerifyLimits = { ...DEFAULT_LIMITS, timeBudgetMs: 3_000 };

export interface PdfStructure {
  revisions: number;
  objects: number;
  pages: number;
}

/**
 * Reads every object the newest revision lists and walks the page tree.
 * Throws a SigningError: PDF_ENCRYPTED for an encrypted file, PDF_MALFORMED
 * (with the reason) for anything unreadable or beyond a limit.
 */
export function checkPdfStructure(bytes: Uint8Array, limits: Partial<VerifyLimits> = {}): PdfStructure {
  const budget = new Budget({ ...UPLOAD_LIMITS, ...limits });
  try {
    const doc = new PdfDocument(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), budget);
    const numbers = doc.objectNumbers();
    for (const num of numbers) {
      doc.getObject(num);
      budget.checkTime();
    }
    const root = doc.dictAt(doc.lastRevision.trailer.get('Root'));
    if (!root || nameOf(root.get('Type')) !== 'Catalog') throw new PdfSyntaxError('PDF_UNREADABLE', 'no document catalog (/Root)');
    const pages = countPages(doc, root.get('Pages'));
    if (pages === 0) throw new PdfSyntaxError('PDF_UNREADABLE', 'the document has no pages');
    return { revisions: doc.revisions.length, objects: numbers.length, pages };
  } catch (error) {
    if (error instanceof PdfSyntaxError) {
      if (error.code === 'PDF_ENCRYPTED') throw new SigningError('PDF_ENCRYPTED', 'The PDF is encrypted; upload it without a password.', 'file');
      throw new SigningError('PDF_MALFORMED', `The PDF is malformed or beyond the reader's limits: ${error.message}.`, 'file');
    }
    // The limits make this unreachable; should a deep structure slip through, it is still the file's fault.
    if (error instanceof RangeError) throw new SigningError('PDF_MALFORMED', 'The PDF is malformed: its structure is too deep to read.', 'file');
    throw error;
  }
}

/** Pages under the tree rooted at `node`, iteratively, refusing cycles and depth beyond the reader's limit. */
function countPages(doc: PdfDocument, node: PdfObj | undefined): number {
  const seen = new Set<number>();
  const stack: { ref: PdfObj | undefined; depth: number }[] = [{ ref: node, depth: 0 }];
  let pages = 0;
  while (stack.length > 0) {
    const { ref, depth } = stack.pop()!;
    if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > doc.budget.limits.maxDepth) {
      throw new PdfSyntaxError('PDF_UNREADABLE', 'broken page tree');
    }
    seen.add(ref.num);
    const resolved = doc.resolve(ref);
    const dict = resolved instanceof PdfStream ? resolved.dict : resolved;
    if (!(dict instanceof PdfDict)) throw new PdfSyntaxError('PDF_UNREADABLE', 'a page tree node is not a dictionary');
    const kids = doc.resolve(dict.get('Kids'));
    if (nameOf(dict.get('Type')) !== 'Page' && Array.isArray(kids)) {
      for (const kid of kids) stack.push({ ref: kid, depth: depth + 1 });
    } else {
      pages++;
    }
  }
  return pages;
}
