import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestBucket, createTestDatabase, testConfig, type TestBucket, type TestDatabase } from './index.js';

describe('test stack: PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database.drop(); });

  it('writes and reads back a row in a throw-away database', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('create table naskah_probe (id serial primary key, perihal text not null)');
      await client.query('insert into naskah_probe (perihal) values ($1)', ['Undangan Rapat Koordinasi']);
      const { rows } = await client.query<{ perihal: string; db: string }>('select perihal, current_database() as db from naskah_probe');
      expect(rows).toEqual([{ perihal: 'Undangan Rapat Koordinasi', db: database.name }]);
    } finally {
      await client.end();
    }
  });

  it('drops the database afterwards', async () => {
    const other = await createTestDatabase();
    await other.drop();
    const admin = new pg.Client({ connectionString: testConfig().database.url });
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [other.name]);
    await admin.end();
    expect(rowCount).toBe(0);
  });
});

describe('test stack: MinIO', () => {
  let bucket: TestBucket;
  beforeAll(async () => { bucket = await createTestBucket(); });
  afterAll(async () => { await bucket.drop(); });

  it('stores bytes and returns them unchanged (same SHA-256)', async () => {
    const body = randomBytes(256 * 1024);
    const sha256 = createHash('sha256').update(body).digest('hex');
    await bucket.client.putObject(bucket.name, `${sha256}.pdf`, body, body.length, { 'Content-Type': 'application/pdf' });
    const stream = await bucket.client.getObject(bucket.name, `${sha256}.pdf`);
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(sha256);
    const stat = await bucket.client.statObject(bucket.name, `${sha256}.pdf`);
    expect(stat.size).toBe(body.length);
  });
});
