/**
 * The server's transaction helper against the driver's real pipelining: hundreds of plain queries and
 * transactions issued at once on a small pool (one connection, as the embedded database has; four on
 * PostgreSQL), so BEGIN lands behind a full pipeline. Every transaction must commit or roll back as a
 * whole, and no plain query may run inside one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres, { type Sql } from 'postgres';
import { transaction } from '../../../server/db/transaction.js';
import { testDatabase, usingPostgres, type TestDatabase } from '../../support/server.js';
import type { Database } from '../../../server/db/connect.js';

let db: TestDatabase;
let database: Database;
let sql: Sql;

beforeAll(async () => {
  db = await testDatabase();
  database = await db.open();
  // The embedded database's own client is the one-connection case; on PostgreSQL, a pool of four.
  sql = db.url ? postgres(db.url, { max: 4, onnotice: () => {} }) : database.sql;
  await sql`create table tx_probe (n integer primary key, in_tx boolean not null)`;
});
afterAll(async () => {
  if (db.url) await sql.end();
  await database.close();
  await db.drop();
});

describe(`transaction() under pipelining (${usingPostgres ? 'PostgreSQL, 4 connections' : 'embedded, 1 connection'})`, () => {
  // 200 workers, one transaction in every 60 statements: the mix under which postgres.js 3.4.9's
  // sql.begin() sent BEGIN into a full pipeline (UNSAFE_TRANSACTION on a pool, a TypeError and an
  // unhandled rejection on one connection), measured before this helper existed.
  it('keeps each transaction whole and every plain statement outside it, with 200 workers at once', async () => {
    let next = 0;
    let plainInside = 0;
    const committed: number[] = [];
    const worker = async () => {
      while (next < 40_000) {
        const n = next++;
        if (n % 60 === 0) {
          const rolledBack = n % 120 === 0;
          await transaction(sql, async (tx) => {
            await tx`insert into tx_probe (n, in_tx) values (${n}, true)`;
            await tx`select 1`;
            if (rolledBack) throw new Error('rolled back on purpose');
          }).then(
            () => committed.push(n),
            (e: Error) => {
              if (e.message !== 'rolled back on purpose') throw e;
            },
          );
        } else {
          // A plain statement is a transaction of its own: it never sees an assigned transaction id.
          const [row] = await sql<{ id: string | null }[]>`select txid_current_if_assigned()::text as id`;
          if (row!.id !== null) plainInside++;
        }
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    expect(plainInside).toBe(0);
    const rows = await sql<{ n: number }[]>`select n from tx_probe order by n`;
    expect(rows.map((r) => r.n)).toEqual(committed.sort((a, b) => a - b));
    expect(committed).toHaveLength(333); // every n % 60 === 0 below 40 000 that is not a multiple of 120
  });
});
