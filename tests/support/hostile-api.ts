/**
 * A hostile server in front of the real one, as a client's fetch sees it: each hook rewrites one kind of
 * answer (or stands in for one request); everything else passes through unchanged. Every request is
 * recorded as "METHOD /path" for assertions on what the client did.
 */
import { ApiClient, type AccountKeyRecord } from '../../shared/index.js';

export interface AccountAnswer {
  accountId: string;
  email: string;
  kdf: AccountKeyRecord['kdf'];
  keyring: string;
  keyringRevision: number;
  identityPublicKey: string;
  signingPublicKey: string | null;
}
export type KeysAnswer = { keys: { accountId: string; keyVersion: number; blob: string; revision: number }[] };
export type SessionAnswer = { accountId: string; deviceId: string; token: string; expiresAt: string };
type TeamMemoryAnswer = { revision: number; blob: string | null };

/** What the hostile server does; unset hooks pass the real server's answer through. */
export interface Tamper {
  login?: (real: SessionAnswer) => SessionAnswer;
  /** `GET /v1/account`: another answer, junk text, or a response of its own. */
  account?: (real: AccountAnswer) => AccountAnswer | string | Response;
  keys?: (vaultId: string, real: KeysAnswer) => KeysAnswer;
  teamMemory?: (real: TeamMemoryAnswer) => TeamMemoryAnswer;
  /** Stands in for the publish (`POST /v1/account/password`): `real()` forwards it to the server. */
  password?: (real: () => Promise<Response>) => Promise<Response>;
  /** Stands in for a `PUT /v1/vaults/…/keys/…`: `real()` forwards it. */
  putKey?: (real: () => Promise<Response>) => Promise<Response>;
  /** Runs once, before the next `PUT /v1/vaults/…/keys/…` is forwarded (a race staged at that moment). */
  beforePutKey?: () => Promise<void>;
  calls: string[];
}

export const json = (body: unknown, status = 200) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function hostileApi(base: string, tamper: Tamper, token?: string): ApiClient {
  return new ApiClient({
    baseUrl: base,
    token,
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      tamper.calls.push(`${method} ${url.pathname}`);
      const real = () => fetch(input, init);
      const putKey = method === 'PUT' && /^\/v1\/vaults\/[^/]+\/keys\//.test(url.pathname);
      if (putKey && tamper.beforePutKey) {
        const race = tamper.beforePutKey;
        tamper.beforePutKey = undefined;
        await race();
      }
      if (method === 'POST' && url.pathname === '/v1/account/password' && tamper.password) return tamper.password(real);
      if (putKey && tamper.putKey) return tamper.putKey(real);
      const res = await real();
      if (!res.ok) return res;
      if (method === 'POST' && url.pathname === '/v1/login' && tamper.login) return json(tamper.login((await res.json()) as SessionAnswer));
      if (method !== 'GET') return res;
      if (url.pathname === '/v1/account' && tamper.account) {
        const answer = tamper.account((await res.json()) as AccountAnswer);
        return answer instanceof Response ? answer : json(answer);
      }
      if (url.pathname === '/v1/account/team-memory' && tamper.teamMemory) return json(tamper.teamMemory((await res.json()) as TeamMemoryAnswer));
      const keys = /^\/v1\/vaults\/([^/]+)\/keys$/.exec(url.pathname);
      if (keys && tamper.keys) return json(tamper.keys(keys[1]!, (await res.json()) as KeysAnswer));
      return res;
    },
  });
}
