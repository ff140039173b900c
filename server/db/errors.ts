/** Recognising PostgreSQL errors the routes turn into protocol errors. */
export function isUniqueViolation(error: unknown): error is { constraint_name?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

// postgres.js's own connection errors, Node's socket errors, and PostgreSQL's "not now" SQLSTATEs:
// 08 connection exception, 57P01–57P03 shutting down / crashed / starting up, 53300 too many connections.
const UNAVAILABLE = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True when the database cannot be reached right now: a 503 to retry later, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (UNAVAILABLE.has(code) || code.startsWith('08'));
}
