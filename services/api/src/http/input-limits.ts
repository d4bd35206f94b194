// Input limits at the door, before any route: a JSON body at most 1 MB and 32
// levels deep, and no string (value or object key, in the body or the query)
// carrying NUL or a lone UTF-16 surrogate. PostgreSQL refuses both in text and
// jsonb (a 500 later, or a half-written record), and a deeply nested `content`
// overflows every recursive reader downstream (renderer, jsonb, logs). Each
// refusal is a 422 naming the field; an oversized body is 413.
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/problem.js';

const maxJsonBytes = 1024 * 1024;
/** Levels of arrays/objects, the body itself being level 1. The deepest document content is far shallower. */
export const maxJsonDepth = 32;

// Without the `u` flag a regexp sees UTF-16 code units: a high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is unacceptable, or undefined. */
function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (loneSurrogate.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A key as it appears in the field path, with its unprintable characters escaped. */
function shownKey(key: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be made visible
  return key.replace(/[\u0000-\u001f\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/**
 * Walks a parsed value without recursion (the point is to refuse inputs deep
 * enough to overflow a recursive walk) and throws on the first violation.
 */
export function checkInput(root: unknown, rootPath: string, maxDepth = maxJsonDepth): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const why = badText(value);
      if (why) throw new AppError('INVALID_TEXT', 422, `${path || '(body)'} ${why}.`, { field: path || '(body)' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) {
      throw new AppError('TOO_DEEP', 422, `${path || '(body)'} is nested more than ${maxDepth} levels deep.`, { field: path || '(body)' });
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const keyPath = join(path, shownKey(key));
      const why = badText(key);
      if (why) throw new AppError('INVALID_TEXT', 422, `The key ${keyPath} ${why}.`, { field: keyPath });
      stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
}

/** The JSON parser (size limit → 413 PAYLOAD_TOO_LARGE) followed by the checks above on body and query. */
export function inputLimits(): RequestHandler[] {
  return [
    express.json({ limit: maxJsonBytes }),
    (req, _res, next) => {
      checkInput(req.query, '');
      if (req.body !== undefined) checkInput(req.body, '');
      next();
    },
  ];
}
