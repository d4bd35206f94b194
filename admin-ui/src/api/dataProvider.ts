import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListParams, GetListResult, Identifier } from 'react-admin';
import type { DocumentStatus } from '@naskah/domain/rulebook';
import { API_URL, apiFetch, apiJson } from './http.js';
import type { FollowUpStatus } from '@naskah/domain/rulebook';

/** A jabatan below the disposer: title, unit and agency, current holder (null: vacant). */
export interface DispositionRecipient { id: number; title: string; unitName: string | null; agencyName: string; holderName: string | null }
import { listPage } from './list-page.js';
import { followDocument } from './following.js';

/**
 * Everything the console asks of the API lives here: the ra-data-simple-rest
 * resources plus the workflow actions. When an endpoint's shape changes on the
 * server, this is the one file to adjust.
 */

async function httpClient(url: string, options: { method?: string; body?: BodyInit | null; headers?: Headers } = {}) {
  const path = url.startsWith(API_URL) ? url.slice(API_URL.length) : url;
  const response = await apiFetch(path, { method: options.method, body: options.body, headers: options.headers });
  const body = await response.text();
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, body, json };
}

export interface NotificationItem { id: number; kind: string; subjectType: string; subjectId: number; title: string; at: string; read: boolean }
export type InboxQueue = 'drafts' | 'to-paraf' | 'to-sign' | 'returned' | 'sent' | 'incoming' | 'dispositions' | 'tembusan';
/** SRIKANDI's order: Konsep, Perlu Paraf, Perlu Tanda Tangan, Dikembalikan, Naskah Keluar, Naskah Masuk, Disposisi, Tembusan. */
export const INBOX_QUEUES: InboxQueue[] = ['drafts', 'to-paraf', 'to-sign', 'returned', 'sent', 'incoming', 'dispositions', 'tembusan'];

export interface InboxItem {
  id: Identifier;
  /** The document, incoming letter or disposition the row opens. */
  resource: 'documents' | 'incoming-letters' | 'dispositions';
  recordId: Identifier;
  hal: string;
  from?: string;
  number?: string;
  type?: string;
  sifat?: string;
  receivedAt?: string;
  deadline?: string;
  read?: boolean;
  /** A document's status, and whose paraf or signature it waits for. */
  status?: string;
  turn?: string;
}

export interface Inbox {
  counts: Partial<Record<InboxQueue, number>>;
  items: InboxItem[];
  total: number;
}

const QUEUE_RESOURCE: Record<InboxQueue, InboxItem['resource']> = {
  drafts: 'documents',
  'to-paraf': 'documents',
  'to-sign': 'documents',
  returned: 'documents',
  sent: 'documents',
  tembusan: 'documents',
  incoming: 'incoming-letters',
  dispositions: 'dispositions',
};

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function inboxItem(queue: InboxQueue, raw: Raw): InboxItem {
  const doc = (raw.document ?? raw.letter ?? raw.incomingLetter ?? {}) as Raw;
  const from = raw.from ?? doc.from ?? raw.drafter ?? doc.drafter;
  const recordId = (raw.documentId ?? raw.incomingLetterId ?? raw.dispositionId ?? raw.recordId ?? doc.id ?? raw.id) as Identifier;
  const byKind = raw.kind === 'incoming_letter' ? 'incoming-letters' : raw.kind === 'disposition' ? 'dispositions' : raw.kind === 'document' ? 'documents' : undefined;
  return {
    id: `${String(raw.kind ?? queue)}-${String(raw.id ?? recordId)}-${String(raw.stepId ?? '')}`,
    resource: byKind ?? QUEUE_RESOURCE[queue],
    recordId,
    hal: str(raw.hal ?? doc.hal ?? raw.subject ?? raw.instruction) ?? '',
    from: typeof from === 'object' && from ? str((from as Raw).name) : str(from),
    number: str(raw.number ?? doc.number ?? raw.agendaNumber),
    type: str(raw.type ?? doc.type),
    sifat: str(raw.sifat ?? doc.sifat),
    receivedAt: str(raw.receivedAt ?? raw.at ?? raw.createdAt ?? raw.updatedAt),
    deadline: str(raw.deadline ?? raw.dueAt),
    read: typeof raw.read === 'boolean' ? raw.read : raw.readAt ? true : undefined,
    status: str(raw.status),
    turn: str(raw.turn),
  };
}

export interface BulkSignResult {
  id: Identifier;
  ok: boolean;
  code?: string;
  detail?: string;
}

type VerificationStatus = 'VALID' | 'INVALID' | 'INDETERMINATE';
export interface VerificationReport {
  status: VerificationStatus;
  documentId?: string;
  number?: string;
  hal?: string;
  signatures: Array<{
    status?: VerificationStatus;
    signer?: string;
    nip?: string;
    position?: string;
    signedAt?: string;
    issuer?: string;
    /** The anchor the signer's chain ends at and what kind of TTE that makes it (PP 71/2019), in both languages. */
    trust?: { kind: 'internal' | 'certified' | 'untrusted'; anchor: string | null; id: string; en: string };
    reasons?: string[];
  }>;
  reasons: string[];
  checkedAt?: string;
  /** The certificate provider's own verdict (informational; Naskah's status above never depends on it). */
  provider?: {
    name: string; available: boolean; label: { id: string; en: string }; conclusion: string | null;
    signatures: Array<{ signer: string | null; signatureFormat: string | null; ltv: boolean | null; integrityValid: boolean; certificateTrusted: boolean }>;
  };
}

type SignatureTrust = NonNullable<VerificationReport['signatures'][number]['trust']>;
function trustOf(raw: unknown): SignatureTrust | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const t = raw as Raw;
  const kind = str(t.kind);
  if (kind !== 'internal' && kind !== 'certified' && kind !== 'untrusted') return undefined;
  return { kind, anchor: str(t.anchor) ?? null, id: str(t.id) ?? '', en: str(t.en) ?? '' };
}

function verificationReport(raw: Raw): VerificationReport {
  const sigs = (Array.isArray(raw.signatures) ? raw.signatures : []) as Raw[];
  const reasons = (raw.reasons ?? raw.errors ?? []) as unknown[];
  return {
    status: (str(raw.status ?? raw.result ?? raw.verdict) ?? 'INDETERMINATE').toUpperCase() as VerificationStatus,
    documentId: str(raw.documentId ?? raw.id),
    number: str(raw.number),
    hal: str(raw.hal),
    checkedAt: str(raw.checkedAt ?? raw.at),
    ...(raw.provider && typeof raw.provider === 'object' ? { provider: raw.provider as NonNullable<VerificationReport['provider']> } : {}),
    reasons: reasons.map((r) => (typeof r === 'string' ? r : str((r as Raw).message ?? (r as Raw).code) ?? '')),
    signatures: sigs.map((s) => {
      const signer = s.signer as Raw | string | undefined;
      return {
        status: str(s.status)?.toUpperCase() as VerificationStatus | undefined,
        signer: typeof signer === 'object' && signer ? str(signer.name ?? signer.commonName) : str(signer ?? s.signerName ?? s.commonName),
        nip: typeof signer === 'object' && signer ? str(signer.nip) : str(s.nip),
        position: str(s.position ?? s.jabatan),
        signedAt: str(s.signedAt ?? s.signingTime ?? s.time),
        issuer: str(s.issuer),
        trust: trustOf(s.trust),
        reasons: ((s.reasons ?? s.errors ?? []) as unknown[]).map((r) => (typeof r === 'string' ? r : str((r as Raw).message ?? (r as Raw).code) ?? '')),
      };
    }),
  };
}

const post = <T,>(path: string, body?: unknown) =>
  apiJson<T>(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

/** A stored bukti dukung file as the API names it. */
export interface EvidenceFile { sha256: string; name: string; contentType: string; size: number }

export interface RoutingState {
  documentId: string;
  /** The document's status (the rulebook's one vocabulary; the routing carries what the record holds). */
  status: DocumentStatus;
  round: number;
  version: number;
  number: string | null;
  waiting: Array<{ kind: string; stepKey: string; actors: Array<{ personId: string; positionId: string }> }>;
}

export type DocumentAction = 'submit' | 'paraf' | 'return' | 'sign' | 'withdraw' | 'revise';

export const naskahApi = {
  /** Your latest notifications (tasks, reminders, escalations) and how many are unread. */
  notifications(count = 10) {
    return apiJson<{ unread: number; items: NotificationItem[] }>(`/inbox/notifications?range=${encodeURIComponent(JSON.stringify([0, count - 1]))}`);
  },
  async inbox(queue: InboxQueue, page = 1, perPage = 25): Promise<Inbox> {
    const raw = await apiJson<Raw>(`/inbox?queue=${queue}&range=${encodeURIComponent(JSON.stringify([(page - 1) * perPage, page * perPage - 1]))}`);
    const rows = (raw.items ?? raw.data ?? (Array.isArray(raw) ? raw : [])) as Raw[];
    return {
      counts: (raw.counts ?? {}) as Inbox['counts'],
      items: rows.map((r) => inboxItem(queue, r)),
      total: typeof raw.total === 'number' ? raw.total : rows.length,
    };
  },

  /** Workflow actions on an outgoing document; sign carries the passphrase in the body only. */
  documentAction(id: Identifier, action: DocumentAction, body?: Record<string, unknown>) {
    // Taken: the workflow moves the document on a moment later, and its page follows until it settles.
    return post<Raw>(`/documents/${id}/${action}`, body ?? {}).then((answer) => { followDocument(id); return answer; });
  },

  /** How the signed-in signer signs: their provider, and whether it sends one-time codes (TOTP). */
  signingMethod() {
    return apiJson<{ provider: string | null; certified: boolean; totp: boolean }>('/signing/method');
  },

  /** Asks the signer's provider to send a one-time code good for `documents` signatures; resolves to its message. */
  async requestSigningTotp(documents: number): Promise<string> {
    return (await post<{ message: string }>('/signing/totp', { documents })).message;
  },

  /**
   * Bulk signing, one document at a time so the console can show progress and
   * a result per document; one failure does not stop the rest. A wrong
   * passphrase stops the run, since every later attempt would fail the same
   * way and count toward the lockout.
   */
  async bulkSign(ids: Identifier[], secret: { passphrase: string } | { totp: string }, onResult: (result: BulkSignResult, done: number) => void): Promise<BulkSignResult[]> {
    const results: BulkSignResult[] = [];
    for (const id of ids) {
      let result: BulkSignResult;
      try {
        await post(`/documents/${id}/sign`, secret);
        result = { id, ok: true };
      } catch (error) {
        const problem = (error as { problem?: { code?: string; detail?: string } }).problem;
        result = { id, ok: false, code: problem?.code, detail: problem?.detail };
      }
      results.push(result);
      onResult(result, results.length);
      if (result.code === 'PASSPHRASE_INVALID' || result.code === 'TOTP_INVALID' || result.code === 'SIGNING_LOCKED') break;
    }
    return results;
  },

  /** Where the routing workflow is and whom it waits for (the authority on who may act now). */
  routingState(id: Identifier) {
    return apiJson<RoutingState>(`/documents/${id}/routing`);
  },

  /** Renders the unsaved draft to a PDF for the compose screen. */
  async preview(draft: Record<string, unknown>): Promise<Blob> {
    const response = await apiFetch('/documents/preview', { method: 'POST', body: JSON.stringify(draft), headers: { Accept: 'application/pdf' } });
    return response.blob();
  },

  pdfPath(id: Identifier, version: number | string) {
    return `/documents/${id}/versions/${version}/pdf`;
  },

  /** A new PDF version of a draft (the rendered or scanned naskah); the server checks it is a PDF by content. */
  uploadVersion(documentId: Identifier, file: File, reason: 'draft' | 'revision' = 'draft') {
    return apiJson<{ no: number; sha256: string; size: number }>(`/documents/${documentId}/versions?reason=${reason}`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/pdf' },
    });
  },

  /**
   * Registrasi surat masuk: the agenda data first (JSON), then the scan as the
   * letter's PDF. Returns the new letter's id.
   */
  async registerIncoming(fields: Record<string, unknown>, scan?: File) {
    const allowed = ['senderName', 'senderNumber', 'senderDate', 'receivedAt', 'sifat', 'classification', 'hal', 'addressedToId', 'agendaNumber'];
    const body = Object.fromEntries(Object.entries(fields).filter(([k, v]) => allowed.includes(k) && v !== undefined && v !== null && v !== ''));
    const created = await post<Raw>('/incoming-letters', body);
    let scanUploaded = false;
    if (scan) {
      // The letter is registered either way; a failed scan upload can be repeated from its page.
      scanUploaded = await naskahApi.uploadIncomingScan(created.id as Identifier, scan).then(
        () => true,
        () => false,
      );
    }
    return { ...body, ...created, scanUploaded };
  },

  /** The scan (pindaian) of a surat masuk, checked as a PDF by the server; a new one replaces the shown scan, the earlier stays stored. */
  uploadIncomingScan(letterId: Identifier, file: File) {
    return apiJson<{ sha256: string; size: number; replaced: boolean }>(`/incoming-letters/${letterId}/scan`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/pdf' },
    });
  },

  /** Disposisi from the letter (head) or further down a branch (parentId). */
  dispose(body: { incomingLetterId: Identifier; parentId?: Identifier | null; toPositionIds: Identifier[]; instruction?: string; instructions?: string[]; note?: string; deadline?: string | null; requestId?: string }) {
    return post<{ ids: number[] }>('/dispositions', body);
  },
  /** The jabatan you may dispose this letter to (below yours), as the API computes them; `parentId` when forwarding a branch. */
  dispositionRecipients(incomingLetterId: Identifier, parentId?: Identifier | null) {
    return apiJson<{ fromPositionId: number; data: DispositionRecipient[] }>(
      `/incoming-letters/${incomingLetterId}/disposition-recipients${parentId ? `?parentId=${encodeURIComponent(String(parentId))}` : ''}`);
  },
  /** The tindak lanjut: report, selesai or sebagian, and the key of an attachment stored first (uploadFollowUpAttachment). */
  followUp(dispositionId: Identifier, body: { report: string; status: FollowUpStatus; attachment?: string }) {
    return post<Raw>(`/dispositions/${dispositionId}/follow-up`, body);
  },
  /** The result attached to a tindak lanjut (PDF, PNG or JPEG; the server judges the type by content). */
  uploadFollowUpAttachment(dispositionId: Identifier, file: File) {
    return apiJson<{ attachment: string; sha256: string; size: number; mediaType: string }>(`/dispositions/${dispositionId}/follow-up/attachment`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  },
  /** The recipient opened it: recorded as read (from then on it cannot be withdrawn). */
  readDisposition(dispositionId: Identifier) {
    return post<Raw>(`/dispositions/${dispositionId}/read`);
  },
  withdrawDisposition(dispositionId: Identifier) {
    return post<Raw>(`/dispositions/${dispositionId}/withdraw`);
  },

  indicators(agreementId: Identifier) {
    return apiJson<Raw[]>(`/agreements/${agreementId}/indicators`);
  },
  /** A quarter's realisation of every indicator (by code) with its bukti dukung; the agreement's workflow records it. */
  reportRealisation(agreementId: Identifier, body: { quarter: number; realisations: { code: string; value: number; evidence?: string; evidenceFile?: { sha256: string; name: string } }[] }) {
    return post<Raw>(`/agreements/${agreementId}/realisation`, body);
  },
  /** A bukti dukung file, stored before the report names it by its hash; the server judges the type by content. */
  uploadEvidence(agreementId: Identifier, file: File) {
    return apiJson<EvidenceFile>(`/agreements/${agreementId}/evidence?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' },
    });
  },
  /**
   * Sends the konsep for signature by every party: its naskah (a perjanjian kinerja drafted from the
   * agreement, rendered by the server's template) goes for paraf and the parties' signatures.
   */
  async submitAgreement(agreementId: Identifier, draft: Raw) {
    const created = await post<{ id: number }>('/documents', draft);
    await apiJson(`/documents/${created.id}/render`, { method: 'POST' });
    return post<Raw>(`/agreements/${agreementId}/submit`, { documentId: created.id });
  },

  async verifyUpload(file: File): Promise<VerificationReport> {
    const form = new FormData();
    form.append('file', file, file.name);
    return verificationReport(await apiJson<Raw>('/verify', { method: 'POST', body: form }));
  },
  /** The QR target: the token printed in /verifikasi/<token> (random, per signed version). */
  async verifyByToken(token: string): Promise<VerificationReport> {
    return verificationReport(await apiJson<Raw>(`/verify/${encodeURIComponent(token)}`));
  },

  /** The document page: its newest signed version, with the same trust configuration as the public page. */
  async documentVerification(id: Identifier): Promise<VerificationReport> {
    return verificationReport(await apiJson<Raw>(`/documents/${id}/verification`));
  },
  async archiveVerification(id: Identifier): Promise<VerificationReport> {
    return verificationReport(await apiJson<Raw>(`/archive/${id}/verification`));
  },
  archivePackagePath(id: Identifier) {
    return `/archive/${id}/package`;
  },
  auditVerify() {
    return apiJson<Raw>('/audit/verify');
  },
  dashboard() {
    return apiJson<Raw>('/dashboard');
  },
  get<T = Raw>(path: string) {
    return apiJson<T>(path);
  },
};

/** The body is stored as template blocks (@naskah/templates); the form edits plain paragraphs. */
function bodyToText(blocks: unknown): string {
  return Array.isArray(blocks) ? blocks.map((b) => (b as { text?: string }).text ?? '').filter(Boolean).join('\n\n') : '';
}
function textToBody(text: unknown): Array<{ kind: 'paragraph'; text: string }> {
  return String(text ?? '')
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: 'paragraph' as const, text: t }));
}

const DRAFT_FIELDS = ['type', 'hal', 'sifat', 'classification', 'archiveCode', 'lampiran', 'kepada', 'tembusan', 'content', 'reviewerPositionIds', 'signerPositionId'] as const;

/** The form's values as the API's CreateDraft/UpdateDraft body (strict: only its own keys). */
export function draftPayload(values: Record<string, unknown>): Record<string, unknown> {
  const content = { ...((values.content as Raw | undefined) ?? {}), body: textToBody(values.body) };
  const out: Record<string, unknown> = {};
  for (const key of DRAFT_FIELDS) if (values[key] !== undefined && values[key] !== null && values[key] !== '') out[key] = values[key];
  out.content = content;
  const clean = (list: unknown) => ((list ?? []) as Raw[]).filter(Boolean).map((a) => (a.positionId ? { positionId: a.positionId, name: a.name } : { name: a.name }));
  if (values.kepada) out.kepada = clean(values.kepada);
  if (values.tembusan) out.tembusan = clean(values.tembusan);
  // Several signers: ordered groups instead of the one signer (the API takes one or the other).
  if (values.multipleSigners) {
    delete out.signerPositionId;
    out.signerGroups = ((values.signerGroups ?? []) as Array<{ positionIds?: unknown[] } | null>).map((g) => g?.positionIds ?? []);
  }
  return out;
}

/** A document as the form edits it: body as text, route as reviewers + signer (or signer groups, by step order). */
function documentForForm(record: Raw): Raw {
  const steps = (record.steps ?? []) as Array<{ kind: string; order: number; positionId: number }>;
  const signing = steps.filter((s) => s.kind === 'sign');
  const orders = [...new Set(signing.map((s) => s.order))].sort((a, b) => a - b);
  return {
    ...record,
    body: bodyToText((record.content as Raw | undefined)?.body),
    reviewerPositionIds: steps.filter((s) => s.kind === 'paraf').sort((a, b) => a.order - b.order).map((s) => s.positionId),
    signerPositionId: signing[0]?.positionId ?? record.signerPositionId ?? undefined,
    multipleSigners: signing.length > 1,
    signerGroups: orders.map((order) => ({ positionIds: signing.filter((s) => s.order === order).map((s) => s.positionId) })),
  };
}

const rest = simpleRestProvider(API_URL, httpClient as never);

async function getList(resource: string, params: GetListParams): Promise<GetListResult> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 10 };
  const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
  const query = new URLSearchParams({
    sort: JSON.stringify([field, order]), range: JSON.stringify([(page - 1) * perPage, page * perPage - 1]), filter: JSON.stringify(params.filter ?? {}),
  });
  const { headers, json } = await httpClient(`${API_URL}/${resource}?${query.toString()}`);
  return listPage(Array.isArray(json) ? json : [], headers, page) as GetListResult;
}

/**
 * The API's bodies are strict (unknown keys are a 400), while react-admin sends
 * the whole record: each resource's writable fields, per operation.
 */
const WRITABLE: Record<string, { create: string[]; update: string[] }> = {
  agencies: { create: ['code', 'name', 'address', 'phone', 'email', 'website', 'city', 'postalCode'], update: ['code', 'name', 'address', 'phone', 'email', 'website', 'city', 'postalCode'] },
  positions: { create: ['agencyId', 'title', 'eselon', 'superiorId'], update: ['agencyId', 'title', 'eselon', 'superiorId'] },
  people: { create: ['name', 'nip', 'nik', 'email', 'phone', 'agencyId', 'positionId'], update: ['name', 'nip', 'nik', 'email', 'phone', 'agencyId', 'positionId'] },
  users: { create: ['personId', 'username', 'password', 'roles', 'classifiedAccess', 'active'], update: ['password', 'roles', 'classifiedAccess', 'active'] },
  delegations: { create: ['kind', 'positionId', 'delegateId', 'validFrom', 'validTo', 'reason'], update: [] },
  certificates: { create: ['personId', 'passphrase'], update: ['status', 'reason'] },
};

function writable(resource: string, operation: 'create' | 'update', data: Raw, previous?: Raw): Raw {
  const fields = WRITABLE[resource]?.[operation];
  if (!fields) return data;
  // On update, send only what changed: a PUT of an unchanged password field must not reset it.
  return Object.fromEntries(
    Object.entries(data).filter(([k, v]) => fields.includes(k) && v !== undefined && v !== '' && (!previous || JSON.stringify(previous[k]) !== JSON.stringify(v))),
  );
}

export type NaskahDataProvider = DataProvider & typeof naskahApi;

export const dataProvider: NaskahDataProvider = {
  ...rest,
  getList: getList as DataProvider['getList'],
  async getOne(resource, params) {
    const result = await rest.getOne(resource, params);
    return resource === 'documents' ? { data: documentForForm(result.data) as typeof result.data } : result;
  },
  async create(resource, params) {
    if (resource === 'documents') return rest.create(resource, { ...params, data: draftPayload(params.data as Raw) });
    if (resource === 'incoming-letters') {
      const { scan, ...fields } = params.data as Raw & { scan?: { rawFile?: File } };
      const data = await naskahApi.registerIncoming(fields, scan?.rawFile);
      return { data: data as never };
    }
    if (resource === 'agreements') {
      const data = params.data as Raw & { indicators?: Raw[] };
      const body = {
        kind: data.kind, title: data.title, year: data.year, parties: data.parties, parallel: Boolean(data.parallel),
        indicators: (data.indicators ?? []).map((i) => ({
          code: i.code, name: i.name, unit: i.unit, direction: i.direction ?? 'higher', targetYear: i.targetYear,
          targetQuarters: [0, 1, 2, 3].map((q) => ((i.targetQuarters as unknown[] | undefined)?.[q] ?? 0)),
        })),
      };
      const created = await post<Raw>('/agreements', body);
      return { data: { ...body, ...created } as never };
    }
    return rest.create(resource, { ...params, data: writable(resource, 'create', params.data as Raw) });
  },
  async update(resource, params) {
    if (resource === 'documents') {
      const data = await apiJson<Raw>(`/documents/${params.id}`, { method: 'PUT', body: JSON.stringify(draftPayload(params.data as Raw)) });
      return { data: { ...(params.previousData as Raw), ...(data ?? {}), id: params.id } as never };
    }
    return rest.update(resource, { ...params, data: writable(resource, 'update', params.data as Raw, params.previousData as Raw) });
  },
  ...naskahApi,
};
