/**
 * Every transaction of the server goes through `transaction()`: it reserves one connection of the pool
 * for the whole transaction, sends BEGIN on it, runs `fn`, and commits (or rolls back on any error).
 *
 * Why not `sql.begin`: in postgres.js 3.4.9, `sql.begin` can write BEGIN onto a connection that is
 * already busy with other requests' pipelined queries without marking it as the transaction's
 * (porsager/postgres#823, #1189; unfixed in the last release). Under load that surfaced as
 * `UNSAFE_TRANSACTION` on PostgreSQL, and, on the embedded database's single connection, as a
 * `TypeError` from inside the driver whose stray rejection ended the process; either way other
 * requests' statements could run inside an open transaction. `sql.reserve()` hands out only an idle
 * connection and keeps every other query off it until it is released, so BEGIN and COMMIT bracket
 * exactly this transaction's statements (docs/decisions.md #46).
 */
import type { ReservedSql, Sql } from 'postgres';

export type Tx = ReservedSql;

export async function transaction<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await sql.reserve();
  try {
    await tx`begin`;
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      // The original error is what the caller needs; a failed rollback only means the connection is
      // gone, and PostgreSQL discards an unfinished transaction with its connection.
      await tx`rollback`.catch(() => undefined);
      throw error;
    }
    await tx`commit`;
    return result;
  } finally {
    tx.release();
  }
}
