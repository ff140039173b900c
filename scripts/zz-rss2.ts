import { PGlite } from '@electric-sql/pglite';
const mib = (l: string) => { globalThis.gc?.(); const m = process.memoryUsage(); console.log(l, (m.rss / 1048576).toFixed(0), 'rss; ext', (m.external / 1048576).toFixed(0), 'ab', (m.arrayBuffers / 1048576).toFixed(0)); };
const conf = process.argv[3] ? process.argv[3].split(',') : undefined;
const db = await PGlite.create(process.argv[2]!, { ...(conf ? { postgresqlconf: conf } : {}), ...(process.env.MEM ? { initialMemory: Number(process.env.MEM) * 1048576 } : {}) });
mib('create on existing dir ' + (conf ?? ''));
await db.query('select 1');
await new Promise((r) => setTimeout(r, 300));
mib('after');
