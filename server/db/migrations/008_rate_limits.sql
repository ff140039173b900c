-- Rate-limit counters shared by every server instance (server/middleware/rate-limit-store.ts): behind a
-- load balancer a limit holds for the whole deployment, not per process. A bucket is a keyed hash of
-- the limiter's name and what it counts (an address, an account, a token) under the server secret, so
-- the table names none of them in the clear; a row whose window has ended is reset by the next hit and
-- swept by the server now and then. Unlogged: counters need no WAL, and a crash that empties them only
-- forgives the current minute.
create unlogged table rate_limits (
  bucket bytea primary key,
  hits integer not null,
  reset_at timestamptz not null
);
create index rate_limits_reset_at on rate_limits(reset_at);
