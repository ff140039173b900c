/**
 * The API client facing a server that misbehaves: a real HTTP server on loopback that answers with
 * garbage, the wrong shape, HTML errors, or not at all. Every case must become a typed SyncError with a
 * code the caller can act on, never a crash and never an unchecked object.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SyncError } from '../../../shared/index.js';

let server: Server;
let base: string;
const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (status: number, body: unknown) => (res: import('node:http').ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));

async function failure(call: (api: ApiClient) => Promise<unknown>, timeoutMs = 2000): Promise<SyncError> {
  const error = await call(new ApiClient({ baseUrl: base, token: 't'.repeat(43), timeoutMs })).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('API client against a misbehaving server', () => {
  it.each([
    ['a body that is not JSON', json(200, '<html>oops</html>'), 'bad-response'],
    ['JSON of the wrong shape', json(200, { changes: 'lots', cursor: -1 }), 'bad-response'],
    ['extra fields it does not know', json(200, { changes: [], cursor: 0, hasMore: false, injected: true }), 'bad-response'],
    ['an HTML 502 from a proxy', (res: import('node:http').ServerResponse) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'), 'server-error'],
    ['a protocol error', json(401, { error: { code: 'unauthorized', message: 'the session expired; log in again' } }), 'unauthorized'],
    ['a conflict', json(409, { error: { code: 'revision-conflict', message: 'changed meanwhile', details: { revision: 4 } } }), 'conflict'],
    ['a 429', json(429, { error: { code: 'rate-limited', message: 'slow down' } }), 'rate-limited'],
    ['a 4xx without a body', (res: import('node:http').ServerResponse) => res.writeHead(418).end(), 'rejected'],
  ] as const)('turns %s into a typed %s error', async (_name, handler, code) => {
    routes.set('/v1/vaults/00000000-0000-4000-8000-000000000000/changes?after=0', handler);
    const error = await failure((api) => api.changes('00000000-0000-4000-8000-000000000000', 0));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('keeps the server’s own error code and details for the caller', async () => {
    routes.set('/v1/account/keyring', json(409, { error: { code: 'revision-conflict', message: 'changed meanwhile', details: { revision: 4 } } }));
    const error = await failure((api) => api.putKeyring(1, 'x'));
    expect(error.server).toEqual({ code: 'revision-conflict', details: { revision: 4 } });
  });

  it('counts a server that never answers as offline, after the timeout', async () => {
    routes.set('/v1/vaults', () => {}); // accepts the request and never responds
    const started = performance.now();
    const error = await failure((api) => api.vaults(), 300);
    expect(error.code).toBe('offline');
    expect(error.message).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('counts a refused connection as offline', async () => {
    const error = await new ApiClient({ baseUrl: 'http://127.0.0.1:9' }).vaults().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'offline' });
  });
});
