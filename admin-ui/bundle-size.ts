// Size of what a first visit downloads: the entry script and every chunk the
// built index.html preloads, raw and gzip. Usage: npm run -w @naskah/admin-ui size
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('./dist', import.meta.url));
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));

const size = (rel: string) => {
  const bytes = fs.readFileSync(path.join(dist, rel.replace(/^\//, '')));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const rows = initial.map((file) => ({ file, ...size(file) }));
const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });
const everything = all.map((f) => size(`assets/${f}`)).reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });

console.log('| initial JS | raw | gzip |\n|---|---:|---:|');
for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} |`);
console.log(`| **total initial (${rows.length} files)** | ${kb(total.raw)} | **${kb(total.gzip)}** |`);
console.log(`| all JS chunks (${all.length} files, loaded on demand) | ${kb(everything.raw)} | ${kb(everything.gzip)} |`);
const target = 600 * 1024;
console.log(`\ninitial gzip ${kb(total.gzip)} vs target ${kb(target)}: ${total.gzip < target ? 'under' : 'OVER'}`);
process.exitCode = total.gzip < target ? 0 : 1;
