/** A realtime client for tests: records what the server sends and waits for a matching event. */
import WebSocket from 'ws';
import type { ServerEvent } from '../../shared/index.js';

export interface TestSocket {
  events: ServerEvent[];
  next(match: (e: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  send(message: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSocket(baseUrl: string, token: string | null, options: { answerPings?: boolean } = {}): Promise<TestSocket> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/v1/events');
  const events: ServerEvent[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as ServerEvent;
    events.push(event);
    if (event.type === 'ping' && options.answerPings !== false) ws.send(JSON.stringify({ type: 'pong', t: event.t }));
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const socket: TestSocket = {
    events,
    next(match, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen++) {
            if (match(events[seen]!)) {
              waiters.delete(check);
              clearTimeout(timer);
              return resolve(events[seen]!);
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send: (message) => ws.send(JSON.stringify(message)),
    closed,
    close: () => ws.close(),
  };
  if (token !== null) {
    socket.send({ type: 'auth', token });
    await socket.next((e) => e.type === 'ready');
  }
  return socket;
}
