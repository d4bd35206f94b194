import { describe, expect, test } from '@jest/globals';
import { formatAgendaNumber, formatNumber } from './numbering.js';

describe('number formats', () => {
  test('nomor naskah: <kode klasifikasi>/<4-digit urut>/<kode unit>/<tahun>', () => {
    expect(formatNumber('000.1.2.3', 157, 'Diskominfosp', 2025)).toBe('000.1.2.3/0157/Diskominfosp/2025');
  });
  test('nomor agenda: <4-digit urut>/SM/<tahun>', () => {
    expect(formatAgendaNumber(7, 2026)).toBe('0007/SM/2026');
    expect(formatAgendaNumber(12345, 2026)).toBe('12345/SM/2026');
  });
});
