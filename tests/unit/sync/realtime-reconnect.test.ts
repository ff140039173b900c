/** The realtime client's reconnect and dead-socket logic, with fake timers and a scripted socket (decision 114). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_TIMEOUT_MS, RealtimeClient, RECONNECT_MAX_MS, SILENCE_MS, STABLE_MS, type RealtimeState, type SocketLike } from '../../../shared/index.js';

class FakeSocket implements SocketLike {
  sent: string[] = [];
  closed: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closed = code;
  }
  /** The server accepts and authenticates: open, then `ready`. */
  accept() {
    this.onopen?.({});
    this.onmessage?.({ data: JSON.stringify({ type: 'ready' }) });
  }
  hear(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function client() {
  const sockets: FakeSocket[] = [];
  const states: RealtimeState[] = [];
  const changes: string[] = [];
  const rt = new RealtimeClient({
    baseUrl: 'http://server.test',
    token: 't',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onState: (s) => states.push(s),
    onChange: (n) => changes.push(n.kind),
  });
  return { rt, sockets, states, changes, last: () => sockets[sockets.length - 1]! };
}

describe('realtime client reconnects', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('says offline the moment the socket closes, and retries no further apart than the cap however long the outage', () => {
    const { rt, sockets, states, last } = client();
    rt.start();
    last().accept();
    expect(states.at(-1)).toBe('live');
    last().onclose?.({ code: 1006 });
    expect(states.at(-1)).toBe('offline');
    // A 10-minute outage: every attempt fails at once; each next one comes within the cap.
    for (let i = 0; i < 200; i++) {
      const before = sockets.length;
      vi.advanceTimersByTime(RECONNECT_MAX_MS);
      expect(sockets.length).toBe(before + 1);
      last().onclose?.({ code: 1006 });
    }
    rt.stop();
  });

  it('after the server returns, the backoff starts again from the floor and a full pull is asked for', () => {
    const { rt, sockets, changes, last } = client();
    rt.start();
    last().accept();
    for (let i = 0; i < 10; i++) {
      last().onclose?.({ code: 1006 });
      vi.advanceTimersByTime(RECONNECT_MAX_MS);
    }
    last().accept();
    expect(changes).toEqual(['reconnect']);
    // Once that socket has stayed up, a new drop is retried within the first step (500 ms), not at the grown ceiling.
    vi.advanceTimersByTime(STABLE_MS);
    const before = sockets.length;
    last().onclose?.({ code: 1006 });
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(before + 1);
    rt.stop();
  });

  it('does not redial in a tight loop a server that says ready and hangs up at once', () => {
    const { rt, sockets, last } = client();
    rt.start();
    const answered = new Set<FakeSocket>();
    for (let elapsed = 0; elapsed < 30_000; elapsed += 100) {
      if (!answered.has(last())) {
        answered.add(last());
        last().accept();
        last().onclose?.({ code: 1011 });
      }
      vi.advanceTimersByTime(100);
    }
    // Steps of 0.5, 1, 2, 4, then 5 s, at least half of each waited: at most 16 sockets in 30 s
    // (a redial every few hundred milliseconds made over a hundred).
    expect(sockets.length).toBeLessThanOrEqual(16);
    rt.stop();
  });

  it('takes a socket that hears nothing (a paused server) for dead after the silence bound, and reconnects', () => {
    const { rt, sockets, states, last } = client();
    rt.start();
    last().accept();
    // Pings keep it alive, and are answered.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(25_000);
      last().hear({ type: 'ping', t: i });
    }
    expect(states.at(-1)).toBe('live');
    expect(last().sent.at(-1)).toBe(JSON.stringify({ type: 'pong', t: 4 }));
    vi.advanceTimersByTime(SILENCE_MS - 1);
    expect(states.at(-1)).toBe('live');
    vi.advanceTimersByTime(1);
    expect(states.at(-1)).toBe('offline');
    expect(sockets[0]!.closed).toBe(4000);
    // The abandoned socket's late close is no news.
    sockets[0]!.onclose?.({ code: 1006 });
    expect(states.filter((s) => s === 'offline')).toHaveLength(1);
    vi.advanceTimersByTime(RECONNECT_MAX_MS);
    expect(sockets).toHaveLength(2);
    rt.stop();
  });

  it('gives up on a socket that never becomes ready (a server that accepts TCP and answers nothing)', () => {
    const { rt, sockets, states } = client();
    rt.start();
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(states).toEqual(['connecting', 'offline']);
    vi.advanceTimersByTime(RECONNECT_MAX_MS);
    expect(sockets).toHaveLength(2);
    rt.stop();
  });

  it('after a 4401 says offline and asks again only at the slowest pace (the HTTP sync decides whether the session is gone)', () => {
    const { rt, sockets, states, last } = client();
    rt.start();
    last().accept();
    last().onclose?.({ code: 4401 });
    expect(states.at(-1)).toBe('offline');
    // Never sooner than half the cap, never later than the cap; each refusal again waits as long.
    for (let i = 1; i <= 5; i++) {
      vi.advanceTimersByTime(RECONNECT_MAX_MS / 2 - 1);
      expect(sockets).toHaveLength(i);
      vi.advanceTimersByTime(RECONNECT_MAX_MS / 2 + 1);
      expect(sockets).toHaveLength(i + 1);
      last().onopen?.({});
      last().onclose?.({ code: 4401 });
    }
    rt.stop();
    vi.advanceTimersByTime(10 * SILENCE_MS);
    expect(sockets).toHaveLength(6);
  });

  it('does not reconnect after stop', () => {
    const { rt, sockets, states, last } = client();
    rt.start();
    last().accept();
    rt.stop();
    vi.advanceTimersByTime(10 * SILENCE_MS);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('stopped');
  });
});
