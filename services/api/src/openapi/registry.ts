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
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Naskah API',
      version: '0.1.0',
      description: 'E-office and electronic signature (TTE) for Indonesian regional governments. Lists speak the react-admin simple-REST dialect: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}` as JSON query parameters, and answer with `Content-Range: items 0-24/319`.',
    },
    servers: [{ url: '/api' }],
  });
}
