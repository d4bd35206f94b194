// An agency's name begins with its form of perangkat daerah (PP 18/2016), as a word.
// Expected answers written from that rule by hand.
import { describe, expect, test } from '@jest/globals';
import { isAgencyName } from './vocabularies.js';

describe('isAgencyName', () => {
  test.each([
    ['Dinas Komunikasi, Informatika, Statistik dan Persandian', true],
    ['Badan Perencanaan Pembangunan Daerah', true],
    ['Sekretariat Daerah', true],
    ['Sekretariat DPRD', true],
    ['Inspektorat Daerah', true],
    ['Kecamatan Simpang Empat', true],
    ['Kelurahan Gunung Tinggi', true],
    ['Satuan Polisi Pamong Praja', true],
    ['Rumah Sakit Umum Daerah dr. H. Andi Abdurrahman Noor', true],
    ['RSUD dr. H. Andi Abdurrahman Noor', true],
    ['UPTD Puskesmas Batulicin', true],
    ['UPT Pengelolaan Sampah', true],
    ['Kantor Kesatuan Bangsa dan Politik', true],
    ['  dinas perhubungan  ', true],
    ['Budi Santoso', false],
    ['Ahmad Fauzan Noor, S.Sos.', false],
    ['Dinasti Jaya', false],
    ['Dinas', false],
    ['Badan', false],
    ['Perhubungan', false],
    ['Pemerintah Kabupaten Tanah Bumbu', false],
    ['', false],
  ])('%j → %s', (name, expected) => {
    expect(isAgencyName(name)).toBe(expected);
  });
});
