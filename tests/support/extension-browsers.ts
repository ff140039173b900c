/**
 * Browsers for integration tests of the extension's background: a real VaultService each, over its own
 * Dexie database (fake-indexeddb) and a `ws` realtime socket, driven through the message router as the
 * extension's pages drive it. Registers an afterAll that locks them all (stopping loops and sockets).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll } from 'vitest';
import WebSocket from 'ws';
import { route } from '../../extension/background/router.js';
import { memoryPorts } from '../../extension/background/ports.js';
import { VaultService } from '../../extension/background/vault-service.js';
import { KeyHavenDatabase } from '../../extension/db/database.js';
import type { Answers, Request } from '../../extension/messages/protocol.js';
import type { SocketLike } from '../../shared/index.js';

export interface Browser {
  service: VaultService;
  db: KeyHavenDatabase;
  email: string;
  password: string;
}

export function useBrowsers(serverBase: () => string) {
  const opened: Browser[] = [];
  afterAll(async () => void (await Promise.all(opened.map((b) => b.service.lock()))));
  let n = 0;

  function browser(email: string, password = `pw of ${email}`): Browser {
    const db = new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange });
    const service = new VaultService(db, memoryPorts(), { createSocket: (url) => new WebSocket(url) as unknown as SocketLike });
    const b = { service, db, email, password };
    opened.push(b);
    return b;
  }

  async function ask<T extends Request['type']>(b: Browser, request: Extract<Request, { type: T }>): Promise<Answers[T]> {
    const answer = await route(b.service, request);
    if (!answer.ok) throw new Error(`${request.type} refused: ${answer.error.code} ${answer.error.message}`);
    return answer.data as Answers[T];
  }

  async function refused(b: Browser, request: Request): Promise<{ code: string; message: string }> {
    const answer = await route(b.service, request);
    if (answer.ok) throw new Error(`${request.type} was not refused`);
    return answer.error;
  }

  async function signedUp(name: string): Promise<Browser> {
    const b = browser(`${name}-${Date.now()}-${n++}@example.com`);
    await ask(b, { type: 'signup', server: serverBase(), email: b.email, password: b.password });
    return b;
  }

  /** Every value this browser can reveal, sorted: what a person would see by opening each key. */
  const values = async (b: Browser) => {
    const { items } = await ask(b, { type: 'list' });
    return Promise.all(items.map(async (i) => (await ask(b, { type: 'reveal', vaultId: i.vaultId, itemId: i.id })).value)).then((v) => v.sort());
  };
  const fingerprintOf = async (b: Browser) => (await ask(b, { type: 'settings' })).fingerprint!;
  const vaultNamed = async (b: Browser, name: string) => (await ask(b, { type: 'vaults' })).vaults.find((v) => v.name === name);

  return { browser, ask, refused, signedUp, fingerprintOf, vaultNamed, values };
}
