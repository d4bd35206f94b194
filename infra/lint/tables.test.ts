// "A table is named only inside services/domain" (../shared/design.md, hard rule 8): the tables
// are the ones the migrations create; a product file outside services/domain that names one in
// SQL fails here. SQL is found where it can be: in string and template literals (and a list
// spec's `from:` / `table:` property), after a keyword that takes a table name; comments and
// identifiers are not SQL and are not read.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrations = path.join(root, 'services/domain/src/migrations');

/** Every table a migration creates. */
function migrationTables(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(migrations)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    for (const m of readFileSync(path.join(migrations, file), 'utf8').matchAll(/create table (?:if not exists )?"?([a-z_][a-z0-9_]*)"?/gi)) names.add(m[1]!.toLowerCase());
  }
  return [...names].sort();
}

/** The keywords after which SQL names a table. */
const keywords = ['from', 'join', 'into', 'update', 'table', 'truncate', 'references'];

/** The tables `sql` names after one of the keywords (`from only x`, `"x"` included). */
function tablesIn(sql: string, tables: readonly string[]): string[] {
  const pattern = new RegExp(`\\b(?:${keywords.join('|')})\\s+(?:only\\s+)?"?(${tables.join('|')})"?(?![\\w$-])`, 'gi');
  return [...sql.matchAll(pattern)].map((m) => m[1]!.toLowerCase());
}

/** Every table named in SQL in the literals of a TypeScript/JavaScript source. */
function namedTables(source: string, tables: readonly string[], fileName = 'probe.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const parent = node.parent;
      // A list spec's FROM clause is SQL without its keyword: `from: 'agency a'`, `visibleUnion: { table: 'document' }`.
      const key = parent && ts.isPropertyAssignment(parent) && parent.initializer === node && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))
        ? parent.name.text : undefined;
      const text = key === 'from' || key === 'table' ? `${key} ${node.text}` : node.text;
      for (const t of tablesIn(text, tables)) found.add(t);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

/** Product code: sources (tracked or new, not ignored) outside services/domain, without tests, test harness folders, benchmarks and browser tests. */
function productFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.tsx', '*.mts', '*.mjs', '*.js', '*.cjs'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked.filter((f) => !f.startsWith('services/domain/')
    && !/\.test\.tsx?$/.test(f) && !/(^|\/)(test|e2e|bench|node_modules|dist)\//.test(f) && !f.startsWith('bench/'));
}

describe('tables are named only inside services/domain', () => {
  const tables = migrationTables();

  test('the table names come from the migrations', () => {
    // A few the rules are about; the migrations create more.
    expect(tables).toEqual(expect.arrayContaining(['agency', 'app_user', 'archive_record', 'audit_event', 'disposition', 'document', 'document_version', 'incoming_letter', 'person', 'position']));
  });

  test('the matcher finds a table in SQL and nowhere else', () => {
    // A deliberately added offender of each kind is caught...
    expect(namedTables(`await em.execute('select id from incoming_letter where id = ?', [id]);`, tables)).toEqual(['incoming_letter']);
    expect(namedTables('await tx.execute(`update archive_record set legal_hold = ? where id = ?`, [on, id]);', tables)).toEqual(['archive_record']);
    expect(namedTables('em.execute(`insert into "notification" (recipient_id) values (?)`, [a]); em.execute(`select 1 from x join ${t} y join person p on true`)', tables))
      .toEqual(['notification', 'person']);
    expect(namedTables(`const spec = { from: 'agency a', columns: {} }; const u = { visibleUnion: { table: 'document', alias: 'd' } };`, tables)).toEqual(['agency', 'document']);
    // ...while prose, identifiers, comments and look-alike names are not.
    expect(namedTables(`// select * from document\nconst document = 1; throw new Error('the document from the person is gone'); const s = 'select 1 from documents';`, tables)).toEqual([]);
    expect(namedTables(`const q = 'select * from document_versions_view'; const from = 'agency';`, tables)).toEqual([]);
  });

  test('no product file outside services/domain names a table', () => {
    const offenders: Record<string, string[]> = {};
    for (const file of productFiles()) {
      const named = namedTables(readFileSync(path.join(root, file), 'utf8'), tables, file);
      if (named.length > 0) offenders[file] = named;
    }
    expect(offenders).toEqual({});
  }, 60_000);
});
