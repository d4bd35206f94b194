import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { openApiDocument } from '../openapi/registry.js';

type Spec = ReturnType<typeof openApiDocument>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The API reference as one self-contained HTML page rendered from the
 * OpenAPI document (the machine may be offline: no CDN, no script).
 */
function renderDocsPage(spec: Spec): string {
  const sections: string[] = [];
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { summary?: string; description?: string; tags?: string[]; requestBody?: unknown; parameters?: unknown[]; responses?: Record<string, unknown> }>)) {
      const tag = op.tags?.[0] ?? 'other';
      const details = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }, null, 2);
      const html = `<article id="${escapeHtml(`${method}-${path}`)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>/api${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}${op.description ? ` <em>${escapeHtml(op.description)}</em>` : ''}</p>
<details><summary>request and responses</summary><pre>${escapeHtml(details)}</pre></details></article>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  for (const [tag, ops] of [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    sections.push(`<section><h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('\n')}</section>`);
  }
  const schemas = JSON.stringify(spec.components?.schemas ?? {}, null, 2);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(spec.info.title)} — reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h2{border-bottom:2px solid #0b5394;padding-bottom:.2rem;text-transform:capitalize}article{margin:1rem 0;padding:.5rem 1rem;border:1px solid #ddd;border-radius:6px}
h3{font-size:1rem;margin:.3rem 0}.m{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2b7a0b}.post{background:#0b5394}.put{background:#b45f06}.patch{background:#b45f06}.delete{background:#990000}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:12px}nav a{margin-right:.8rem}</style></head>
<body><h1>${escapeHtml(spec.info.title)} <small>${escapeHtml(spec.info.version)}</small></h1>
<p>${escapeHtml(spec.info.description ?? '')}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(spec.openapi)}).</p>
<nav>${[...byTag.keys()].sort().map((t) => `<a href="#${escapeHtml(t)}">${escapeHtml(t)}</a>`).join('')}</nav>
${sections.join('\n')}
<section><h2 id="schemas">schemas</h2><details><summary>all component schemas</summary><pre>${escapeHtml(schemas)}</pre></details></section>
</body></html>`;
}

export function docsRoutes(registry: OpenAPIRegistry): Router {
  const router = Router();
  let cached: Spec | undefined;
  const spec = () => (cached ??= openApiDocument(registry));
  router.get('/openapi.json', (_req, res) => { res.json(spec()); });
  router.get('/docs', (_req, res) => { res.type('html').send(renderDocsPage(spec())); });
  return router;
}
