/**
 * Keeps an unlocked vault in sync: a sync right away, then whenever the realtime socket says a vault
 * changed or the user writes, plus a slow periodic pull as a safety net. Failures back off with jitter.
 * Its status is what the popup shows: synced, syncing, offline with N pending, an error, or signed out
 * (the server ended this device's session, as a password change elsewhere does: retrying cannot help,
 * so it waits for the user to sign in again while writes keep queueing). A revoked device is different:
 * no password brings this device back, so the loop stops and tells its owner, who locks the vault.
 */
import {
  afterSocketState,
  backoffDelay,
  deviceRevokedDetailsSchema,
  RealtimeClient,
  SyncError,
  whileSyncing,
  type DeviceRevokedDetails,
  type IntegrityProblem,
  type SocketLike,
  type SyncEngine,
  type SyncStatus,
} from '../../shared/index.js';

export type { SyncStatus } from '../../shared/index.js';

const PERIODIC_MS = 60_000;
/**
 * Failed syncs are retried at most this far apart. The realtime socket's return also kicks a sync, so
 * this bounds catching up only when the socket cannot help (it was 60 s: with a long outage, a
 * retry drawn near it made catching up take a minute and more; decision 114).
 */
const RETRY_MAX_MS = 10_000;

export class SyncLoop {
  status: SyncStatus = { state: 'syncing' };
  /** Bumped after every sync (its status, or what it brought, may change what the popup shows). */
  revision = 0;
  /** What the last sync refused as failing a check: shown until a sync passes them. */
  integrity: IntegrityProblem[] = [];
  private realtime: RealtimeClient | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = false;
  private socketLive = false;

  constructor(
    private readonly engine: SyncEngine,
    private readonly options: {
      baseUrl: string;
      token: string;
      vaultIds: () => string[];
      createSocket?: (url: string) => SocketLike;
      /** After each successful sync; `changed` when it brought items from other devices. */
      onSynced?: (changed: boolean) => void;
      /** Checks that come before the engine's (team rosters: teammates' keys come from them); their findings are shown too. */
      beforeSync?: () => Promise<IntegrityProblem[]>;
      /** The server says this device was revoked (when and by which device, if it said). */
      onRevoked?: (details: DeviceRevokedDetails) => void;
    },
  ) {}

  start(): void {
    this.realtime = new RealtimeClient({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      createSocket: this.options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      onState: (state) => {
        this.status = afterSocketState(this.status, state);
        // HTTP failures are not forgiven because the socket came up: a server that accepts sockets but
        // fails syncs would otherwise be retried at the first backoff step each time.
        // A live socket lost: ask the server over HTTP too, so the status soon says why (or that only the
        // socket dropped). Not on each failed reconnect: while the socket stays away, the loop's own
        // retries pace the HTTP requests (a proxy that blocks WebSockets must not cost a sync every 5 s).
        if (state === 'offline' && this.socketLive) this.kick();
        if (state === 'live' || state === 'offline') this.socketLive = state === 'live';
      },
      onChange: (notice) => {
        // A token made or revoked: the next push reads the vault's tokens again (it would be told to anyway).
        if (notice.kind === 'tokens' && notice.vaultId) this.engine.tokensChanged(notice.vaultId);
        this.kick();
      },
    });
    this.realtime.start();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.realtime?.stop();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Syncs now (or right after the sync under way) and waits until none is running. */
  async syncNow(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  /** Sync now, or right after the sync already running (never two at once). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.status = whileSyncing(this.status);
    let next = PERIODIC_MS;
    try {
      const before = (await this.options.beforeSync?.()) ?? [];
      const report = await this.engine.sync(this.options.vaultIds());
      this.integrity = [...before, ...report.integrity];
      this.failures = 0;
      this.status = { state: 'synced' };
      this.options.onSynced?.(report.pulled > 0 || report.conflicts > 0);
    } catch (error) {
      const code = error instanceof SyncError ? error.code : null;
      if (code === 'unauthorized' && (error as SyncError).server?.code === 'device-revoked') {
        this.status = { state: 'error', message: 'this browser was removed from the account' };
        this.stop();
        next = 0;
        // An older server sends no details: the screen then says only that it happened.
        const details = deviceRevokedDetailsSchema.safeParse((error as SyncError).server?.details);
        this.options.onRevoked?.(details.success ? details.data : { revokedAt: null, revokedBy: null });
      } else if (code === 'unauthorized') {
        this.status = { state: 'signed-out', message: 'the server ended this browser’s session (a password change or account-key rotation on another device does): sign in again with the current password' };
        this.realtime?.stop();
        next = 0;
      } else {
        this.status = { state: code === 'offline' ? 'offline' : 'error', message: error instanceof Error ? error.message : 'sync failed' };
        next = backoffDelay(this.failures++, { baseMs: 1000, maxMs: RETRY_MAX_MS });
      }
    }
    this.revision++;
    // Signed out: no timer. A write still kicks a sync, which asks the server once and stays signed out.
    if (!this.stopped && next > 0) this.timer = setTimeout(() => this.kick(), next);
  }
}
