/**
 * Retry with exponential backoff and full jitter (delay drawn uniformly from [0, min(max, base·2^n)]),
 * so that many clients coming back after an outage do not retry in lockstep. Only failures that a
 * later attempt can fix are retried: offline, server errors, rate limits.
 */
import { SyncError } from '../errors.js';

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** The share of the step always waited, the rest drawn (default 0: full jitter). A floor keeps a redial loop slow. */
  floor?: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const ceiling = Math.min(options.maxMs ?? 60_000, (options.baseMs ?? 500) * 2 ** attempt);
  // Jitter is not secret, but the core draws all randomness from one place.
  const [r] = crypto.getRandomValues(new Uint32Array(1));
  const floor = ceiling * (options.floor ?? 0);
  return Math.floor(floor + (r! / 2 ** 32) * (ceiling - floor));
}

export function isRetryable(error: unknown): boolean {
  return error instanceof SyncError && (error.code === 'offline' || error.code === 'server-error' || error.code === 'rate-limited');
}

export async function withRetry<T>(
  task: () => Promise<T>,
  options: BackoffOptions & { attempts: number; sleep?: (ms: number) => Promise<void> },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= options.attempts) throw error;
      await sleep(backoffDelay(attempt, options));
    }
  }
}
