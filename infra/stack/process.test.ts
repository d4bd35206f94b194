import net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { assertPortFree, isAlive, StackError } from './process.js';
import { stackProfile } from './profile.js';

describe('stack diagnostics', () => {
  it('names the part, the port and the process holding it when a port is taken', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const error = await assertPortFree('minio', port).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).part).toBe('minio');
      expect((error as Error).message).toContain(`port ${port} is taken by node (pid ${process.pid})`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    await expect(assertPortFree('minio', port)).resolves.toBeUndefined();
  });

  it('tells a live process from a gone one', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 12_345)).toBe(false);
  });

  it('keeps dev and test apart and shifts every port by NASKAH_STACK_PORT_OFFSET', () => {
    // CI may run with an offset already; the base ports are checked without it.
    const saved = process.env.NASKAH_STACK_PORT_OFFSET;
    try {
      delete process.env.NASKAH_STACK_PORT_OFFSET;
      const dev = stackProfile('dev');
      const test = stackProfile('test');
      expect([dev.postgresPort, dev.temporalPort, dev.minioPort]).toEqual([5433, 7233, 9000]);
      expect([test.postgresPort, test.temporalPort, test.temporalUiPort, test.minioPort, test.minioConsolePort])
        .toEqual([5434, 7234, 8234, 9002, 9003]);
      expect(test.dataDir).not.toBe(dev.dataDir);
      process.env.NASKAH_STACK_PORT_OFFSET = '100';
      expect(stackProfile('test').postgresPort).toBe(5534);
      process.env.NASKAH_STACK_PORT_OFFSET = 'lots';
      expect(() => stackProfile('test')).toThrow(/NASKAH_STACK_PORT_OFFSET/);
    } finally {
      if (saved === undefined) delete process.env.NASKAH_STACK_PORT_OFFSET;
      else process.env.NASKAH_STACK_PORT_OFFSET = saved;
    }
  });
});
