import { createHash, randomUUID } from 'node:crypto';
import { buildCadesSignature, buildDocumentTimestamp } from './cms/cades.js';
import { collectValidationMaterial } from './cms/revocation.js';
import type { RevocationSource, TimestampClient } from './cms/types.js';
import { SigningError } from './errors.js';
import type { KeyHolder } from './keys/key-holder.js';
import { PdfDocument } from './pdf/document.js';
import { dict, name, PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfVerbatim, type PdfObj } from './pdf/objects.js';
import { FilePdf, IncrementalRevision, InMemoryPdf, type GrowingPdf } from './pdf/writer.js';
import { findAnchor } from './stamp/anchor.js';
import { footerAppearance, footerText as footerTextFor, initialsOf, parafAppearance, tteAppearance } from './stamp/appearance.js';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export type StampPlacement =
  | { page: number; rect: [x: number, y: number, w: number, h: number] }
  /** At the anchor character; without `page`, the last page is searched first, then the others. */
  | { anchor: string; page?: number }
  /** No visible stamp (an invisible signature). */
  | { invisible: true };

export interface SignPdfOptions {
  holder: KeyHolder;
  level?: PadesLevel;
  /** Required from B-T up. */
  timestamp?: TimestampClient;
  /** Required from B-LT up: OCSP responses and CRLs for the /DSS. */
  revocation?: RevocationSource;
  /** Default: the signature block at the bottom right of the last page. */
  placement?: StampPlacement;
  /** A reviewer's paraf (initials and date) instead of the full TTE stamp. */
  paraf?: boolean;
  /** Certify the document (DocMDP P=2); only as the first signature. */
  certify?: boolean;
  reason?: string;
  location?: string;
  /** Encoded in the QR code; default a per-signature URL under NASKAH_VERIFY_URL or https://naskah.go.id/verifikasi/. */
  verificationUrl?: string;
  /** IANA zone for the time printed on the stamp; default Asia/Makassar (WITA). */
  timeZone?: string;
  /** The claimed signing time (/M); default now. */
  signingTime?: Date;
  /** Certificate issuer named in the page footer; default the signer certificate's issuer CN. */
  issuerName?: string;
  /** Bytes reserved for the CMS in /Contents; default: certificate chain + 2 KB (+ 12 KB with a time-stamp). */
  contentsBytes?: number;
}

const SIGNATURE_BLOCK = { w: 220, h: 70, marginRight: 56, bottom: 110 };
const PARAF_BLOCK = { w: 64, h: 38, marginRight: 40, bottom: 40 };
const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

const pdfDate = (d: Date): string => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`;

// The same reserve recurs for every signature of a signer: build its tens of
// kilobytes of zeros once.
const placeholders = new Map<number, string>();
function placeholderContents(bytes: number): string {
  let p = placeholders.get(bytes);
  if (p === undefined) {
    p = `<${'0'.repeat(bytes * 2)}>`;
    if (placeholders.size >= 64) placeholders.clear();
    placeholders.set(bytes, p);
  }
  return p;
}

/** Room for the CMS: certificates, signed attributes, signature value, and a time-stamp token. */
function contentsReserve(holder: KeyHolder, withTimestamp: boolean): number {
  const certs = holder.certificate.length + holder.chain.reduce((s, c) => s + c.length, 0);
  return certs + 2048 + (withTimestamp ? 12288 : 0);
}

interface PageTarget {
  ref: PdfRef;
  dict: PdfDict;
  index: number;
}

function pageAt(doc: PdfDocument, index: number): PageTarget {
  const refs = doc.pageRefs();
  if (index < 0 || index >= refs.length) {
    throw new SigningError('PLACEMENT_INVALID', `Page ${index + 1} does not exist; the document has ${refs.length} page(s).`, 'page');
  }
  const ref = refs[index]!;
  return { ref, dict: doc.requireDict(ref, `page ${index + 1}`), index };
}

/** The page's visible box (inherited /MediaBox allowed), as [x0, y0, x1, y1]. */
function pageBox(doc: PdfDocument, page: PdfDict): [number, number, number, number] {
  let node: PdfDict | undefined = page;
  for (let i = 0; node && i < 64; i++) {
    const box = doc.resolve(node.get('CropBox') ?? node.get('MediaBox'));
    if (Array.isArray(box) && box.length === 4) {
      const [a, b, c, d] = box.map((v) => Number(doc.resolve(v)));
      return [Math.min(a!, c!), Math.min(b!, d!), Math.max(a!, c!), Math.max(b!, d!)];
    }
    const parent = doc.resolve(node.get('Parent'));
    node = parent instanceof PdfDict ? parent : undefined;
  }
  return [0, 0, 595.28, 841.89];
}

interface FieldInventory {
  names: Set<string>;
  signed: number;
}

function inventoryFields(doc: PdfDocument, fields: PdfObj[]): FieldInventory {
  const names = new Set<string>();
  let signed = 0;
  for (const f of fields) {
    const d = doc.resolve(f);
    if (!(d instanceof PdfDict)) continue;
    const t = doc.resolve(d.get('T'));
    if (t instanceof PdfString) names.add(t.text());
    const ft = doc.resolve(d.get('FT'));
    if (ft instanceof PdfName && ft.name === 'Sig' && d.get('V') !== undefined && doc.resolve(d.get('V')) !== null) signed++;
  }
  return { names, signed };
}

interface FieldRevision {
  rev: IncrementalRevision;
  catalog: PdfDict;
  catalogChanged: boolean;
}

/**
 * Adds `widgets` (already allocated) to the page's /Annots and `field` to the
 * AcroForm's /Fields, changing only the objects that hold them.
 */
function attachField(doc: PdfDocument, rev: IncrementalRevision, page: PageTarget, field: PdfRef, widgets: PdfRef[]): FieldRevision {
  const annotsValue = page.dict.get('Annots');
  const existingAnnots = doc.resolve(annotsValue);
  const annots = [...(Array.isArray(existingAnnots) ? existingAnnots : []), ...widgets];
  if (annotsValue instanceof PdfRef && Array.isArray(existingAnnots)) rev.set(annotsValue, annots);
  else rev.set(page.ref, page.dict.clone().set('Annots', annots));

  const catalog = doc.catalog().clone();
  let catalogChanged = false;
  const formValue = catalog.get('AcroForm');
  const existingForm = doc.resolve(formValue);
  const form = existingForm instanceof PdfDict ? existingForm.clone() : new PdfDict();
  const fieldsValue = form.get('Fields');
  const existingFields = doc.resolve(fieldsValue);
  const fields = [...(Array.isArray(existingFields) ? existingFields : []), field];
  if (fieldsValue instanceof PdfRef && Array.isArray(existingFields)) rev.set(fieldsValue, fields);
  else form.set('Fields', fields);
  form.set('SigFlags', 3);
  if (formValue instanceof PdfRef && existingForm instanceof PdfDict) rev.set(formValue, form);
  else {
    catalog.set('AcroForm', rev.add(form));
    catalogChanged = true;
  }
  return { rev, catalog, catalogChanged };
}

function uniqueName(taken: Set<string>, base: string): string {
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

interface SignatureRevisionResult {
  /** The whole /Contents value written (padded DER), for the /VRI key. */
  contents: Buffer;
  timestampToken?: Buffer;
}

/** Finishes a revision holding one signature dictionary: byte range, hash, CMS, patch, append. */
async function appendSigned(
  out: GrowingPdf,
  rev: IncrementalRevision,
  reserve: number,
  produce: (digest: Buffer) => Promise<Buffer>,
): Promise<Buffer> {
  const built = rev.build();
  const bytes = built.bytes;
  const contents = built.markers.get('contents')!;
  const byteRange = built.markers.get('byteRange')!;
  const a = out.size + contents.start;
  const b = out.size + contents.end;
  const c = out.size + bytes.length - b;
  const rangeText = `[0 ${a} ${b} ${c}`;
  bytes.write(rangeText.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']', byteRange.start, 'latin1');
  const hash = out.runningHash.copy();
  hash.update(bytes.subarray(0, contents.start));
  hash.update(bytes.subarray(contents.end));
  const der = await produce(hash.digest());
  if (der.length > reserve) {
    throw new SigningError('SIGNATURE_TOO_LARGE', `The signature (${der.length} bytes) does not fit the ${reserve} bytes reserved in /Contents.`);
  }
  bytes.write(der.toString('hex'), contents.start + 1, 'latin1');
  out.append(bytes);
  // The placeholder is zeros: the /Contents value is the DER padded with zero bytes.
  const value = Buffer.alloc(reserve);
  der.copy(value);
  return value;
}

function signatureDictionary(rev: IncrementalRevision, reserve: number, entries: Record<string, PdfObj>): PdfDict {
  rev.mark('byteRange', BYTE_RANGE_PLACEHOLDER);
  const contents = placeholderContents(reserve);
  rev.mark('contents', contents);
  return dict({ ...entries, ByteRange: new PdfVerbatim(BYTE_RANGE_PLACEHOLDER), Contents: new PdfVerbatim(contents) });
}

/**
 * The default place for the next stamp on a page: bottom right for the first,
 * then leftwards, then a row higher, so the stamps of a document signed by
 * several officials (one after another or in parallel) never cover each other.
 * A page with no free place left gets the bottom-right place again.
 */
function freeDefaultSlot(doc: PdfDocument, page: PdfDict, block: { w: number; h: number; marginRight: number; bottom: number }): [number, number, number, number] {
  const box = pageBox(doc, page);
  const taken = widgetRects(doc, page);
  const gap = 12;
  const first: [number, number, number, number] = [box[2] - block.marginRight - block.w, box[1] + block.bottom, block.w, block.h];
  for (let y = first[1]; y + block.h <= box[3]; y += block.h + gap) {
    for (let x = first[0]; x >= box[0] + block.marginRight / 2; x -= block.w + gap) {
      if (!taken.some((r) => x < r[2] && r[0] < x + block.w && y < r[3] && r[1] < y + block.h)) return [x, y, block.w, block.h];
    }
  }
  return first;
}

/** Rectangles [x1, y1, x2, y2] of the visible widgets already on a page (earlier stamps). */
function widgetRects(doc: PdfDocument, page: PdfDict): [number, number, number, number][] {
  const annots = doc.resolve(page.get('Annots'));
  if (!Array.isArray(annots)) return [];
  const rects: [number, number, number, number][] = [];
  for (const a of annots) {
    const d = doc.resolve(a);
    const subtype = d instanceof PdfDict ? doc.resolve(d.get('Subtype')) : undefined;
    if (!(d instanceof PdfDict) || !(subtype instanceof PdfName) || subtype.name !== 'Widget') continue;
    const r = doc.resolve(d.get('Rect'));
    if (!Array.isArray(r) || r.length !== 4) continue;
    const [a1, b1, c1, d1] = r.map((v) => Number(doc.resolve(v)));
    if (![a1, b1, c1, d1].every(Number.isFinite) || a1 === c1 || b1 === d1) continue;
    rects.push([Math.min(a1!, c1!), Math.min(b1!, d1!), Math.max(a1!, c1!), Math.max(b1!, d1!)]);
  }
  return rects;
}

function hasFooter(doc: PdfDocument, page: PdfDict): boolean {
  const annots = doc.resolve(page.get('Annots'));
  if (!Array.isArray(annots)) return false;
  return annots.some((a) => {
    const d = doc.resolve(a);
    const nm = d instanceof PdfDict ? doc.resolve(d.get('NM')) : undefined;
    return nm instanceof PdfString && nm.text() === 'naskah-footer';
  });
}

async function appendSignature(out: GrowingPdf, o: SignPdfOptions, level: PadesLevel): Promise<SignatureRevisionResult> {
  return PdfDocument.editing(out.source(), async (doc) => {
    const catalog = doc.catalog();
    const form = doc.resolve(catalog.get('AcroForm'));
    const fieldsValue = form instanceof PdfDict ? doc.resolve(form.get('Fields')) : undefined;
    const inventory = inventoryFields(doc, Array.isArray(fieldsValue) ? fieldsValue : []);
    if (o.certify && inventory.signed > 0) {
      throw new SigningError('PLACEMENT_INVALID', 'Only the first signature can certify a document; this one is already signed.', 'certify');
    }
    const perms = doc.resolve(catalog.get('Perms'));
    const certified = perms instanceof PdfDict && perms.has('DocMDP');
    if (certified) {
      const sig = doc.resolve(perms.get('DocMDP'));
      const refs = sig instanceof PdfDict ? doc.resolve(sig.get('Reference')) : undefined;
      const first = Array.isArray(refs) ? doc.resolve(refs[0]) : undefined;
      const params = first instanceof PdfDict ? doc.resolve(first.get('TransformParams')) : undefined;
      if (params instanceof PdfDict && doc.resolve(params.get('P')) === 1) {
        throw new SigningError('PDF_MALFORMED', 'The document is certified with no changes allowed (DocMDP P=1); it cannot be signed again.');
      }
    }

    const placement = o.placement ?? { page: -1, rect: [0, 0, 0, 0] };
    const pageCount = doc.pageRefs().length;
    let page: PageTarget;
    let rect: [number, number, number, number] | undefined;
    const block = o.paraf ? PARAF_BLOCK : SIGNATURE_BLOCK;
    if ('invisible' in placement || certified) {
      // After a certification signature, a new visible widget is content drawn over a
      // certified page (the "sneaky signature" attack class): validators such as pyHanko
      // reject it, so later signatures on a certified document are invisible.
      page = pageAt(doc, 0);
    } else if ('anchor' in placement) {
      // Without a page, the signature block is most likely on the last page: look there first.
      const order = placement.page !== undefined ? [placement.page - 1] : [pageCount - 1, ...Array.from({ length: pageCount - 1 }, (_, i) => i)];
      let found: { page: PageTarget; hit: ReturnType<typeof findAnchor> } | undefined;
      for (const index of order) {
        const candidate = pageAt(doc, index);
        try {
          found = { page: candidate, hit: findAnchorSafely(doc, candidate.dict, placement.anchor) };
          break;
        } catch (e) {
          if (!(e instanceof SigningError && e.code === 'ANCHOR_NOT_FOUND') || index === order[order.length - 1]) throw e;
        }
      }
      page = found!.page;
      const { hit } = found!;
      rect = [hit.x, hit.y + hit.fontSize - block.h, block.w, block.h];
    } else if (placement.page === -1) {
      page = pageAt(doc, pageCount - 1);
      rect = freeDefaultSlot(doc, page.dict, block);
    } else {
      page = pageAt(doc, placement.page - 1);
      rect = placement.rect;
      if (!rect.every(Number.isFinite) || rect[2] <= 0 || rect[3] <= 0) {
        throw new SigningError('PLACEMENT_INVALID', 'The stamp rectangle needs a positive width and height.', 'rect');
      }
    }

    const rev = new IncrementalRevision(doc, out.size);
    const signingTime = o.signingTime ?? new Date();
    const subject = o.holder.subject;
    const reserve = o.contentsBytes ?? contentsReserve(o.holder, level !== 'B-B');
    const sigEntries: Record<string, PdfObj> = {
      Type: name('Sig'),
      Filter: name('Adobe.PPKLite'),
      SubFilter: name('ETSI.CAdES.detached'),
      M: PdfString.fromText(pdfDate(signingTime)),
      Name: PdfString.fromText(subject.name),
    };
    if (o.reason) sigEntries.Reason = PdfString.fromText(o.reason);
    if (o.location) sigEntries.Location = PdfString.fromText(o.location);
    const sigDict = signatureDictionary(rev, reserve, sigEntries);
    const sigRef = rev.allocate();
    if (o.certify) {
      sigDict.set('Reference', [
        dict({
          Type: name('SigRef'),
          TransformMethod: name('DocMDP'),
          TransformParams: dict({ Type: name('TransformParams'), P: 2, V: name('1.2') }),
        }),
      ]);
    }
    rev.set(sigRef, sigDict);

    const fieldName = uniqueName(inventory.names, o.paraf ? 'Paraf' : 'TTE');
    const fieldRef = rev.allocate();
    const widgets: PdfRef[] = [];
    const field = dict({ FT: name('Sig'), T: PdfString.fromText(fieldName), V: sigRef, F: 132 });
    if (!rect) {
      field.set('Type', name('Annot')).set('Subtype', name('Widget')).set('Rect', [0, 0, 0, 0]).set('P', page.ref);
      widgets.push(fieldRef);
    } else {
      const [x, y, w, h] = rect;
      const ap = o.paraf
        ? parafAppearance(w, h, initialsOf(subject.name), signingTime, o.timeZone ?? 'Asia/Makassar')
        : tteAppearance(w, h, {
            verificationUrl: o.verificationUrl ?? `${process.env.NASKAH_VERIFY_URL ?? 'https://naskah.go.id/verifikasi/'}${randomUUID()}`,
            name: subject.name,
            title: subject.title,
            nip: subject.nip,
            signedAt: signingTime,
            timeZone: o.timeZone ?? 'Asia/Makassar',
          });
      const apRef = rev.add(ap);
      const stampWidget = dict({ Type: name('Annot'), Subtype: name('Widget'), Rect: [x, y, x + w, y + h], P: page.ref, F: 132, AP: dict({ N: apRef }) });
      for (const [k, v] of stampWidget.map) field.set(k, v);
      widgets.push(fieldRef);
      // The footer goes on the page once, with the first signature: then it is
      // covered by that signature, and later revisions add nothing but
      // signature widgets (an annotation added after a signature is a
      // modification validators flag). Page content streams are never touched.
      if (inventory.signed === 0 && !hasFooter(doc, page.dict)) {
        const box = pageBox(doc, page.dict);
        const fw = box[2] - box[0] - 80;
        const footerText = footerTextFor(o.issuerName ?? subject.issuer);
        const footerAp = rev.add(footerAppearance(fw, 12, o.issuerName ?? subject.issuer));
        widgets.push(
          rev.add(
            dict({
              Type: name('Annot'),
              Subtype: name('Stamp'),
              Rect: [box[0] + 40, box[1] + 16, box[0] + 40 + fw, box[1] + 28],
              P: page.ref,
              F: 132,
              NM: PdfString.fromText('naskah-footer'),
              Contents: PdfString.fromText(footerText),
              AP: dict({ N: footerAp }),
            }),
          ),
        );
      }
    }
    rev.set(fieldRef, field);
    const { catalog: newCatalog, catalogChanged } = attachField(doc, rev, page, fieldRef, widgets);
    if (o.certify) newCatalog.set('Perms', dict({ DocMDP: sigRef }));
    if (catalogChanged || o.certify) rev.set(doc.rootRef, newCatalog);

    let timestampToken: Buffer | undefined;
    const tsa = o.timestamp;
    const capture: TimestampClient | undefined = tsa && {
      timestamp: async (imprint) => (timestampToken = await tsa.timestamp(imprint)),
    };
    const contents = await appendSigned(out, rev, reserve, (digest) =>
      buildCadesSignature({ contentDigest: digest, holder: o.holder, timestamp: level === 'B-B' ? undefined : capture, signingTime }),
    );
    return { contents, timestampToken };
  });
}

function findAnchorSafely(doc: PdfDocument, page: PdfDict, anchor: string): ReturnType<typeof findAnchor> {
  try {
    return findAnchor(doc, page, anchor);
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError('ANCHOR_NOT_FOUND', `The anchor "${anchor}" could not be located (unreadable page content).`, 'anchor');
  }
}

/** Appends the /DSS revision (PAdES B-LT) for the signature whose /Contents is `contents`. */
export async function appendDss(
  out: GrowingPdf,
  revocation: RevocationSource | undefined,
  signer: Pick<KeyHolder, 'certificate' | 'chain'>,
  sig: SignatureRevisionResult,
): Promise<void> {
  if (!revocation) throw new SigningError('OCSP_UNAVAILABLE', 'B-LT needs a revocation source (OCSP/CRL) for the /DSS.');
  // Signer chain and TSA chain certificates, an OCSP response per non-root certificate, a CRL per CA.
  const { certs, ocsps, crls } = await collectValidationMaterial(signer, revocation, sig.timestampToken ? [sig.timestampToken] : []);

  return PdfDocument.editing(out.source(), async (doc) => {
    const rev = new IncrementalRevision(doc, out.size);
    const streamRefs = (items: Buffer[]): PdfRef[] => items.map((b) => rev.add(new PdfStream(new PdfDict(), b)));
    const certRefs = streamRefs(certs);
    const ocspRefs = streamRefs(ocsps);
    const crlRefs = streamRefs(crls);
    const catalog = doc.catalog().clone();
    const dssValue = catalog.get('DSS');
    const oldDss = doc.resolve(dssValue);
    const dss = oldDss instanceof PdfDict ? oldDss.clone() : dict({ Type: name('DSS') });
    const merged = (key: string, added: PdfRef[]): void => {
      const prev = doc.resolve(dss.get(key));
      dss.set(key, [...(Array.isArray(prev) ? prev : []), ...added]);
    };
    merged('Certs', certRefs);
    merged('OCSPs', ocspRefs);
    merged('CRLs', crlRefs);
    const vriKey = createHash('sha1').update(sig.contents).digest('hex').toUpperCase();
    const oldVri = doc.resolve(dss.get('VRI'));
    const vri = oldVri instanceof PdfDict ? oldVri.clone() : new PdfDict();
    vri.set(vriKey, dict({ Cert: certRefs, OCSP: ocspRefs, CRL: crlRefs }));
    dss.set('VRI', vri);
    if (dssValue instanceof PdfRef && oldDss instanceof PdfDict) rev.set(dssValue, dss);
    else {
      catalog.set('DSS', rev.add(dss));
      rev.set(doc.rootRef, catalog);
    }
    out.append(rev.build().bytes);
  });
}

/** Appends a document time-stamp revision (PAdES B-LTA); returns its /Contents value as written. */
export async function appendDocumentTimestamp(out: GrowingPdf, tsa: TimestampClient): Promise<Buffer> {
  return PdfDocument.editing(out.source(), async (doc) => {
    const page = pageAt(doc, 0);
    const form = doc.resolve(doc.catalog().get('AcroForm'));
    const fields = form instanceof PdfDict ? doc.resolve(form.get('Fields')) : undefined;
    const inventory = inventoryFields(doc, Array.isArray(fields) ? fields : []);
    const rev = new IncrementalRevision(doc, out.size);
    const reserve = 12288;
    const sigRef = rev.add(
      signatureDictionary(rev, reserve, { Type: name('DocTimeStamp'), Filter: name('Adobe.PPKLite'), SubFilter: name('ETSI.RFC3161') }),
    );
    const fieldRef = rev.allocate();
    rev.set(
      fieldRef,
      dict({
        FT: name('Sig'),
        T: PdfString.fromText(uniqueName(inventory.names, 'DocTimeStamp')),
        V: sigRef,
        Type: name('Annot'),
        Subtype: name('Widget'),
        Rect: [0, 0, 0, 0],
        F: 132,
        P: page.ref,
      }),
    );
    const { catalog, catalogChanged } = attachField(doc, rev, page, fieldRef, [fieldRef]);
    if (catalogChanged) rev.set(doc.rootRef, catalog);
    return await appendSigned(out, rev, reserve, (digest) => buildDocumentTimestamp(digest, tsa));
  });
}

function checkLevelInputs(o: SignPdfOptions, level: PadesLevel): void {
  if (level !== 'B-B' && !o.timestamp) throw new SigningError('TSA_UNAVAILABLE', `Level ${level} needs a time-stamp authority.`, 'tsa');
  if ((level === 'B-LT' || level === 'B-LTA') && !o.revocation) {
    throw new SigningError('OCSP_UNAVAILABLE', `Level ${level} needs an OCSP/CRL source.`, 'tsa');
  }
}

async function signInto(out: GrowingPdf, o: SignPdfOptions): Promise<void> {
  const level = o.level ?? 'B-B';
  checkLevelInputs(o, level);
  const sig = await appendSignature(out, o, level);
  if (level === 'B-LT' || level === 'B-LTA') await appendDss(out, o.revocation, o.holder, sig);
  if (level === 'B-LTA') await appendDocumentTimestamp(out, o.timestamp!);
}

/** Signs a PDF held in memory; returns the original bytes followed by the new revision(s). */
export async function signPdf(pdf: Buffer, options: SignPdfOptions): Promise<Buffer> {
  const out = new InMemoryPdf(pdf);
  await signInto(out, options);
  return out.bytes();
}

/**
 * Signs `inPath` into `outPath` without loading the file: the original is
 * streamed into a temporary file (hashed on the way), the revisions are appended,
 * and the result is renamed into place only when everything succeeded.
 */
export async function signPdfFile(inPath: string, outPath: string, options: SignPdfOptions): Promise<void> {
  checkLevelInputs(options, options.level ?? 'B-B');
  const out = FilePdf.copyOf(inPath, outPath);
  try {
    await signInto(out, options);
    await out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
