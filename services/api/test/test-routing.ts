// For tests only: the API with a Naskah worker behind it, for the suites that
// drive documents through their routing (paraf → nomor → TTE) over HTTP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { insertInternalCertificate, openOrm, positionHolder, routingEndStatuses, type DomainEntityManager, type DomainOrm } from '@naskah/domain';
import { createStandInGateway, openGatewayRegistry, type GatewayRegistry, type StandInGateway } from '@naskah/infra/gateway';
import { testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import { createPkiHandler, initPki, issueCertificate, type IssuedCertificate, type Pki, type PkiHandler } from '@naskah/pki';
import { buildActivities } from '@naskah/workflows/activities';
import { createNaskahWorker, type NaskahWorker } from '@naskah/workflows/worker';
import { startTestApi, type TestApi } from './test-api.js';

export interface RoutingHarnessOptions {
  /** Prefix of the task queue and the data folder. */
  name: string;
  /**
   * The internal CA at `<dataDir>/pki`, made before the API starts so that it mounts /api/pki and
   * signs PAdES B-LT with the CA's TSA and OCSP when the key is ours (as `npm start` lays out `.data/`).
   */
  internalCa?: boolean | { organization: string };
  /** Holders of these positions get a key from the internal CA (implied) under `passphrase`, as with giveKey. */
  signers?: string[];
  passphrase?: string;
  /**
   * The stand-in provider gateway (BSrE) in process, given to the API through SIGNING_GATEWAYS_FILE;
   * `apiVersion` is the esign-client contract it is configured with (v1 by default); `seal` (v2): the
   * institution's electronic seal registered there and activated, its activation code in a file the configuration names.
   */
  standInGateway?: boolean | { apiVersion: 'v1' | 'v2'; seal?: boolean };
  /**
   * Archival time-stamps on the worker (ARCHIVE_TSA=internal; implies the internal CA): the stand-in
   * gateway (implied) signs at B-T as BSrE does, and its CA's OCSP/CRL are served at the address its
   * certificates name, so the archive step can fetch them.
   */
  archivalTimestamps?: boolean;
  /** Connections of the test's own ORM. */
  ormPoolMax?: number;
  /** Extra configuration of the API (e.g. PUBLIC_BASE_URL). */
  env?: NodeJS.ProcessEnv;
}

/** GET /documents/:id/routing as the tests read it. */
export interface RoutingView {
  status: string;
  number: string | null;
  version: number;
  sha256: string | null;
  waiting: { kind: string; actors: { personId: string }[] }[];
}

export interface SeededPerson { id: number; nik: string; name: string }

/** The institution's electronic seal account at the stand-in provider (`standInGateway.seal`). */
export const TEST_SEAL = { idSubscriber: 'TANBU-SEGEL-01', name: 'Pemerintah Kabupaten Tanah Bumbu', certificateId: '9900000000000001' } as const;

export interface StandInProvider { standIn: StandInGateway; registry: GatewayRegistry }

const settled = (s: RoutingView) => s.waiting.length > 0 || (routingEndStatuses as readonly string[]).includes(s.status);

/**
 * Everything such a suite starts, and its helpers. The functions are bound, so a suite may
 * destructure them at load time and call them once the harness has started.
 */
export class RoutingHarness {
  /** Laid out like `.data/`: `keystore/` for the PKCS#12 files beside `pki/` for the internal CA. */
  readonly dataDir: string;
  readonly keystore: string;
  readonly pkiDir: string;
  t!: TestApi;
  orm!: DomainOrm;
  worker!: NaskahWorker;
  #running?: Promise<void>;
  #pki?: Pki;
  #gateway?: StandInProvider & { server: Server; pkiServer?: Server };
  #restoreEnv: (() => void)[] = [];

  constructor(readonly options: RoutingHarnessOptions) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `naskah-${options.name}-`));
    this.keystore = path.join(this.dataDir, 'keystore');
    this.pkiDir = path.join(this.dataDir, 'pki');
    mkdirSync(this.keystore);
  }

  get pki(): Pki {
    if (!this.#pki) throw new Error('this harness has no internal CA: start it with internalCa');
    return this.#pki;
  }

  get gateway(): StandInProvider {
    if (!this.#gateway) throw new Error('this harness has no stand-in gateway: start it with standInGateway');
    return this.#gateway;
  }

  start = async (): Promise<this> => {
    const { name, internalCa, signers = [], passphrase, standInGateway, archivalTimestamps, ormPoolMax, env = {} } = this.options;
    this.#setEnv('NASKAH_KEYSTORE_DIR', this.keystore);
    if (internalCa || signers.length > 0 || archivalTimestamps) this.#pki = await initPki(this.pkiDir, typeof internalCa === 'object' ? internalCa : undefined);
    if (standInGateway || archivalTimestamps) {
      await this.#startGateway(archivalTimestamps ?? false, typeof standInGateway === 'object' ? standInGateway.apiVersion : 'v1', typeof standInGateway === 'object' && standInGateway.seal === true);
    }
    const taskQueue = uniqueTaskQueue(name);
    // startTestApi gives the run a Temporal namespace of its own: doc-<id> of other runs' databases is not reachable.
    this.t = await startTestApi({ ...env, TEMPORAL_TASK_QUEUE: taskQueue });
    const config = testConfig({ DATABASE_URL: this.t.db.url, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: this.t.namespace, ...(archivalTimestamps ? { ARCHIVE_TSA: 'internal' } : {}) });
    this.worker = await createNaskahWorker({ config, activities: await buildActivities(config) });
    this.#running = this.worker.run();
    this.orm = await openOrm({ databaseUrl: this.t.db.url, ...(ormPoolMax ? { poolMax: ormPoolMax } : {}) });
    if (signers.length > 0 && !passphrase) throw new Error('signers need a passphrase');
    for (const signer of signers) await this.giveKey(signer, passphrase!);
    return this;
  };

  stop = async (): Promise<void> => {
    await this.worker?.shutdown();
    await this.#running;
    await this.orm?.close(true);
    await this.t?.stop();
    for (const server of [this.#gateway?.server, this.#gateway?.pkiServer]) if (server) await new Promise((r) => server.close(r));
    for (const restore of this.#restoreEnv.splice(0).reverse()) restore();
    rmSync(this.dataDir, { recursive: true, force: true });
  };

  pos = (positionKey: string): number => this.t.seed.positionIds[positionKey]!;

  /** The seeded holder of a position. */
  person = async (positionKey: string): Promise<SeededPerson> => {
    return (await positionHolder(this.orm.em.fork(), this.pos(positionKey)))!;
  };

  /** The holder's person id as routing states name actors. */
  personAt = async (positionKey: string): Promise<string> => String((await this.person(positionKey)).id);

  /**
   * A real PKCS#12 from the internal CA for the holder of a position (their seeded NIK, the position key as
   * the certificate's name), referenced by an active certificate row.
   */
  giveKey = async (positionKey: string, passphrase: string): Promise<IssuedCertificate> => {
    const holder = await this.person(positionKey);
    const issued = await issueCertificate(this.pki, { name: positionKey, nik: holder.nik, passphrase });
    const ref = `${positionKey}.p12`;
    writeFileSync(path.join(this.keystore, ref), issued.p12);
    const now = Date.now();
    await insertInternalCertificate(this.orm.em.fork(), {
      personId: holder.id, serial: issued.serialHex, subject: positionKey, issuer: 'Naskah test CA',
      notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000), keystoreRef: ref, publicBaseUrl: null,
    });
    return issued;
  };

  /** Polls the routing (as the drafter staf.kominfo) until `until` holds: by default until someone is waited for or it has ended. */
  routing = async (id: number, until: (s: RoutingView) => boolean = settled): Promise<RoutingView> => {
    for (let i = 0; i < 150; i++) {
      const res = await this.t.request('GET', `/documents/${id}/routing`, { token: await this.t.login('staf.kominfo') });
      if (res.status === 200) {
        const state = (await res.json()) as RoutingView;
        if (until(state)) return state;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`routing of ${id} never settled`);
  };

  /**
   * A nota dinas drafted by staf.kominfo to the Kepala Bappeda (sifat segera, no tembusan) for paraf by
   * `reviewers` and signature by `signer`, with a sample PDF uploaded; `fields` add to or replace the body.
   */
  draft = async (hal: string, route: { reviewers: string[]; signer: string }, fields: Record<string, unknown> = {}): Promise<number> => {
    const res = await this.t.request('POST', '/documents', { token: await this.t.login('staf.kominfo'), body: {
      type: 'nota_dinas', hal, archiveCode: '000.1.2.3', sifat: 'segera',
      kepada: [{ positionId: this.pos('kadis.bappeda'), name: 'Kepala Bappeda' }], tembusan: [],
      reviewerPositionIds: route.reviewers.map(this.pos), signerPositionId: this.pos(route.signer),
      ...fields,
    } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await this.upload(id, await samplePdf());
    return id;
  };

  /** Uploads a PDF as the drafter's next version. */
  upload = async (id: number, pdf: Buffer): Promise<void> => {
    const res = await this.t.request('POST', `/documents/${id}/versions`, { token: await this.t.login('staf.kominfo'), raw: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(201);
  };

  /** Submits as the drafter and has each reviewer give paraf in turn; the routing once it waits for a signature. */
  toSigning = async (id: number, reviewers: string[]): Promise<RoutingView> => {
    expect((await this.t.request('POST', `/documents/${id}/submit`, { token: await this.t.login('staf.kominfo') })).status).toBe(200);
    for (const reviewer of reviewers) {
      expect((await this.routing(id)).status).toBe('in_review');
      expect((await this.t.request('POST', `/documents/${id}/paraf`, { token: await this.t.login(reviewer), body: {} })).status).toBe(200);
    }
    const state = await this.routing(id, (s) => s.status === 'signing' && s.waiting.length > 0);
    expect(state.status).toBe('signing');
    return state;
  };

  #setEnv(name: string, value: string): void {
    const previous = process.env[name];
    process.env[name] = value;
    this.#restoreEnv.push(() => {
      if (previous === undefined) delete process.env[name];
      else process.env[name] = previous;
    });
  }

  async #startGateway(servePki: boolean, apiVersion: 'v1' | 'v2', withSeal: boolean): Promise<void> {
    let pkiServer: Server | undefined;
    let registry: GatewayRegistry;
    if (servePki) {
      // The provider CA's certificates name this server's address for OCSP and CRLs: listen first, then make the CA.
      const served: { handler?: PkiHandler } = {};
      pkiServer = createServer((req, res) => (served.handler ? served.handler(req, res) : res.writeHead(503).end()));
      pkiServer.listen(0, '127.0.0.1');
      await new Promise((r) => pkiServer!.once('listening', r));
      registry = await openGatewayRegistry(path.join(this.dataDir, 'gateway'), { baseUrl: `http://127.0.0.1:${(pkiServer.address() as AddressInfo).port}` });
      served.handler = createPkiHandler(registry.pki);
    } else {
      registry = await openGatewayRegistry(path.join(this.dataDir, 'gateway'));
    }
    if (withSeal) await registry.register({ name: TEST_SEAL.name, nik: TEST_SEAL.certificateId, org: TEST_SEAL.name, passphrase: 'aktivasi-segel-instansi' });
    const standIn = createStandInGateway({
      registry, username: 'api-test', password: 'api-test-password', ...(servePki ? { signatureLevel: 'B-T' as const } : {}),
      ...(withSeal ? { seals: { [TEST_SEAL.idSubscriber]: TEST_SEAL.certificateId } } : {}),
    });
    const server = standIn.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const activationCodeFile = path.join(this.dataDir, 'seal-activation-code');
    if (withSeal) {
      // The provider sends the activation code to the institution's contact; the operator puts it in a secrets file.
      const asked = await fetch(`${url}/api/v2/seal/get/activation`, {
        method: 'POST', body: JSON.stringify({ idSubscriber: TEST_SEAL.idSubscriber }),
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('api-test:api-test-password').toString('base64')}` },
      });
      if (!asked.ok) throw new Error(`seal activation: ${asked.status}`);
      writeFileSync(activationCodeFile, standIn.sealActivationSent[TEST_SEAL.idSubscriber]!, { mode: 0o600 });
    }
    this.#gateway = { standIn, registry, server, ...(pkiServer ? { pkiServer } : {}) };
    const credentials = path.join(this.dataDir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ username: 'api-test', password: 'api-test-password' }));
    const gateways = path.join(this.dataDir, 'gateways.json');
    writeFileSync(gateways, JSON.stringify({ '*': { name: 'BSrE (stand-in)', url,
      credentialsFile: credentials, rootCaFile: registry.rootPemPath, timeoutMs: 20_000, retries: 0, apiVersion,
      ...(withSeal ? { seal: { idSubscriber: TEST_SEAL.idSubscriber, name: TEST_SEAL.name, activationCodeFile } } : {}) } }));
    this.#setEnv('SIGNING_GATEWAYS_FILE', gateways);
  }
}

/** Starts the harness in the suite's beforeAll and stops it in its afterAll. */
export function useRoutingHarness(options: RoutingHarnessOptions): RoutingHarness {
  const harness = new RoutingHarness(options);
  beforeAll(harness.start, 120_000);
  afterAll(harness.stop);
  return harness;
}

/**
 * Every string and every byte payload (decoded as UTF-8, and as base64) of a workflow's
 * history, so a secret cannot hide in an encoded payload from a test that looks for it.
 */
export function historyText(value: unknown, parts: string[] = []): string[] {
  if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
  else if (typeof value === 'string') parts.push(value);
  else if (Array.isArray(value)) for (const v of value) historyText(v, parts);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) historyText(v, parts);
  return parts;
}

/**
 * How many rows of each table hold `text` anywhere (the whole row as text), tables with none left
 * out: the database dumped and searched, for a secret that must be kept nowhere.
 */
export async function rowsHolding(em: DomainEntityManager, text: string): Promise<Record<string, number>> {
  const tables = await em.execute<{ name: string }[]>(`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
  expect(tables.length).toBeGreaterThan(10);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from "${name}" r where r::text like ?`, [`%${text}%`]);
    if (Number(row!.n) > 0) counts[name] = Number(row!.n);
  }
  return counts;
}

/** A problem+json response with its status, for matching. */
export async function problem(res: Response): Promise<{ status: number; code?: string; detail?: string; field?: string }> {
  return { status: res.status, ...((await res.json()) as object) };
}

/** A one-page A4 PDF titled `<title> <now>`, so that each upload differs. */
export async function samplePdf(title = 'Nota Dinas'): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(`${title} ${Date.now()}`, { x: 72, y: 770, size: 12, font });
  return Buffer.from(await pdf.save());
}
