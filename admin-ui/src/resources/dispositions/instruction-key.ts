/** The i18n key of a disposition instruction: the rulebook stores the Indonesian text, the console keys its labels by a slug of it. */
export const instructionKey = (text: unknown) => `naskah.enum.instruction.${String(text ?? '').toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`;
