import { describe, expect, it } from 'vitest';
import { backoffDelay, SyncError, withRetry } from '../../../shared/index.js';

describe('backoff', () => {
  it('draws delays with full jitter under an exponentially growing, capped ceiling', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(10_000, 100 * 2 ** attempt);
      const delays = Array.from({ length: 200 }, () => backoffDelay(attempt, { baseMs: 100, maxMs: 10_000 }));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(ceiling);
      expect(new Set(delays).size).toBeGreaterThan(Math.min(100, ceiling / 2)); // jittered, not lockstep
    }
  });

  it('always waits the floor share of the step when asked to (the realtime redial)', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, { baseMs: 500, maxMs: 5_000, floor: 0.5 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...delays)).toBeLessThan(4_000);
  });

  it('retries only failures a later attempt can fix, and gives up after the last attempt', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(new SyncError('offline', 'down')) : Promise.resolve('ok'));
    expect(await withRetry(flaky, { attempts: 5, sleep })).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);

    calls = 0;
    const refused = () => (++calls, Promise.reject(new SyncError('rejected', 'bad request')));
    await expect(withRetry(refused, { attempts: 5, sleep })).rejects.toMatchObject({ code: 'rejected' });
    expect(calls).toBe(1);

    calls = 0;
    const down = () => (++calls, Promise.reject(new SyncError('server-error', '503')));
    await expect(withRetry(down, { attempts: 4, sleep })).rejects.toMatchObject({ code: 'server-error' });
    expect(calls).toBe(4);
  });
});
