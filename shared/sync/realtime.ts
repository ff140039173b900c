/**
 * The realtime client: holds a WebSocket to /v1/events, authenticates with its first message, answers
 * heartbeats, and calls `onChange` for each "vault changed" notice (the caller pulls). When the socket
 * drops it reconnects with backoff and jitter, and calls `onChange` for every vault on reconnect,
 * since notices sent while it was away are lost.
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

export interface RealtimeOptions {
  baseUrl: string;
  token: string;
  createSocket(url: string): SocketLike;
  onChange(notice: { vaultId: string | null; kind: string; seq: number }): void;
  onState?(state: RealtimeState): void;
  /** Close codes after which reconnecting is pointless (the session is gone). */
  maxBackoffMs?: number;
}

export class RealtimeClient {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: RealtimeOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, 'client stopped');
    this.socket = null;
    this.options.onState?.('stopped');
  }

  private connect(): void {
    this.options.onState?.('connecting');
    const socket = this.options.createSocket(this.options.baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + '/v1/events');
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.options.token }));
    socket.onmessage = (event) => {
      const parsed = serverEventSchema.safeParse(safeJson(event.data));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong', t: message.t }));
      else if (message.type === 'ready') {
        const reconnected = this.attempt > 0;
        this.attempt = 0;
        this.options.onState?.('live');
        if (reconnected) this.options.onChange({ vaultId: null, kind: 'reconnect', seq: 0 });
      } else this.options.onChange({ vaultId: message.vaultId, kind: message.kind, seq: message.seq });
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.options.onState?.('offline');
      // 4401: the session is gone; reconnecting with the same token cannot succeed.
      if (event.code === 4401) return;
      const delay = backoffDelay(this.attempt++, { baseMs: 250, maxMs: this.options.maxBackoffMs ?? 30_000 });
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }
}

function safeJson(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return null;
  }
}
