// The larger fuzz run for the closing note:
//   tsx services/signing/bench/verify-fuzz.ts [files=20000] [seed=20261123]
// Same generator as the jest fuzz test; prints files, seconds, worst time per file.
import { memo, sign, testPki } from '../test/verify/fixtures.js';
import { baseOf, runFuzz } from '../test/verify/fuzz.js';
import { verifyPdf } from '../src/verify/verify-pdf.js';

const files = Number(process.argv[2] ?? 20000);
const seed = Number(process.argv[3] ?? 20261123);
const t = await testPki();
const classic = await sign(await sign(await sign(await memo(1), t, 0, 'B-B'), t, 1, 'B-T'), t, 2, 'B-LT');
const streams = await sign(await sign(await memo(1, { objectStreams: true }), t, 3, 'B-T'), t, 4, 'B-B', { invisible: true });
const certified = await sign(await sign(await memo(3), t, 0, 'B-T', { certify: true }), t, 1, 'B-LTA', { invisible: true });
const bases = [];
for (const [name, bytes] of [['classic-3sig', classic], ['xrefstream-2sig', streams], ['certified-lta', certified]] as const) {
  const report = await verifyPdf(bytes, { trustAnchors: [t.rootPem], checkRevocation: false });
  if (report.verdict !== 'VALID') throw new Error(`base ${name} is ${report.verdict}`);
  bases.push(baseOf(name, bytes, report));
}
const res = await runFuzz(bases, [t.rootPem], files, seed);
console.log(`| files | seconds | mean ms/file | worst ms/file | worst case | touched signed bytes | VALID after signed mutation | crashes | verdicts |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
console.log(`| ${res.files} | ${res.seconds.toFixed(1)} | ${res.meanMs.toFixed(2)} | ${res.worstMs.toFixed(1)} | ${res.worstKind} | ${res.signedMutations} | ${res.validAfterSignedMutation.length} | ${res.crashes.length} | ${JSON.stringify(res.verdicts)} |`);
if (res.crashes.length || res.validAfterSignedMutation.length) {
  console.log([...res.crashes, ...res.validAfterSignedMutation].slice(0, 20).join('\n'));
  process.exitCode = 1;
}
