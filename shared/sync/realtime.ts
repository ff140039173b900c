/**
 * The realtime client: holds a WebSocket to /v1/events, authenticates with its first message, answers
 * heartbeats, and calls `onChange` for each "vault changed" notice (the caller pulls). When the socket
 * drops it reconnects with backoff and jitter, and calls `onChange` for every vault on reconnect,
 * since notices sent while it was away are lost.
 *
 * A socket can also die without closing: a server that is paused, or a network path that silently
 * drops packets, leaves TCP open for minutes. So the client gives up on a socket that is not ready
 * within `connectTimeoutMs`, or that hears nothing (the server pings every 25 s, docs/api.md) for
 * `silenceMs`, and reconnects as if it had closed (decision 114).
 */
import { serverEventSchema } from '../protocol/api.js';
import { backoffDelay } from './backoff.js';

/** The subset of the WHATWG WebSocket that this client uses (browsers' WebSocket and `ws` both fit). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type RealtimeState = 'connecting' | 'live' | 'offline' | 'stopped';

/** First retry within half a second; never more than 5 s apart, so a returning server is heard within seconds. */
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_MAX_MS = 5_000;
/** The server's 25 s heartbeat plus room for a slow beat (its session check hits the database). */
export const SILENCE_MS = 35_000;
export const CONNECT_TIMEOUT_MS = 10_000;
/** How long a socket must stay up before its loss starts the backoff again from the floor. */
export const STABLE_MS = 10_000;

export interface RealtimeOptions {
  baseUrl: string;
  token: string;
  createSocket(url: string): SocketLike;
  onChange(notice: { vaultId: string | null; kind: string; seq: number }): void;
  onState?(state: RealtimeState): void;
  /** The ceiling of the reconnect backoff (default RECONNECT_MAX_MS). */
  maxBackoffMs?: number;
  /** How long a live socket may hear nothing before it is taken for dead (default SILENCE_MS). */
  silenceMs?: number;
  /** How long a socket may take from opening to `ready` (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
}

export class RealtimeClient {
  private socket: SocketLike | null = null;
  private attempt = 0;
  /** When the current socket became `ready` (null while there is none). */
  private liveSince: number | null = null;
  /** A socket was lost since the last `ready`: the next one must pull, changes may have been missed. */
  private missed = false;
  /** The reconnect timer, or the watchdog of the current socket: never both. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: RealtimeOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.socket?.close(1000, 'client stopped');
    this.socket = null;
    this.options.onState?.('stopped');
  }

  private connect(): void {
    this.options.onState?.('connecting');
    const socket = this.options.createSocket(this.options.baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + '/v1/events');
    this.socket = socket;
    let ready = false;
    this.watch(socket, this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.options.token }));
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const parsed = serverEventSchema.safeParse(safeJson(event.data));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'ready') {
        const reconnected = this.missed;
        ready = true;
        this.missed = false;
        // The backoff is reset only once this socket has stayed up a while (dropped()): a server that
        // says `ready` and hangs up at once must not be redialled every few hundred milliseconds.
        this.liveSince = Date.now();
        this.watch(socket, this.options.silenceMs ?? SILENCE_MS);
        this.options.onState?.('live');
        if (reconnected) this.options.onChange({ vaultId: null, kind: 'reconnect', seq: 0 });
        return;
      }
      // Before `ready`, only the connect timeout runs; any message after it proves the socket alive.
      if (ready) this.watch(socket, this.options.silenceMs ?? SILENCE_MS);
      if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong', t: message.t }));
      else this.options.onChange({ vaultId: message.vaultId, kind: message.kind, seq: message.seq });
    };
    socket.onerror = () => {};
    socket.onclose = (event) => this.dropped(socket, event.code);
  }

  /** Takes `socket` for dead if nothing proves it alive within `ms`. */
  private watch(socket: SocketLike, ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      // A dead path may never deliver the close handshake: stop listening to it and move on now.
      socket.onclose = socket.onmessage = socket.onopen = null;
      try {
        socket.close(4000, 'no answer');
      } catch {
        // Closing a socket that never opened can throw in some implementations; it is abandoned either way.
      }
      this.dropped(socket, 4000);
    }, ms);
  }

  private dropped(socket: SocketLike, code: number): void {
    if (this.socket !== socket || this.stopped) return;
    this.socket = null;
    this.clearTimer();
    this.missed = true;
    if (this.liveSince !== null && Date.now() - this.liveSince >= STABLE_MS) this.attempt = 0;
    this.liveSince = null;
    this.options.onState?.('offline');
    // 4401 says the session is gone, but the socket does not get to decide that: the sync loop's HTTP
    // request does (a 401 there stops this client). While HTTP still works, the refusal was wrong or
    // passing, and giving up would leave the device hearing of nothing but its periodic sync; so the
    // socket is asked again, at the slowest pace, never faster.
    const maxMs = this.options.maxBackoffMs ?? RECONNECT_MAX_MS;
    // `attempt` counts failures since a socket last stayed up; the cap keeps a long outage's retries seconds apart.
    const delay = code === 4401 ? backoffDelay(0, { baseMs: maxMs, maxMs, floor: 0.5 }) : backoffDelay(this.attempt++, { baseMs: RECONNECT_BASE_MS, maxMs, floor: 0.5 });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function safeJson(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return null;
  }
}
