// What each incremental update changed, judged object by object against the
// previous revision. This one diff catches incremental saving, shadow
// (hide / replace / hide-and-replace) and certification (evil annotation,
// sneaky signature) attacks: anything that is not a new signature field with
// its widget and appearance, a DSS, a document timestamp, or form filling is
// disallowed.
import type { PdfDocument } from '../pdf/document.js';
import { PdfDict, PdfRef, PdfStream, PdfString, nameOf, refsIn, sameObject, type PdfObj } from '../pdf/objects.js';
import type { ReasonCode } from './reasons.js';

/** How far an update goes, in increasing order. */
export type ChangeLevel = 'none' | 'ltv' | 'signing' | 'form-filling' | 'disallowed';
const ORDER: Record<ChangeLevel, number> = { none: 0, ltv: 1, signing: 2, 'form-filling': 3, disallowed: 4 };
export function maxLevel(a: ChangeLevel, b: ChangeLevel): ChangeLevel { return ORDER[a] >= ORDER[b] ? a : b; }
export function exceeds(level: ChangeLevel, allowed: ChangeLevel): boolean { return ORDER[level] > ORDER[allowed]; }

interface Change {
  readonly level: ChangeLevel;
  readonly code?: ReasonCode;
  readonly what: string;
  /** A new signature widget that draws on the page: refused after a certification (sneaky signature). */
  readonly drawingWidget?: boolean;
  /** The fully qualified name of an existing form field whose value or appearance this update changed (for FieldMDP locks). */
  readonly field?: string;
}

export interface RevisionDiff {
  readonly revision: number;
  readonly level: ChangeLevel;
  readonly changes: Change[];
}

type Role = 'page' | 'other';

/** Objects reachable from the catalog at a revision; 'page' for page content and resources. */
function reachable(doc: PdfDocument, rev: number, starts?: Array<[PdfRef, Role]>, into?: Map<number, Role>): Map<number, Role> {
  const roles = into ?? new Map<number, Role>();
  const queue: Array<[PdfObj | undefined, Role]> = [];
  if (starts) queue.push(...starts);
  else {
    queue.push([doc.revisions[rev]!.trailer.get('Root'), 'other']);
    const info = doc.revisions[rev]!.trailer.get('Info');
    if (info) queue.push([info, 'other']);
  }
  while (queue.length) {
    const [o, role] = queue.pop()!;
    if (o instanceof PdfRef) {
      const had = roles.get(o.num);
      if (had === 'page' || had === role) continue;
      roles.set(o.num, role);
      let v: PdfObj;
      try { v = doc.getObject(o.num, rev); } catch { continue; }
      queue.push([v, role]);
    } else if (Array.isArray(o)) {
      for (const x of o) queue.push([x, role]);
    } else if (o instanceof PdfDict || o instanceof PdfStream) {
      const d = o instanceof PdfStream ? o.dict : o;
      const isPage = nameOf(d.get('Type')) === 'Page';
      for (const [k, v] of d.map) {
        if (k === 'Parent' || k === 'P') continue;
        queue.push([v, isPage && (k === 'Contents' || k === 'Resources') ? 'page' : role]);
      }
    }
  }
  return roles;
}

function dictOf(o: PdfObj | undefined): PdfDict | undefined {
  if (o instanceof PdfStream) return o.dict;
  return o instanceof PdfDict ? o : undefined;
}

function refList(doc: PdfDocument, o: PdfObj | undefined, rev: number): PdfRef[] {
  const arr = doc.resolve(o, rev);
  return Array.isArray(arr) ? arr.filter((x): x is PdfRef => x instanceof PdfRef) : [];
}

function keysDiffering(a: PdfDict | undefined, b: PdfDict | undefined): string[] {
  const keys = new Set([...(a?.map.keys() ?? []), ...(b?.map.keys() ?? [])]);
  return [...keys].filter((k) => !sameObject(a?.get(k), b?.get(k)));
}

export class RevisionAnalyzer {
  private readonly roles = new Map<number, Map<number, Role>>();
  constructor(private readonly doc: PdfDocument) {}

  /**
   * Reachable objects at `rev`, built from the previous revision's set by
   * walking only what this revision wrote. Objects that stop being referenced
   * stay in the set; removing references is itself a disallowed change.
   */
  private rolesAt(rev: number): Map<number, Role> {
    let r = this.roles.get(rev);
    if (r) return r;
    const prev = rev > 0 ? this.roles.get(rev - 1) : undefined;
    if (!prev) r = reachable(this.doc, rev);
    else {
      r = new Map(prev);
      const starts: Array<[PdfRef, Role]> = [];
      for (const num of this.doc.revisions[rev]!.entries.keys()) {
        const role = r.get(num);
        if (role) { r.delete(num); starts.push([new PdfRef(num, 0), role]); }
      }
      const root = this.doc.revisions[rev]!.trailer.get('Root');
      if (root instanceof PdfRef && !r.has(root.num)) starts.push([root, 'other']);
      reachable(this.doc, rev, starts, r);
    }
    this.roles.set(rev, r);
    return r;
  }

  /** Changes made by revision `j` relative to `j - 1`. */
  diff(j: number): RevisionDiff {
    const doc = this.doc;
    const prev = j - 1;
    const last = doc.revisions.length - 1;
    const changes: Change[] = [];
    const add = (level: ChangeLevel, what: string, code?: ReasonCode): void => { changes.push(code ? { level, what, code } : { level, what }); };

    const changed = new Map<number, { old: PdfObj; now: PdfObj }>();
    const created = new Set<number>();
    for (const [num, e] of doc.revisions[j]!.entries) {
      const before = doc.entry(num, prev);
      const existed = before !== undefined && before.type !== 'f';
      if (e.type === 'f') {
        if (existed) add('disallowed', `object ${num} deleted`, 'CHANGE_OBJECT_REDEFINED');
        continue;
      }
      if (!existed) { created.add(num); continue; }
      if (doc.locationKey(num, j) === doc.locationKey(num, prev)) continue;
      const old = doc.getObject(num, prev);
      const now = doc.getObject(num, j);
      if (!sameObject(old, now)) changed.set(num, { old, now });
    }

    // Reachability is computed only when a check needs it (an ordinary signing update never does).
    const prevRoles = (): Map<number, Role> => this.rolesAt(prev);
    const nowRoles = (): Map<number, Role> => this.rolesAt(j);
    const allowedNew = new Set<number>();
    const handled = new Set<number>();
    const oldRefs = (o: PdfObj | undefined): PdfRef[] => refsIn(o).filter((r) => !created.has(r.num));

    // Everything new under an allowed entry point is allowed (DSS, appearance streams, signature values).
    const adoptNew = (o: PdfObj | undefined): void => {
      const stack = refsIn(o);
      while (stack.length) {
        const r = stack.pop()!;
        if (!created.has(r.num) || allowedNew.has(r.num)) continue;
        allowedNew.add(r.num);
        stack.push(...refsIn(doc.getObject(r.num, j)));
      }
    };
    const checkReveal = (o: PdfObj | undefined, where: string): void => {
      for (const r of oldRefs(o)) {
        const existed = doc.entry(r.num, prev);
        if (existed && existed.type !== 'f' && !prevRoles().has(r.num)) {
          add('disallowed', `${where} makes object ${r.num}, unreferenced when signed, visible`, 'CHANGE_HIDDEN_OBJECT_REVEALED');
        }
      }
    };

    const rootRef = doc.revisions[j]!.trailer.get('Root');
    const prevRootRef = doc.revisions[prev]!.trailer.get('Root');
    if (!sameObject(rootRef, prevRootRef)) add('disallowed', 'document catalog replaced', 'CHANGE_OBJECT_REDEFINED');
    const rootNum = rootRef instanceof PdfRef ? rootRef.num : -1;
    const catOld = doc.dictAt(prevRootRef, prev);
    const catNow = doc.dictAt(rootRef, j);
    if (changed.has(rootNum)) handled.add(rootNum);

    let level: ChangeLevel = 'none';
    const raise = (l: ChangeLevel): void => { level = maxLevel(level, l); };

    for (const k of keysDiffering(catOld, catNow)) {
      if (k === 'DSS') {
        raise('ltv');
        const dssRef = catNow?.get('DSS');
        if (dssRef instanceof PdfRef) { handled.add(dssRef.num); if (created.has(dssRef.num)) allowedNew.add(dssRef.num); }
        adoptNew(doc.resolve(dssRef, j));
      } else if (k === 'AcroForm' || k === 'Extensions') {
        // AcroForm handled below; Extensions only declares the ESIC level.
      } else if (k === 'Pages' || k === 'Names' || k === 'OpenAction' || k === 'AA' || k === 'OCProperties' || k === 'Outlines') {
        add('disallowed', `catalog /${k} changed`, 'CHANGE_PAGE_CONTENT');
      } else {
        add('disallowed', `catalog /${k} changed`, 'CHANGE_OBJECT_REDEFINED');
      }
      if (k !== 'DSS') checkReveal(catNow?.get(k), `catalog /${k}`);
    }
    // A DSS object changed in place (more OCSP responses) is still LTV data.
    const dssRef = catNow?.get('DSS');
    if (dssRef instanceof PdfRef && changed.has(dssRef.num)) { raise('ltv'); handled.add(dssRef.num); adoptNew(doc.getObject(dssRef.num, j)); }
    const dssNow = doc.dictAt(dssRef, j);
    for (const key of ['Certs', 'OCSPs', 'CRLs', 'VRI']) {
      const v = dssNow?.get(key);
      if (v instanceof PdfRef && changed.has(v.num)) { handled.add(v.num); adoptNew(doc.getObject(v.num, j)); }
    }

    // AcroForm: fields may only be added; SigFlags may change.
    const afRefNow = catNow?.get('AcroForm');
    const afRefOld = catOld?.get('AcroForm');
    const afOld = doc.dictAt(afRefOld, prev);
    const afNow = doc.dictAt(afRefNow, j);
    if (afRefNow instanceof PdfRef) { handled.add(afRefNow.num); if (created.has(afRefNow.num)) allowedNew.add(afRefNow.num); }
    for (const k of keysDiffering(afOld, afNow)) {
      if (k === 'Fields' || k === 'SigFlags') continue;
      if (k === 'DR' && afOld?.get('DR') === undefined) { adoptNew(afNow?.get('DR')); checkReveal(afNow?.get('DR'), 'form resources'); continue; }
      add('disallowed', `form dictionary /${k} changed`, 'CHANGE_OBJECT_REDEFINED');
    }
    const fieldsRefNow = afNow?.get('Fields');
    if (fieldsRefNow instanceof PdfRef) { handled.add(fieldsRefNow.num); if (created.has(fieldsRefNow.num)) allowedNew.add(fieldsRefNow.num); }
    const oldFields = refList(doc, afOld?.get('Fields'), prev);
    const nowFields = refList(doc, fieldsRefNow, j);
    for (const f of oldFields) if (!nowFields.some((r) => r.num === f.num)) add('disallowed', `form field ${f.num} removed`, 'CHANGE_OBJECT_REDEFINED');

    const newWidgets = new Set<number>();
    const widgetsOf = (field: PdfDict, fieldRef: PdfRef): PdfRef[] => {
      const kids = refList(doc, field.get('Kids'), j);
      return kids.length ? kids : [fieldRef];
    };
    for (const f of nowFields) {
      if (oldFields.some((r) => r.num === f.num)) continue;
      const field = doc.dictAt(f, j);
      if (!created.has(f.num) || !field) { add('disallowed', `field list points at existing object ${f.num}`, 'CHANGE_HIDDEN_OBJECT_REVEALED'); continue; }
      allowedNew.add(f.num);
      handled.add(f.num);
      if (nameOf(field.get('FT')) !== 'Sig') { add('disallowed', `new form field ${fieldName(field)} that is not a signature`, 'CHANGE_DISALLOWED'); continue; }
      const v = doc.dictAt(field.get('V'), j);
      const isDts = v !== undefined && nameOf(v.get('Type')) === 'DocTimeStamp';
      raise(isDts ? 'ltv' : 'signing');
      // A new signature is a change to the form: a FieldMDP lock of /All (or an /Exclude that does
      // not name it) forbids it, as pyHanko judges. A document timestamp is LTV data and never locked.
      if (!isDts) changes.push({ level: 'signing', what: `new signature field ${fieldName(field)}`, field: qualifiedName(doc, field, j) });
      adoptNew(field.get('V'));
      for (const w of widgetsOf(field, f)) {
        const wd = doc.dictAt(w, j);
        if (!wd) continue;
        newWidgets.add(w.num);
        if (created.has(w.num)) allowedNew.add(w.num);
        adoptNew(wd.get('AP'));
        adoptNew(wd.get('MK'));
        checkReveal(wd.get('AP'), `signature field ${fieldName(field)}`);
        // Sneaky signature: a box that draws but carries no signature value (now or later).
        const finalField = doc.dictAt(f, last);
        if (drawsSomething(doc, wd, j)) {
          if (!(finalField && doc.dictAt(finalField.get('V'), last))) add('disallowed', `unsigned signature field ${fieldName(field)} draws on page`, 'CHANGE_UNSIGNED_WIDGET');
          else changes.push({ level: 'signing', what: `signature field ${fieldName(field)} draws on page`, drawingWidget: true });
        }
      }
    }

    // The document information dictionary (ISO 32000-1 §14.3.3): metadata that
    // other signers (pyHanko: /Producer, /ModDate) update with every revision.
    // Only text values, so nothing in it can draw; pyHanko allows it as an LTA-level update.
    const infoRef = doc.revisions[j]!.trailer.get('Info');
    const infoNum = infoRef instanceof PdfRef && sameObject(infoRef, doc.revisions[prev]!.trailer.get('Info')) ? infoRef.num : -1;
    const infoUpdate = changed.get(infoNum);
    if (infoUpdate && isInfoDict(infoUpdate.old) && isInfoDict(infoUpdate.now) && prevRoles().get(infoNum) !== 'page') {
      handled.add(infoNum);
      raise('ltv');
    }

    // Existing objects that changed.
    for (const [num, { old, now }] of changed) {
      if (handled.has(num)) continue;
      const od = dictOf(old);
      const nd = dictOf(now);
      const type = nameOf(nd?.get('Type'));
      if (od && nd && type === 'Page' && nameOf(od.get('Type')) === 'Page') {
        const diff = keysDiffering(od, nd);
        for (const k of diff) {
          if (k !== 'Annots') {
            add('disallowed', `page object ${num}: /${k} changed`, 'CHANGE_PAGE_CONTENT');
            checkReveal(nd.get(k), `page object ${num} /${k}`);
            continue;
          }
          this.checkAnnots(refList(doc, od.get('Annots'), prev), refList(doc, nd.get('Annots'), j), newWidgets, num, add);
          const annotsRef = nd.get('Annots');
          if (annotsRef instanceof PdfRef) { handled.add(annotsRef.num); allowedNew.add(annotsRef.num); }
        }
        continue;
      }
      // An indirect /Annots array of a page.
      if (Array.isArray(old) && Array.isArray(now) && this.isAnnotsArray(num, prev)) {
        this.checkAnnots(old.filter((x): x is PdfRef => x instanceof PdfRef), now.filter((x): x is PdfRef => x instanceof PdfRef), newWidgets, num, add);
        continue;
      }
      // Form filling: a field's value and appearance state.
      if (od && nd && (od.has('FT') || od.has('Parent')) && nameOf(nd.get('Type')) !== 'Page') {
        const diff = keysDiffering(od, nd);
        const formKeys = new Set(['V', 'AS', 'AP']);
        if (diff.every((k) => formKeys.has(k))) {
          const isSig = nameOf(nd.get('FT')) === 'Sig';
          raise(isSig ? 'signing' : 'form-filling');
          const field = qualifiedName(doc, nd, j);
          changes.push({ level: isSig ? 'signing' : 'form-filling', what: `field "${field}" ${isSig ? 'signed' : 'filled'} (${diff.map((k) => `/${k}`).join(', ')})`, field });
          adoptNew(nd.get('V'));
          adoptNew(nd.get('AP'));
          checkReveal(nd.get('AP'), `field ${fieldName(nd)}`);
          if (isSig && diff.includes('AP') && !doc.dictAt(nd.get('V'), last)) add('disallowed', `unsigned signature field ${fieldName(nd)} draws on page`, 'CHANGE_UNSIGNED_WIDGET');
          continue;
        }
        add('disallowed', `field ${fieldName(nd)}: ${diff.map((k) => `/${k}`).join(', ')} changed`, 'CHANGE_OBJECT_REDEFINED');
        continue;
      }
      checkReveal(now, `object ${num}`);
      const role = prevRoles().get(num);
      if (role === 'page') add('disallowed', `object ${num} used by page content or resources was redefined`, 'CHANGE_PAGE_CONTENT');
      else if (role === undefined) add('disallowed', `object ${num}, unreferenced when signed, was redefined`, 'CHANGE_HIDDEN_OBJECT_REVEALED');
      else add('disallowed', `object ${num} was redefined`, 'CHANGE_OBJECT_REDEFINED');
    }

    // New objects that became part of the document outside the allowed places.
    for (const num of created) {
      if (allowedNew.has(num)) continue;
      // The update's own xref stream and object streams are structure, not content.
      const t = nameOf(dictOf(doc.getObject(num, j))?.get('Type'));
      if ((t === 'XRef' || t === 'ObjStm') && !refsTo(doc, j, num, changed, created)) continue;
      if (!nowRoles().has(num)) continue;
      add('disallowed', `new object ${num} added to the document`, nowRoles().get(num) === 'page' ? 'CHANGE_PAGE_CONTENT' : 'CHANGE_DISALLOWED');
    }
    if (changes.some((c) => c.level === 'disallowed')) level = 'disallowed';
    return { revision: j, level, changes };
  }

  private isAnnotsArray(num: number, rev: number): boolean {
    // Cheap check: some page at `rev` refers to it as /Annots.
    for (const [n] of this.rolesAt(rev)) {
      const d = dictOf(this.doc.getObject(n, rev));
      const a = d && nameOf(d.get('Type')) === 'Page' ? d.get('Annots') : undefined;
      if (a instanceof PdfRef && a.num === num) return true;
    }
    return false;
  }

  private checkAnnots(old: PdfRef[], now: PdfRef[], newWidgets: Set<number>, page: number, add: (l: ChangeLevel, w: string, c?: ReasonCode) => void): void {
    for (const a of old) if (!now.some((r) => r.num === a.num)) add('disallowed', `annotation ${a.num} removed from page ${page}`, 'CHANGE_OBJECT_REDEFINED');
    for (const a of now) {
      if (old.some((r) => r.num === a.num) || newWidgets.has(a.num)) continue;
      const d = this.doc.dictAt(a);
      add('disallowed', `${nameOf(d?.get('Subtype')) ?? 'unknown'} annotation ${a.num} added to page ${page}`, 'CHANGE_ANNOTATION_ADDED');
    }
  }
}

/** Whether any object this revision wrote refers to `num`. */
function refsTo(doc: PdfDocument, rev: number, num: number, changed: Map<number, unknown>, created: Set<number>): boolean {
  for (const n of [...changed.keys(), ...created]) {
    if (n !== num && refsIn(doc.getObject(n, rev)).some((r) => r.num === num)) return true;
  }
  return false;
}

/** A document information dictionary: text strings only (and the /Trapped name). */
function isInfoDict(o: PdfObj): boolean {
  return o instanceof PdfDict && [...o.map].every(([k, v]) => v instanceof PdfString || (k === 'Trapped' && nameOf(v) !== undefined));
}

/**
 * A field's fully qualified name (ISO 32000-1 §12.7.3.2): the partial names
 * /T of the field and its ancestors joined with periods. A widget without /T
 * is named by its parent field.
 */
function qualifiedName(doc: PdfDocument, d: PdfDict, rev: number): string {
  const parts: string[] = [];
  let cur: PdfDict | undefined = d;
  for (let depth = 0; cur && depth < 32; depth++) {
    const t = cur.get('T');
    if (t instanceof PdfString) parts.unshift(decodePdfText(t.bytes));
    cur = doc.dictAt(cur.get('Parent'), rev);
  }
  return parts.join('.');
}

function fieldName(d: PdfDict): string {
  const t = d.get('T');
  return t && typeof t === 'object' && 'bytes' in t ? `"${decodePdfText((t as { bytes: Buffer }).bytes)}"` : '(unnamed)';
}

export function decodePdfText(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
    return s;
  }
  return b.toString('latin1');
}

/** A widget draws when it is not hidden, has area, and a non-empty normal appearance. */
function drawsSomething(doc: PdfDocument, w: PdfDict, rev: number): boolean {
  const f = w.get('F');
  if (typeof f === 'number' && (f & 2) !== 0) return false;
  const rect = doc.resolve(w.get('Rect'), rev);
  if (Array.isArray(rect) && rect.length === 4 && rect.every((x) => typeof x === 'number')) {
    const [x1, y1, x2, y2] = rect as number[];
    if (Math.abs(x2! - x1!) < 0.5 || Math.abs(y2! - y1!) < 0.5) return false;
  }
  const ap = doc.dictAt(w.get('AP'), rev);
  if (!ap) return false;
  const n = doc.resolve(ap.get('N'), rev);
  if (n instanceof PdfStream) return n.raw.length > 0;
  return n instanceof PdfDict && n.map.size > 0;
}
