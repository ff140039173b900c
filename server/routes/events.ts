/**
 * Realtime: a WebSocket on which a device hears "vault V changed (items up to seq S)" for the vaults it
 * belongs to, never the data itself; it then pulls. Browsers cannot set headers on a WebSocket, so the
 * session token comes in the first message (not the URL, which proxies log). Unauthenticated sockets
 * are closed after a few seconds; authenticated ones get a ping every `heartbeatMs`, and are closed when
 * they stop answering or when their session ends (logout, expiry, device revoked), checked at each beat.
 */
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { clientEventSchema, type ServerEvent } from '../../shared/protocol/api.js';
import { tokenHash } from '../auth/secrets.js';
import { checkSession } from '../middleware/auth.js';
import type { Deps } from '../context.js';
import type { ChangeNotice } from '../notify.js';

export const AUTH_TIMEOUT_MS = 5_000;

export function eventsHandler(deps: Deps, upgradeWebSocket: UpgradeWebSocket, heartbeatMs: number) {
  return upgradeWebSocket(() => {
    let accountId: string | null = null;
    let sessionHash: Buffer | null = null;
    let vaults = new Set<string>();
    let unsubscribe: (() => void) | null = null;
    let timers: NodeJS.Timeout[] = [];
    let awaitingPong = false;
    // A socket can close at any await below (while its session is being checked, say): `closed` stops
    // the rest from subscribing it, and `release` undoes exactly what was done, once.
    let closed = false;
    let authenticating = false;
    let counted = false;

    const send = (ws: WSContext, event: ServerEvent) => ws.readyState === 1 && ws.send(JSON.stringify(event));
    const refreshVaults = async () => {
      const rows = await deps.sql<{ vault_id: string }[]>`select vault_id from vault_members where account_id = ${accountId} and status = 'active'`;
      vaults = new Set(rows.map((r) => r.vault_id));
    };
    const release = () => {
      closed = true;
      timers.forEach(clearTimeout);
      timers = [];
      unsubscribe?.();
      unsubscribe = null;
      if (counted) deps.metrics.websockets.dec();
      counted = false;
    };

    const authenticate = async (token: string, ws: WSContext) => {
      sessionHash = tokenHash(token);
      const live = await checkSession(deps.sql, sessionHash);
      if (closed) return;
      if (!live.ok) return ws.close(4401, live.message);
      accountId = live.accountId;
      await refreshVaults();
      if (closed) return;
      counted = true;
      deps.metrics.websockets.inc();
      unsubscribe = deps.notifier.subscribe((notice: ChangeNotice) => {
        void (async () => {
          // Membership changes may add or remove vaults this device should hear about; a device just
          // removed (or whose vault was deleted) hears of it too, so it stops syncing that vault at once.
          const was = vaults.has(notice.vaultId);
          if (notice.kind === 'members') await refreshVaults();
          if (was || vaults.has(notice.vaultId)) send(ws, { type: 'changed', vaultId: notice.vaultId, kind: notice.kind, seq: notice.seq });
        })().catch((error: unknown) => deps.log.warn('realtime notice failed', { error: String(error) }));
      });
      const beat = async () => {
        if (closed) return;
        if (awaitingPong) return ws.close(4408, 'heartbeat timeout');
        const live = await checkSession(deps.sql, sessionHash!);
        if (closed) return;
        if (!live.ok) return ws.close(4401, live.message);
        awaitingPong = true;
        send(ws, { type: 'ping', t: Date.now() });
        schedule();
      };
      const schedule = () => timers.push(setTimeout(() => void beat().catch(() => ws.close(1011, 'heartbeat failed')), heartbeatMs));
      schedule();
      send(ws, { type: 'ready' });
    };

    return {
      onOpen(_event, ws) {
        timers.push(setTimeout(() => accountId === null && ws.close(4401, 'authenticate first'), AUTH_TIMEOUT_MS));
      },
      async onMessage(event, ws) {
        const parsed = typeof event.data === 'string' ? safeJson(event.data) : null;
        const message = clientEventSchema.safeParse(parsed);
        if (!message.success) return ws.close(4400, 'unknown message');
        if (message.data.type === 'pong') {
          awaitingPong = false;
          return;
        }
        // One authentication per socket; a second auth message while the first is checked is ignored.
        if (accountId !== null || authenticating) return;
        authenticating = true;
        try {
          await authenticate(message.data.token, ws);
        } catch (error) {
          // The database may be away: the client reconnects with backoff, nothing stays half-open.
          deps.log.warn('realtime authentication failed', { error: error instanceof Error ? error.name : 'unknown' });
          ws.close(1011, 'try again later');
        }
      },
      onClose() {
        release();
      },
      onError() {
        release();
      },
    };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
