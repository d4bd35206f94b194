/** The i18n key of a disposition instruction: the rulebook stores the Indonesian text, the console keys its labels by a slug of it. */
export const instructionKey = (text: unknown) => `naskah.enum.instruction.${String(text ?? '').toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`;

/** The instructions of a branch as the API lists them (several ticked on the lembar disposisi); older rows: the one text. */
export const instructionsOf = (record: Record<string, unknown>): string[] =>
  Array.isArray(record.instructions) && record.instructions.length > 0 ? record.instructions.map(String) : [String(record.instruction ?? '')];
