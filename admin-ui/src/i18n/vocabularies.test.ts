// One book per fact: the console names every value of the rulebook's vocabularies
// (services/domain/src/rulebook) in Indonesian and English, and no value the
// rulebook does not have. A version shown as "Versi 1 · rendered" (an English
// code on an Indonesian screen) was a value the labels had never heard of.
import { describe, expect, it } from '@jest/globals';
import {
  agreementStatuses, dispositionInstructions, dispositionStates, followUpStatuses, documentStatuses, documentTypes, documentVersionReasons, indicatorDirections,
  securityClassifications, sifatLevels,
} from '@naskah/domain/rulebook';
import { instructionKey } from '../resources/dispositions/instruction-key.js';
import { en } from './en.js';
import { id } from './id.js';

const vocabularies: [string, readonly string[]][] = [
  ['type', documentTypes],
  ['sifat', sifatLevels],
  ['keamanan', securityClassifications],
  ['versionReason', documentVersionReasons],
  ['dispositionState', dispositionStates],
  ['followUpStatus', followUpStatuses],
  ['direction', indicatorDirections],
  ['agreementStatus', agreementStatuses],
];

describe.each([['id', id], ['en', en]] as const)('%s labels', (_language, messages) => {
  const labels = messages.naskah.enum as unknown as Record<string, Record<string, string>>;

  it.each(vocabularies)('enum.%s has exactly the rulebook values', (key, values) => {
    expect(Object.keys(labels[key] ?? {}).sort()).toEqual([...values].sort());
    for (const value of values) expect(labels[key]![value]!.trim()).not.toBe('');
  });

  // enum.status also names the routing workflow's query states (`numbering`); agreements have enum.agreementStatus.
  it('enum.status names every document status', () => {
    for (const status of documentStatuses) expect(labels['status']?.[status]?.trim()).toBeTruthy();
  });

  it('every disposition instruction has a label', () => {
    const instruction = labels['instruction'] ?? {};
    for (const text of dispositionInstructions) {
      const key = instructionKey(text).replace('naskah.enum.instruction.', '');
      expect(instruction[key]).toBeTruthy();
    }
  });
});
