/**
 * "Vault V changed" notices between server instances. With a real PostgreSQL they travel through
 * LISTEN/NOTIFY, so every instance behind a load balancer hears every write. With the embedded
 * database there is one process, and they travel through an in-process emitter.
 */
import { EventEmitter } from 'node:events';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { CHANGE_KINDS } from '../shared/protocol/api.js';

export const changeNoticeSchema = z.strictObject({ vaultId: z.string(), kind: z.enum(CHANGE_KINDS), seq: z.number() });
export type ChangeNotice = z.infer<typeof changeNoticeSchema>;

export interface Notifier {
  publish(notice: ChangeNotice): Promise<void>;
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'keyhaven_changes';

export function memoryNotifier(): Notifier {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(notice) {
      emitter.emit(CHANNEL, notice);
    },
    subscribe(listener) {
      emitter.on(CHANNEL, listener);
      return () => emitter.off(CHANNEL, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function postgresNotifier(sql: Sql): Promise<Notifier> {
  const local = memoryNotifier();
  // postgres.js keeps one dedicated connection for LISTEN and re-subscribes after a reconnect.
  const listening = await sql.listen(CHANNEL, (payload) => {
    const parsed = changeNoticeSchema.safeParse(JSON.parse(payload));
    if (parsed.success) void local.publish(parsed.data);
  });
  return {
    async publish(notice) {
      await sql.notify(CHANNEL, JSON.stringify(notice));
    },
    subscribe: local.subscribe,
    async close() {
      await listening.unlisten();
      await local.close();
    },
  };
}
