import { describe, expect, test } from '@jest/globals';
import QRCode from 'qrcode';
import { qrModules } from './qr.js';

// The stamp's QR encoder keeps per-version layouts and its own Reed-Solomon:
// its symbols must be the ones the qrcode library draws for the same options
// (one byte segment, level M, mask 2), module for module, in every version used.
describe('qrModules', () => {
  const reference = (data: Buffer): { size: number; data: Uint8Array } => {
    const qr = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 });
    return { size: qr.modules.size, data: qr.modules.data };
  };

  test('equals qrcode for every length up to version 15, including the 16-bit count from version 10', () => {
    const sizes = new Set<number>();
    for (let len = 0; len <= 400; len += len < 130 ? 1 : 9) {
      const data = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + len * 11) & 0xff));
      const ours = qrModules(data);
      const theirs = reference(data);
      expect(ours.size).toBe(theirs.size);
      expect(Buffer.from(ours.data).equals(Buffer.from(theirs.data))).toBe(true);
      sizes.add(ours.size);
    }
    // versions 1 (21 modules) through at least 15 (77 modules) were exercised
    expect(Math.min(...sizes)).toBe(21);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(77);
  });

  test('equals qrcode for verification URLs (the stamp content)', () => {
    for (const url of ['https://naskah.go.id/verifikasi/0b3c9a1e-1f2d-4c5e-9a7b-2f0e6d1c3b4a', 'http://localhost:8080/v/1', `https://pemda.example/${'x'.repeat(180)}`]) {
      const data = Buffer.from(url, 'utf8');
      expect(Buffer.from(qrModules(data).data).equals(Buffer.from(reference(data).data))).toBe(true);
    }
  });

  test('refuses data longer than version 40 holds', () => {
    expect(() => qrModules(Buffer.alloc(2400))).toThrow(RangeError);
  });
});
