/**
 * Back-pressure: at most `maxInFlight` requests are worked on at once, up to `maxQueued` more wait their
 * turn (first come, first served) for at most `maxWaitMs`, and anything beyond is answered at once with
 * 503 and Retry-After. An overloaded server then slows down and sheds load instead of queueing without
 * bound inside the database driver until memory runs out or every request times out. Clients treat the
 * 503 like an outage: their work stays queued and they retry with jittered backoff.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';

export interface AdmissionOptions {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
}

export function admission(options: AdmissionOptions): MiddlewareHandler<AppEnv> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const busy = () =>
    new ApiError(503, 'unavailable', `the server is busy; retry in ${options.retryAfterSeconds} s`, undefined, { 'retry-after': String(options.retryAfterSeconds) });

  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next in line
    else inFlight--;
  };

  return async function admissionMiddleware(_c, next) {
    if (inFlight >= options.maxInFlight) {
      if (waiting.length >= options.maxQueued) throw busy();
      const admitted = await new Promise<boolean>((resolve) => {
        const turn = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(turn), 1);
          resolve(false);
        }, options.maxWaitMs);
        waiting.push(turn);
      });
      if (!admitted) throw busy();
    } else {
      inFlight++;
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
