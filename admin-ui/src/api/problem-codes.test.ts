// Every problem `code` the API can answer has a sentence in both languages, and
// every field the API names has a label in the user's words. The code list is
// read from the API's own sources and exported lists, never copied here: a new
// `new AppError('X', …)` without a message fails this test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { domainErrorCodes } from '@naskah/domain';
import { archiveErrorCodes } from '@naskah/archive';
import { GATEWAY_ERRORS } from '@naskah/signing';
import { rejection } from '@naskah/workflows/client';
import { id } from '../i18n/id.js';
import { en } from '../i18n/en.js';
import { fieldLabelKey, problemMessage, ApiError } from './problem.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push({ file: path.relative(root, full), text: fs.readFileSync(full, 'utf8') });
  }
  return out;
}

const api = sources(path.join(root, 'services/api/src'));
const all = (re: RegExp, files: { text: string }[]) => files.flatMap((f) => [...f.text.matchAll(re)].map((m) => m[1]!));

/** The API's codes: its own AppError literals, the codes it registers or passes through from other packages. */
function apiProblemCodes(): Set<string> {
  const codes = new Set<string>([
    ...all(/new AppError\(\s*'([A-Z][A-Z0-9_]+)'/g, api),
    // Subclasses of AppError (login throttle, verification rate limit).
    ...all(/super\(\s*'([A-Z][A-Z0-9_]+)',\s*\d{3}/g, api),
    // Answers written by the problem middleware itself (malformed JSON, 500).
    ...all(/problem\(\s*\d{3},\s*'([A-Z][A-Z0-9_]+)'/g, api),
    // Signing errors the upload passes through (isSigningError(error, 'PDF_MALFORMED')).
    ...all(/isSigningError\(\s*\w+,\s*'([A-Z][A-Z0-9_]+)'\)/g, api),
    // Registered statuses: DomainError, ArchiveError, the signing gateway.
    ...Object.keys(domainErrorCodes), ...archiveErrorCodes, ...Object.keys(GATEWAY_ERRORS),
    // The routing workflow's rejections (routing-action.ts passes error.code on).
    ...Object.values(rejection),
    // Template errors the draft render and preview pass on (error.code of a TemplateError).
    ...all(/new TemplateError\(\s*'([A-Z][A-Z0-9_]+)'/g, sources(path.join(root, 'services/templates/src'))),
  ]);
  // schemas/common.ts's named constant.
  const common = api.find((f) => f.file.endsWith('schemas/common.ts'))!.text;
  codes.add(/export const valueOutOfRange = '([A-Z_]+)'/.exec(common)![1]!);
  return codes;
}

describe('problem codes → console messages', () => {
  it('finds every way the API builds an AppError (a new dynamic form needs its codes listed above)', () => {
    const dynamic = api.flatMap((f) =>
      [...f.text.matchAll(/new AppError\(\s*([^'\s,][^,]*),/g)].map((m) => `${f.file}: ${m[1]}`));
    const known = /: (error\.code|valueOutOfRange)$/;
    expect(dynamic.filter((d) => !known.test(d))).toEqual([]);
  });

  it('has an Indonesian and an English sentence for every code the API can return', () => {
    const codes = [...apiProblemCodes()].sort();
    // The scan must really see the API: these are in its sources today.
    expect(codes).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'NOT_FOUND', 'DISPOSITION_NOT_SUBORDINATE', 'LOGIN_THROTTLED', 'INVALID_TEXT', 'ACTION_OUT_OF_TURN', 'ARCHIVE_DESTROYED', 'MALFORMED_JSON']));
    const idErrors = id.naskah.errors as Record<string, string>;
    const enErrors = en.naskah.errors as Record<string, string>;
    expect(codes.filter((c) => !idErrors[c])).toEqual([]);
    expect(codes.filter((c) => !enErrors[c])).toEqual([]);
  });

  it('has a label in both languages for every field the API names', () => {
    const fields = new Set(
      all(/field: ['`]([^'`]+)['`]/g, api).map((f) => f.replace(/\$\{[^}]+\}/g, '0')),
    );
    // "(body)" is the whole request, not a field the user filled: the sentence alone says it.
    fields.delete('(body)');
    const idFields = id.naskah.field as Record<string, string>;
    const enFields = en.naskah.field as Record<string, string>;
    const missing = [...fields].filter((f) => !idFields[fieldLabelKey(f, idFields)!] || !enFields[fieldLabelKey(f, enFields)!]);
    expect(missing).toEqual([]);
  });

  it('shows the sentence for the code and the field in the user’s words, never the English detail', () => {
    const translate = (key: string, options?: Record<string, unknown>) => {
      const value = key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], id);
      if (typeof value !== 'string') return String(options?.['_'] ?? key);
      return value.replace(/%\{(\w+)\}/g, (_, name: string) => String(options?.[name] ?? ''));
    };
    const error = new ApiError(422, { code: 'DISPOSITION_NOT_SUBORDINATE', detail: 'position 31 is not below the disposing position', field: 'toPositionIds.0' });
    expect(problemMessage(error, translate)).toBe(`${id.naskah.errors.DISPOSITION_NOT_SUBORDINATE} (${id.naskah.field.toPositionIds})`);
    const text = new ApiError(422, { code: 'INVALID_TEXT', detail: 'name contains a control character.', field: 'name' });
    expect(problemMessage(text, translate)).not.toContain('control character');
  });
});
