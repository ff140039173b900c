/**
 * Every route the server answers, fed generated requests: path parameters that are real ids, other
 * ids or junk; junk query strings; bodies that are arbitrary JSON, near-misses of what the route wants,
 * or not JSON at all; no credential, a member's session, an access token's credential or garbage. No
 * answer is a 5xx, nothing is logged at error level, and the server answers normally afterwards.
 * (robustness.test.ts holds the hand-written cases; this covers the routes nobody wrote a case for.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createToken, deriveTokenSecrets, parseToken, readWithToken } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { tokenVault } from '../../support/tokens.js';

const server = useCluster();

describe('every route under generated requests', () => {
  it('answers each with a 2xx–4xx, logs no error, and keeps serving', async () => {
    const v = await tokenVault(server.base, [{ name: 'FUZZ_KEY', value: 'fz-0001' }]);
    const made = await createToken(v.admin, { name: 'fuzz', scope: { items: null, tags: null, environment: null }, expiresAt: null, allowedIps: [] }, await v.serverItems());
    const credential = (await deriveTokenSecrets(parseToken(made.token))).credential;
    const routes = server.cluster.servers[0]!.routes;
    expect(routes.length).toBeGreaterThan(40);
    const ids = [v.vault.vaultId, v.user.accountId, v.user.device.id, made.descriptor.id, [...v.ids.values()][0]!, crypto.randomUUID()];

    const param = fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 40 }), fc.constantFrom('0', '-1', '..', '%00', 'null', 'a'.repeat(300)));
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue().map((json) => ({ json })),
      fc.dictionary(fc.constantFrom('items', 'entries', 'baseRevision', 'blob', 'keyring', 'email', 'authKey', 'name', 'role', 'descriptor', 'keys', 'ids', 'tokenSeq', 'record'), fc.jsonValue()).map((json) => ({ json })),
      fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
    );
    // Mostly a member's session, so the requests get past authentication into the routes' own checks.
    const auth = fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | undefined>(v.user.device.token) },
      { weight: 2, arbitrary: fc.constant<string | undefined>(credential) },
      { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'garbage-token', 'A'.repeat(43)) },
    );
    const query = fc.dictionary(fc.constantFrom('after', 'limit', 'before', 'cursor', 'since'), fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)));

    const seen: string[] = [];
    const fuzz = (numRuns: number) => fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.array(param, { minLength: 4, maxLength: 4 }), body, auth, query, async (route, params, b, token, q) => {
        let n = 0;
        const path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[n++ % params.length]!));
        const search = new URLSearchParams(q).toString();
        // fetch sends no body with GET or HEAD.
        const sent = route.method === 'GET' || route.method === 'HEAD' ? {} : (b ?? {});
        const reply = await call(server.base, route.method, search ? `${path}?${search}` : path, { token, ...sent });
        seen.push(`${route.method} ${route.path} → ${reply.status}`);
        expect(reply.status, `${route.method} ${path}: ${JSON.stringify(reply.body).slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns },
    );
    await fuzz(1500);
    // No memory growth: after a full collection, another 1 000 hostile requests leave the heap (this
    // process's, which holds the server) where it was, but for the log lines the test keeps.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'vitest.config.ts runs the tests with --expose-gc').toBeTypeOf('function');
    gc!();
    const before = process.memoryUsage().heapUsed;
    await fuzz(1000);
    gc!();
    expect(process.memoryUsage().heapUsed - before, 'heap growth after 1 000 more requests, bytes').toBeLessThan(3 * 1024 * 1024);
    expect(new Set(seen.map((s) => s.split(' → ')[0])).size, 'most routes were tried').toBeGreaterThan(routes.length * 0.8);
    expect(server.cluster.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);
    // Still serving (the requests above may have revoked that token or deleted that vault: they were real):
    // a new account's vault and token work end to end.
    const after = await tokenVault(server.base, [{ name: 'AFTER_KEY', value: 'fz-0002' }]);
    const read = await readWithToken((await after.make({ name: 'after' })).token, { baseUrl: server.base });
    expect(read.items.map((i) => i.payload.value)).toEqual(['fz-0002']);
  }, 240_000);
});
