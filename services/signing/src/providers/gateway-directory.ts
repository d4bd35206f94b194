// Which gateway each agency uses. The file (SIGNING_GATEWAYS_FILE) holds URLs
// and the *names* of the environment variables or secrets files that hold the
// credentials — never the credentials themselves, and nothing of this lives in
// the database.
//
// {
//   "Bappeda": { "name": "BSrE BSSN", "url": "https://esign.example.go.id",
//                "usernameEnv": "BSRE_BAPPEDA_USER", "passwordEnv": "BSRE_BAPPEDA_PASSWORD",
//                "rootCaFile": "bsre-root.pem", "timeoutMs": 60000, "apiVersion": "v2" },
//   "*": { "url": "...", "credentialsFile": "/run/secrets/bsre.json", "rootCaFile": "..." }
// }
// `apiVersion` is the esign-client contract the agency's gateway speaks (v1, the
// default, or v2). Relative paths are resolved against the file's folder. A credentials file is
// JSON `{ "username": "...", "password": "..." }`.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { SigningError } from '../errors.js';
import type { GatewayConfig } from './gateway-provider.js';
import type { SealConfig } from './seal.js';

const entrySchema = z
  .object({
    name: z.string().min(1).default('BSrE'),
    url: z.url(),
    apiVersion: z.enum(['v1', 'v2']).default('v1'),
    usernameEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    credentialsFile: z.string().min(1).optional(),
    rootCaFile: z.string().min(1),
    timeoutMs: z.number().int().positive().optional(),
    retries: z.number().int().min(0).max(5).optional(),
    /** Circuit breaker: consecutive failures that stop calls, and for how long. */
    circuit: z.object({ failures: z.number().int().min(1).max(100).optional(), openMs: z.number().int().min(1000).optional() }).strict().optional(),
    /** The institution's electronic seal account (v2): its subscriber id and the seal certificate's name. */
    seal: z.object({
      idSubscriber: z.string().min(1), name: z.string().min(1),
      /**
       * The activation code the provider sent the institution's contact, for sealing without a person
       * (a signed document of a type the admin marks as sealed): the name of a file holding it, never the code.
       */
      activationCodeFile: z.string().min(1).optional(),
    }).strict().optional(),
  })
  .strict()
  .refine((e) => e.credentialsFile !== undefined || (e.usernameEnv !== undefined && e.passwordEnv !== undefined), {
    message: 'needs credentialsFile, or both usernameEnv and passwordEnv',
  });

export type GatewayDirectoryEntry = z.infer<typeof entrySchema>;

function sealOf(seal: NonNullable<GatewayDirectoryEntry['seal']>, base: string, agencyCode: string): SealConfig {
  if (!seal.activationCodeFile) return { idSubscriber: seal.idSubscriber, name: seal.name };
  const file = resolve(base, seal.activationCodeFile);
  let activationCode: string;
  try {
    activationCode = readFileSync(file, 'utf8').trim();
  } catch {
    activationCode = '';
  }
  if (!activationCode) throw new SigningError('GATEWAY_NOT_CONFIGURED', `The seal activation code file for ${agencyCode} (${file}) is missing or empty.`, 'seal.activationCodeFile');
  return { idSubscriber: seal.idSubscriber, name: seal.name, activationCode };
}

export interface GatewayDirectory {
  /** The agency's gateway (or the "*" default); GATEWAY_NOT_CONFIGURED when there is none. */
  forAgency(agencyCode: string): GatewayConfig;
  readonly agencies: readonly string[];
}

const credentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

export function gatewayDirectory(
  entries: Record<string, unknown>,
  options: { baseDir?: string; env?: NodeJS.ProcessEnv } = {},
): GatewayDirectory {
  const env = options.env ?? process.env;
  const base = options.baseDir ?? process.cwd();
  const parsed = new Map<string, GatewayDirectoryEntry>();
  for (const [agency, raw] of Object.entries(entries)) {
    const r = entrySchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new SigningError('GATEWAY_NOT_CONFIGURED', `Gateway for ${agency}: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? 'invalid'}.`, `${agency}.${issue?.path.join('.') ?? ''}`);
    }
    parsed.set(agency, r.data);
  }
  return {
    agencies: [...parsed.keys()],
    forAgency(agencyCode: string): GatewayConfig {
      const e = parsed.get(agencyCode) ?? parsed.get('*');
      if (!e) throw new SigningError('GATEWAY_NOT_CONFIGURED', `No signing gateway is configured for agency ${agencyCode}.`, 'agency');
      let username: string | undefined;
      let password: string | undefined;
      if (e.credentialsFile) {
        const file = resolve(base, e.credentialsFile);
        let creds: z.infer<typeof credentialsSchema>;
        try {
          creds = credentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        } catch {
          throw new SigningError('GATEWAY_NOT_CONFIGURED', `The gateway credentials file for ${agencyCode} (${file}) is missing or not {"username","password"} JSON.`, 'credentialsFile');
        }
        ({ username, password } = creds);
      } else {
        username = env[e.usernameEnv!];
        password = env[e.passwordEnv!];
        if (!username || !password) {
          throw new SigningError('GATEWAY_NOT_CONFIGURED', `The gateway credentials for ${agencyCode} are missing: set ${e.usernameEnv} and ${e.passwordEnv}.`, 'usernameEnv');
        }
      }
      let root: Buffer;
      try {
        root = readFileSync(resolve(base, e.rootCaFile));
      } catch {
        throw new SigningError('GATEWAY_NOT_CONFIGURED', `The provider root CA for ${agencyCode} (${e.rootCaFile}) cannot be read.`, 'rootCaFile');
      }
      return {
        name: e.name,
        url: e.url,
        apiVersion: e.apiVersion,
        username,
        password,
        trustAnchors: [root],
        ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
        ...(e.retries !== undefined ? { retries: e.retries } : {}),
        ...(e.seal ? { seal: sealOf(e.seal, base, agencyCode) } : {}),
        ...(e.circuit ? { circuit: { ...(e.circuit.failures !== undefined ? { failures: e.circuit.failures } : {}), ...(e.circuit.openMs !== undefined ? { openMs: e.circuit.openMs } : {}) } } : {}),
      };
    },
  };
}

/** Reads SIGNING_GATEWAYS_FILE; an unset file means no agency has a gateway. */
export function loadGatewayDirectory(file: string | undefined, env: NodeJS.ProcessEnv = process.env): GatewayDirectory {
  if (!file) return gatewayDirectory({}, { env });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new SigningError('GATEWAY_NOT_CONFIGURED', `SIGNING_GATEWAYS_FILE ${file} is missing or not JSON.`, 'SIGNING_GATEWAYS_FILE');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new SigningError('GATEWAY_NOT_CONFIGURED', `SIGNING_GATEWAYS_FILE ${file} must map agency codes to gateways.`, 'SIGNING_GATEWAYS_FILE');
  }
  return gatewayDirectory(json as Record<string, unknown>, { baseDir: dirname(file), env });
}
