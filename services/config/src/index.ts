import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * One configuration for every process (API, worker, scripts), read from the
 * environment at start-up. Defaults point at the local stack (`npm start`);
 * with NODE_ENV=production the defaults for secrets and credentials are refused.
 */

/** Well-known values that must never reach production. */
const developmentDefaults = {
  DATABASE_URL: 'postgres://naskah:naskah@127.0.0.1:5433/naskah',
  MINIO_ACCESS_KEY: 'minioadmin',
  MINIO_SECRET_KEY: 'minioadmin',
  JWT_SECRET: 'naskah-development-only-jwt-secret-not-for-production',
} as const;

/**
 * TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed, comma-separated:
 * addresses, CIDR subnets or Express's names (loopback, linklocal, uniquelocal).
 * Unset or "none": no proxy is trusted and the client is the TCP peer.
 */
const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustProxy = z.string().transform((value, ctx) => {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return [];
  for (const item of items) {
    const [address = '', bits, extra] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!proxyNames.has(item) && (!family || !okBits || extra !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an address, a CIDR subnet, none, loopback, linklocal or uniquelocal` });
      return z.NEVER;
    }
  }
  return items;
});

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65_535);
// 0 asks the OS for a free port (tests run the API in-process on one).
const listenPort = z.coerce.number().int().min(0).max(65_535);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: listenPort.default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  TRUST_PROXY: trustProxy.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default(developmentDefaults.DATABASE_URL),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('naskah'),
  /** How long a user action waits for its workflow to take it before it is recorded durably and answered 202 "diproses". */
  TEMPORAL_ACTION_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  MINIO_ENDPOINT: z.string().min(1).default('127.0.0.1'),
  MINIO_PORT: port.default(9000),
  MINIO_USE_SSL: booleanString.default(false),
  MINIO_ACCESS_KEY: z.string().min(3).default(developmentDefaults.MINIO_ACCESS_KEY),
  MINIO_SECRET_KEY: z.string().min(8).default(developmentDefaults.MINIO_SECRET_KEY),
  MINIO_BUCKET_DOCUMENTS: z.string().min(3).default('naskah-versions'),
  MINIO_BUCKET_ARCHIVE: z.string().min(3).default('naskah-arsip'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(developmentDefaults.JWT_SECRET),
  ADMIN_UI_DIST: z.string().min(1).optional(),
  SIGNING_GATEWAYS_FILE: z.string().min(1).optional(),
  TTE_CERTIFIED_ROOTS: z.string().min(1).optional(),
  /** The former name of TTE_CERTIFIED_ROOTS (its roots were trusted by the archive report only). */
  ARCHIVE_TRUST_ANCHORS: z.string().min(1).optional(),
  /** The Pemda's IANA time zone, in which printed times (a paraf's) are given: Asia/Makassar (WITA) for Tanah Bumbu. */
  PEMDA_TIME_ZONE: z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Makassar (WITA), Asia/Jakarta (WIB) or Asia/Jayapura (WIT)').default('Asia/Makassar'),
  /** The TSA of archival time-stamps (PAdES B-LTA): `internal` (the internal CA's, in the worker) or an RFC 3161 URL; unset = off. */
  ARCHIVE_TSA: z.union([z.literal('internal'), z.string().url()]).optional(),
  /** Renew an archived file's document time-stamp when its TSA certificate expires within this many days. */
  ARCHIVE_RENEWAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
});

export type Environment = z.infer<typeof envSchema>['NODE_ENV'];

export interface Config {
  env: Environment;
  /** trustProxy: addresses/subnets/names whose X-Forwarded-For is believed; empty = none (the TCP peer is the client). */
  http: { host: string | undefined; port: number; publicBaseUrl: string; trustProxy: string[] };
  /** Every public address (certificates, TSA, QR code), built from http.publicBaseUrl. */
  publicUrls: PublicUrls;
  log: { level: z.infer<typeof envSchema>['LOG_LEVEL'] };
  database: { url: string };
  temporal: { address: string; namespace: string; taskQueue: string; actionWaitMs: number };
  minio: {
    endPoint: string;
    port: number;
    useSSL: boolean;
    accessKey: string;
    secretKey: string;
    buckets: { documents: string; archive: string };
  };
  auth: { jwtSecret: string };
  /** The Pemda's IANA time zone (PEMDA_TIME_ZONE), in which printed times are given. */
  pemda: { timeZone: string };
  /** Built console (admin-ui/dist) served at `/`; unset means the API looks in the repository. */
  adminUiDist: string | undefined;
  /** JSON file: agency code → certificate provider gateway (see @naskah/signing loadGatewayDirectory); unset = internal CA only. */
  signing: {
    gatewaysFile: string | undefined;
    /**
     * TTE_CERTIFIED_ROOTS: PEM/DER files (colon-separated) of the roots whose certificates make a
     * certified TTE (Root CA Indonesia, BSrE). The internal CA's root is always trusted, as non-certified.
     */
    certifiedRoots: string[];
  };
  /** Archival time-stamps: the TSA (`internal` or a URL; undefined = off) and the renewal window in days. */
  archive: { tsa: string | undefined; renewalWindowDays: number };
}

/**
 * PUBLIC_BASE_URL: where people and outside validators reach this installation
 * (scheme, host, optional path prefix; no query). Every URL printed on a
 * certificate (AIA, OCSP, CRL), the TSA address and the QR code on a stamp is
 * built from it (design.md rule 9). Development defaults to
 * http://localhost:<PORT>; production refuses plain http, localhost and
 * loopback, which no outside verifier can reach.
 */
function publicBaseUrl(value: string | undefined, env: z.infer<typeof envSchema>): string {
  const text = (value ?? `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '');
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_BASE_URL', 'must be an http(s) URL');
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('PUBLIC_BASE_URL', 'must be scheme, host and an optional path only (no query, fragment or credentials)');
  }
  if (env.NODE_ENV === 'production') {
    if (value === undefined) throw new ConfigError('PUBLIC_BASE_URL', 'is not set; NODE_ENV=production needs the https address the public reaches (certificates and QR codes carry it).');
    if (url.protocol !== 'https:') throw new ConfigError('PUBLIC_BASE_URL', 'must use https in production (certificates and QR codes carry it).');
    if (isLoopbackHost(url.hostname)) {
      throw new ConfigError('PUBLIC_BASE_URL', `names ${url.hostname}, which no outside verifier can reach; NODE_ENV=production needs the public address.`);
    }
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** localhost (and *.localhost), 127.0.0.0/8, ::1, the unspecified addresses and IPv4-mapped loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) === 6) return host === '::1' || host === '::' || /^::ffff:(127\.|7f)/.test(host) || /^0*:(0*:){6}0*1$/.test(host);
  return false;
}

/** The addresses built from PUBLIC_BASE_URL (the one place that knows their paths). */
export interface PublicUrls {
  /** Base of the internal CA's services, as certificates name them: `<base>/api/pki` (ocsp, crl, ca.crt, tsa). */
  pki: string;
  /** RFC 3161 timestamp authority of the internal CA. */
  tsa: string;
  /** The QR target of a signed version: `<base>/verifikasi/<token>`. */
  verification(token: string): string;
}

export function publicUrls(base: string): PublicUrls {
  return {
    pki: `${base}/api/pki`,
    tsa: `${base}/api/pki/tsa`,
    verification: (token) => `${base}/verifikasi/${encodeURIComponent(token)}`,
  };
}

/** A variable is missing, malformed or (in production) left at its development default. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function refuseDevelopmentDefaults(env: z.infer<typeof envSchema>): void {
  for (const [variable, value] of Object.entries(developmentDefaults)) {
    const actual = env[variable as keyof typeof developmentDefaults];
    if (actual === value) {
      throw new ConfigError(variable, 'is the development default; NODE_ENV=production refuses to start with it. Set a real value.');
    }
  }
  // The local stack's database password travels in the URL; catch it even inside a custom URL.
  if (new URL(env.DATABASE_URL).password === 'naskah') {
    throw new ConfigError('DATABASE_URL', 'uses the development password; NODE_ENV=production refuses to start with it.');
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`FOO=` in a .env file) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') refuseDevelopmentDefaults(env);
  const base = publicBaseUrl(env.PUBLIC_BASE_URL, env);
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT, publicBaseUrl: base, trustProxy: env.TRUST_PROXY },
    publicUrls: publicUrls(base),
    log: { level: env.LOG_LEVEL },
    database: { url: env.DATABASE_URL },
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, actionWaitMs: env.TEMPORAL_ACTION_WAIT_MS },
    minio: {
      endPoint: env.MINIO_ENDPOINT,
      port: env.MINIO_PORT,
      useSSL: env.MINIO_USE_SSL,
      accessKey: env.MINIO_ACCESS_KEY,
      secretKey: env.MINIO_SECRET_KEY,
      buckets: { documents: env.MINIO_BUCKET_DOCUMENTS, archive: env.MINIO_BUCKET_ARCHIVE },
    },
    auth: { jwtSecret: env.JWT_SECRET },
    pemda: { timeZone: env.PEMDA_TIME_ZONE },
    adminUiDist: env.ADMIN_UI_DIST,
    signing: {
      gatewaysFile: env.SIGNING_GATEWAYS_FILE,
      certifiedRoots: (env.TTE_CERTIFIED_ROOTS ?? env.ARCHIVE_TRUST_ANCHORS ?? '').split(':').filter(Boolean),
    },
    archive: { tsa: env.ARCHIVE_TSA, renewalWindowDays: env.ARCHIVE_RENEWAL_WINDOW_DAYS },
  };
}
