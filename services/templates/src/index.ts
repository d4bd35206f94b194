export {
  documentContentSchema, documentTypeSchema, documentTypes, blockSchema, signerSchema, agencySchema, delegationPrefixes,
  type DocumentContent, type DocumentContentInput, type DocumentType, type Block, type Signer, type Agency, type ListItem,
} from './content.js';
export { renderDocument, signatureSlots, parseDocumentContent, type RenderOptions, type RenderResult } from './render.js';
export { templates, type TemplateDescription, type Section } from './kinds.js';
export { positionLines, STAMP_HEIGHT } from './layout.js';
export type { Slot, PdfRect } from './page.js';
export { TemplateError, isTemplateError, type TemplateErrorCode } from './errors.js';
