// Prints the SQL the documents list and the inbox run for kadis.kominfo on the bench database, with values.
import { documentListSpec, loadViewer, openOrm, type DomainEntityManager } from '@naskah/domain';
import { listRecords } from '../src/http/list-records.js';
import { parseListQuery } from '../src/http/list-query.js';
import { getInbox } from '../src/use-cases/get-inbox.js';

const url = process.argv[2]!;
const orm = await openOrm({ databaseUrl: url });
const em = orm.em.fork();
const [{ id: userId }] = await em.execute<{ id: number }[]>(`select id from app_user where username = '${process.argv[3] ?? 'kadis.kominfo'}'`) as [{ id: number }];
const viewer = (await loadViewer(em, userId))!;
const out: unknown[] = [];
const knexPool = em.getConnection().getKnex().client as unknown as { acquireConnection(): Promise<{ query(c: unknown): Promise<unknown> }>; releaseConnection(c: unknown): Promise<void> };
const conn = { query: async (c: { name: string; text: string; values: unknown[] }) => { out.push(c); const k = await knexPool.acquireConnection(); try { return await k.query(c); } finally { await knexPool.releaseConnection(k); } } };
const rec = { execute: (s: string, p: unknown[]) => { out.push({ text: s, values: p }); return em.execute(s, p); }, getConnection: () => ({ getKnex: () => ({ client: { acquireConnection: async () => conn, releaseConnection: async () => undefined } }) }), fork: () => rec } as unknown as DomainEntityManager;
const filter = process.argv[4] ?? JSON.stringify({ status: 'distributed', type: 'nota_dinas' });
await listRecords(rec, { setHeader: () => undefined } as never, 'items', documentListSpec(viewer), parseListQuery({ filter, range: '[0,24]', sort: '["createdAt","DESC"]' }));
await getInbox(rec, viewer, 'to-sign', 0, 25);
await getInbox(rec, viewer, 'incoming', 0, 25);
console.log(JSON.stringify(out, null, 1));
await orm.close(true);
