import { describe, expect, it } from '@jest/globals';
import { templatesUses } from './index.js';
describe('workspace wiring', () => {
  it('imports across packages', () => {
    expect(templatesUses).toBe('signing');
  });
});
