// Every audit event code the services write has a human label in both
// languages (the trail showed raw `document.submit`, `archive.archived`). The
// codes are read from the sources that write them, not copied here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { id } from '../../i18n/id.js';
import { en } from '../../i18n/en.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

function auditCodes(): Set<string> {
  const texts = ['services/api/src', 'services/domain/src', 'services/archive/src', 'workflows/src'].flatMap((d) => sources(path.join(root, d)));
  const codes = new Set<string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      // `action: 'x.y'`, `action: on ? 'x.a' : 'x.b'` and auditRetrieval(…, 'archive.x', …).
      if (!/\baction:|auditRetrieval\(/.test(line)) continue;
      for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) if (!/^[a-z]\./.test(m[1]!)) codes.add(m[1]!); // not SQL aliases (e.action)
    }
  }
  // The routing workflow writes `document.${event.action}` for each action of its event type.
  const messages = fs.readFileSync(path.join(root, 'workflows/src/messages.ts'), 'utf8');
  const union = /action: ((?:'[a-z_]+'(?: \| )?)+);/.exec(messages)![1]!;
  for (const m of union.matchAll(/'([a-z_]+)'/g)) codes.add(`document.${m[1]}`);
  // The disposition workflow's activity writes `disposition.${event}` for each event of its type.
  const disposition = fs.readFileSync(path.join(root, 'workflows/src/workflows/disposition.ts'), 'utf8');
  const events = /type DispositionEvent = ((?:'[a-z_]+'(?: \| )?)+);/.exec(disposition)![1]!;
  for (const m of events.matchAll(/'([a-z_]+)'/g)) codes.add(`disposition.${m[1]}`);
  return codes;
}

describe('audit event labels', () => {
  it('labels every event code in Indonesian and English', () => {
    const codes = [...auditCodes()].sort();
    expect(codes).toEqual(expect.arrayContaining(['document.submit', 'archive.archived', 'archive.package_retrieved', 'disposition.sent']));
    const idLabels = id.naskah.enum.auditAction as Record<string, string>;
    const enLabels = en.naskah.enum.auditAction as Record<string, string>;
    expect(codes.filter((c) => !idLabels[c])).toEqual([]);
    expect(codes.filter((c) => !enLabels[c])).toEqual([]);
  });
});
