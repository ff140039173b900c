/**
 * A hono-rate-limiter store in PostgreSQL: fixed windows, one upsert per counted request, shared by
 * every instance on the database. Buckets are HMACs of the limiter's name and key under the server
 * secret, so the table holds no address, account or token id in the clear. (The secret is in the same
 * database: whoever has a whole dump can still test guesses against the last minute's buckets.)
 */
import { createHmac } from 'node:crypto';
import type { Store } from 'hono-rate-limiter';
import type { AppEnv, Deps } from '../context.js';

/** Ended windows are swept at most this often, by whichever request comes first after it. */
const SWEEP_EVERY_MS = 60_000;

export function postgresRateStore(deps: Pick<Deps, 'sql' | 'serverSecret'>, name: string, windowMs: number): Store<AppEnv> {
  const { sql } = deps;
  let lastSweep = 0;
  const bucket = (key: string) => createHmac('sha256', deps.serverSecret).update(`rate:${name}:${key}`).digest();
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    // Best effort and off the request's path: a failed sweep only leaves rows the next one removes.
    sql`delete from rate_limits where reset_at < now() - interval '1 minute'`.catch(() => undefined);
  };
  return {
    localKeys: false,
    prefix: name,
    async increment(key) {
      sweep();
      const [row] = await sql<{ hits: number; reset_at: Date }[]>`
        insert into rate_limits (bucket, hits, reset_at)
        values (${bucket(key)}, 1, now() + ${windowMs} * interval '1 millisecond')
        on conflict (bucket) do update set
          hits = case when rate_limits.reset_at <= now() then 1 else rate_limits.hits + 1 end,
          reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
        returning hits, reset_at`;
      return { totalHits: row!.hits, resetTime: row!.reset_at };
    },
    async get(key) {
      const [row] = await sql<{ hits: number; reset_at: Date }[]>`select hits, reset_at from rate_limits where bucket = ${bucket(key)} and reset_at > now()`;
      return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
    },
    async decrement(key) {
      await sql`update rate_limits set hits = greatest(hits - 1, 0) where bucket = ${bucket(key)} and reset_at > now()`;
    },
    async resetKey(key) {
      await sql`delete from rate_limits where bucket = ${bucket(key)}`;
    },
  };
}
