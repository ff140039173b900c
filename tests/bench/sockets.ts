/**
 * Realtime capacity: open authenticated sockets on a server process in steps, and at each step time
 * push → notice on every socket. Reports the server's memory per 1 000 sockets and the largest step
 * whose p99 notice delay stays under 1 s. The sockets live in this (bench) process, which shares the
 * machine with the server: on two cores the figure is a floor for a server with the machine to itself.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { call } from '../support/api.js';
import { rssMiB } from '../support/load-stats.js';
import type { ServerProcess } from '../support/process.js';
import { sealedBlob, type TestVault } from '../support/users.js';
import { percentile, type Section } from './harness.js';

const STEPS = [1000, 2000, 4000, 8000, 16000];
const PUSHES = 10;
const NOTICE_LIMIT_MS = 1000;

interface Listener {
  ws: WebSocket;
  /** When this socket heard each vault sequence number. */
  heard: Map<number, number>;
}

function listen(url: string, token: string, vaultId: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/events`);
    const heard = new Map<number, number>();
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; t?: number; vaultId?: string; seq?: number };
      if (event.type === 'ready') resolve({ ws, heard });
      else if (event.type === 'ping') ws.send(JSON.stringify({ type: 'pong', t: event.t }));
      else if (event.type === 'changed' && event.vaultId === vaultId && !heard.has(event.seq!)) heard.set(event.seq!, performance.now());
    });
  });
}

export async function holdSockets(server: ServerProcess, devices: { token: string; vault: TestVault }[]): Promise<Section> {
  const target = devices[0]!;
  const listeners: Listener[] = [];
  const baseRss = rssMiB(server.child.pid!);
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown>[] = [];
  let largest = 0;
  try {
    for (const step of STEPS) {
      while (listeners.length < step) {
        const batch = Math.min(250, step - listeners.length);
        listeners.push(...(await Promise.all(Array.from({ length: batch }, (_, i) => listen(server.url, devices[(listeners.length + i) % devices.length]!.token, target.vault.vaultId)))));
      }
      await new Promise((r) => setTimeout(r, 1000));
      const rss = rssMiB(server.child.pid!);
      const sent = new Map<number, number>();
      for (let i = 0; i < PUSHES; i++) {
        const itemId = randomUUID();
        const t = performance.now();
        const res = await call(server.url, 'POST', `/v1/vaults/${target.vault.vaultId}/items`, { token: target.token, body: { items: [{ itemId, baseRevision: 0, blob: await sealedBlob(target.vault, itemId) }] } });
        sent.set(res.body.seq, t);
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, NOTICE_LIMIT_MS * 2));
      // A notice that never came counts as late.
      const delays = listeners.flatMap((l) => [...sent].map(([seq, t]) => (l.heard.has(seq) ? l.heard.get(seq)! - t : Number.POSITIVE_INFINITY)));
      const p99 = percentile(delays, 99);
      const p50 = percentile(delays, 50);
      rows.push([step, rss, ((rss - baseRss) / (step / 1000)).toFixed(1), p50.toFixed(0), Number.isFinite(p99) ? p99.toFixed(0) : 'missed']);
      data.push({ sockets: step, rssMiB: rss, mibPer1000: (rss - baseRss) / (step / 1000), p50Ms: p50, p99Ms: p99 });
      if (p99 >= NOTICE_LIMIT_MS) break;
      largest = step;
    }
  } finally {
    for (const l of listeners) l.ws.terminate();
  }
  return {
    title: `Realtime sockets on one server process (idle RSS ${baseRss} MiB; ${PUSHES} pushes at 2/s per step, each heard on every socket)`,
    columns: ['sockets', 'server RSS MiB', 'MiB per 1 000', 'push → notice p50 ms', 'p99 ms'],
    rows,
    notes: [`Largest step with p99 under ${NOTICE_LIMIT_MS} ms: ${largest} sockets (steps ${STEPS.join(', ')}; the client end of every socket runs in the bench process on the same machine).`],
    data,
  };
}
