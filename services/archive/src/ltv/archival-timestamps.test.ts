// What the renewal walk does with a file, by the rule (README, "Archival time-stamps"): nothing for an
// unsigned file; an upgrade for a signed one without a document time-stamp; a renewal when the newest
// document time-stamp rests on SHA-1/MD5, or its TSA certificate expires within the window (inclusive).
import { describe, expect, it } from '@jest/globals';
import type { ArchivalState } from '@naskah/signing';
import { ltvActionFor } from './archival-timestamps.js';

const DAY = 86_400_000;
const now = new Date('2030-01-01T00:00:00Z');
const stamped = (daysLeft: number, hashAlgorithm = 'sha256'): ArchivalState => ({
  signed: true,
  documentTimestamp: { tsaNotAfter: new Date(now.getTime() + daysLeft * DAY), genTime: new Date('2026-12-07T00:00:00Z'), hashAlgorithm, contents: Buffer.alloc(0), token: Buffer.alloc(0) },
});

describe('ltvActionFor', () => {
  it.each([
    ['unsigned', { signed: false }, undefined],
    ['signed, no document time-stamp (B-T/B-LT)', { signed: true }, 'upgrade'],
    ['TSA certificate good for a year', stamped(365), undefined],
    ['TSA certificate expires in exactly the window', stamped(180), 'tsa_expiring'],
    ['TSA certificate expires within the window', stamped(30), 'tsa_expiring'],
    ['TSA certificate already expired', stamped(-1), 'tsa_expiring'],
    ['SHA-1 imprint, certificate good for years', stamped(3650, 'sha1'), 'hash_deprecated'],
    ['MD5 imprint', stamped(3650, 'md5'), 'hash_deprecated'],
    ['SHA-512 imprint, certificate good for years', stamped(3650, 'sha512'), undefined],
  ] as [string, ArchivalState, string | undefined][])('%s', (_, state, expected) => {
    expect(ltvActionFor(state, now, 180)).toBe(expected);
  });
});
