// npm run bench:gateway — one B-LT signature through the stand-in gateway
// (multipart over loopback HTTP, the gateway signing, then Naskah's own checks
// on the returned PDF) against the same B-LT signature made in process with the
// same provider PKI, side by side in one run. The difference is the price of
// the HTTP hop and of checking what a gateway returns.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGatewayResponse, gatewayProvider, openPkcs12, signPdf } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient } from '@naskah/pki';
import { buildFixture } from '@naskah/signing/testing';
import { createStandInGateway } from './app.js';
import { openGatewayRegistry } from './registry.js';

const ROUNDS = Number(process.argv[2] ?? 20);
const signer = { name: 'Pejabat Uji', nik: '6310050112700099', passphrase: 'bench-passphrase-123' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(n: number, f: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-bench-gateway-'));
  try {
    const registry = await openGatewayRegistry(join(dir, 'gw'), { seed: [signer] });
    const gateway = createStandInGateway({ registry, username: 'bench', password: 'bench-password' });
    const server = gateway.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pdf = readFileSync(await buildFixture('classic', { dir, otherToolP12: '', passphraseFile: '' }));
    const root = readFileSync(registry.rootPemPath);
    const provider = gatewayProvider({ name: 'bench', url, username: 'bench', password: 'bench-password', trustAnchors: [root] });
    const appearance = { visible: true as const, linkQR: 'https://naskah.example.go.id/verifikasi/bench', anchor: '^' };
    const holder = openPkcs12(registry.p12Of(signer.nik)!, signer.passphrase);
    const local = (): Promise<Buffer> => signPdf(pdf, {
      holder, level: 'B-LT', timestamp: inProcessTimestampClient(registry.pki), revocation: inProcessRevocationSource(registry.pki),
      placement: { anchor: '^' }, verificationUrl: appearance.linkQR,
    });
    const returned: Buffer[] = [];
    const viaGateway = async () => returned.push((await provider.signDocument({ pdf, signer, appearance })).pdf);
    // Warm both paths.
    await local();
    await viaGateway();
    const [gatewayMs, localMs] = [await timed(ROUNDS, viaGateway), await timed(ROUNDS, local)];
    // Each returned PDF is distinct (own time-stamp and OCSP answers): no cache helps the check.
    let i = 0;
    const checkMs = await timed(ROUNDS, () => checkGatewayResponse({ sent: pdf, returned: returned[++i]!, nik: signer.nik, providerAnchors: [root] }));
    server.close();

    const g = median(gatewayMs);
    const l = median(localMs);
    const c = median(checkMs);
    const metrics = {
      gateway_sign_p50: { value: +g.toFixed(2), unit: 'ms', baseline: +l.toFixed(2), ratio: +(g / l).toFixed(3) },
      response_check_p50: { value: +c.toFixed(2), unit: 'ms', baseline: +l.toFixed(2), ratio: +(c / l).toFixed(3) },
    };
    console.log(`bench:gateway — ${ROUNDS} rounds, ${pdf.length}-byte memo, B-LT, medians`);
    console.log('metric               value (ms)  baseline: in-process signPdf (ms)  ratio');
    for (const [name, m] of Object.entries(metrics)) {
      console.log(`${name.padEnd(20)} ${String(m.value).padStart(10)}  ${String(m.baseline).padStart(33)}  ${m.ratio}`);
    }
    const outDir = join(process.cwd(), 'bench/results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'gateway.json'), JSON.stringify({ name: 'gateway', at: new Date().toISOString(), metrics }, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
