import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.js';

export const problemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), code: z.string(),
  instance: z.string().optional(), field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).openapi('Problem');

/** One registry per app instance; every route registers itself here as it is mounted. */
export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.register('Problem', problemSchema);
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Naskah API',
      version: '0.1.0',
      description: 'E-office and electronic signature (TTE) for Indonesian regional governments. Lists speak the react-admin simple-REST dialect: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}` as JSON query parameters, and answer with `Content-Range: items 0-24/319`.',
    },
    servers: [{ url: '/api' }],
  });
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { parameters?: Record<string, unknown>[] }>)) {
      // A JSON-encoded parameter (lists' sort/range/filter) is described by `content`; OpenAPI allows `schema` or `content`, not both.
      for (const parameter of operation.parameters ?? []) if (parameter['content']) delete parameter['schema'];
    }
  }
  statedAsParsed(document);
  return document;
}

/**
 * What zod enforces and the generator leaves out of the document, stated so a client knows what
 * the server accepts: `.int()` refuses numbers beyond ±(2^53 - 1) (no exact JSON number there),
 * and a tuple without a rest element has exactly its listed items.
 */
function statedAsParsed(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) statedAsParsed(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema['type'] === 'integer') {
    if (schema['minimum'] === undefined && schema['exclusiveMinimum'] === undefined) schema['minimum'] = Number.MIN_SAFE_INTEGER;
    if (schema['maximum'] === undefined && schema['exclusiveMaximum'] === undefined) schema['maximum'] = Number.MAX_SAFE_INTEGER;
  }
  if (Array.isArray(schema['prefixItems']) && schema['items'] === undefined) {
    schema['minItems'] ??= schema['prefixItems'].length;
    schema['maxItems'] ??= schema['prefixItems'].length;
  }
  for (const value of Object.values(schema)) statedAsParsed(value);
}
