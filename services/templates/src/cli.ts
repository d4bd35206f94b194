import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isTemplateError } from './errors.js';
import { renderDocument } from './render.js';

const usage = 'usage: naskah render DOC.json --out OUT.pdf [--final]';

/** `naskah render DOC.json --out OUT.pdf [--final]`: 0 rendered, 2 usage, 3 input rejected. */
async function main(argv: string[]): Promise<number> {
  const args = argv[0] === 'render' ? argv.slice(1) : argv;
  let input: string | undefined;
  let out: string | undefined;
  let final = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--out') out = args[++i];
    else if (arg === '--final') final = true;
    else if (arg === '--help' || arg === '-h') { process.stdout.write(`${usage}\n`); return 0; }
    else if (arg.startsWith('-') || input) { process.stderr.write(`naskah render: unexpected argument ${arg}\n${usage}\n`); return 2; }
    else input = arg;
  }
  if (!input || !out) {
    process.stderr.write(`naskah render: ${!input ? 'DOC.json' : '--out OUT.pdf'} is required\n${usage}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(input, 'utf8'));
  } catch (error) {
    process.stderr.write(`naskah render: ${input}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}\n`);
    return 3;
  }
  try {
    const result = await renderDocument(json as never, { final });
    // Written beside the target and renamed, so a failure never leaves a half-written PDF.
    const temporary = `${out}.tmp-${process.pid}`;
    try {
      writeFileSync(temporary, result.pdf);
      renameSync(temporary, out);
    } catch (error) {
      rmSync(temporary, { force: true });
      process.stderr.write(`naskah render: cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return 3;
    }
    process.stdout.write(`${out}: ${result.pageCount} page(s), sha256 ${result.sha256}\n`);
    return 0;
  } catch (error) {
    if (isTemplateError(error)) {
      process.stderr.write(`naskah render: ${error.code}: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
