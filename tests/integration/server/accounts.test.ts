import { beforeAll, describe, expect, it } from 'vitest';
import { changePassword, derivePasswordKeys, fingerprint, fromBase64url, toBase64url, unlockAccount } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { startCluster, useCluster } from '../../support/server.js';
import { loginNewDevice, newDeviceRegistration, registerUser } from '../../support/users.js';

const server = useCluster();
let base: string;
beforeAll(async () => {
  base = server.base;
});

describe('register', () => {
  it('creates an account and a first device, and returns a working session', async () => {
    const user = await registerUser(base, `Dev.Person-${Date.now()}@Example.COM`);
    const account = await call(base, 'GET', '/v1/account', { token: user.device.token });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ accountId: user.accountId, email: user.email, kdf: user.record.kdf, keyringRevision: 1 });
    // What the server hands back is enough for the client to unlock, and it is only ciphertext.
    const unlocked = await unlockAccount(user.password, JSON.parse(account.body.keyring));
    expect(unlocked.accountId).toBe(user.accountId);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const user = await registerUser(base);
    const again = await registerUserBody(user.email.toUpperCase());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email-taken');
  });

  it('refuses unknown fields, weak KDF parameters and malformed keys with 400', async () => {
    const ok = await validRegistration();
    for (const bad of [
      { ...ok, admin: true },
      { ...ok, kdf: { ...ok.kdf, iterations: 1000 } },
      { ...ok, authKey: 'short' },
      { ...ok, email: 'not an email' },
      { ...ok, accountId: 'not-a-uuid' },
    ]) {
      const res = await call(base, 'POST', '/v1/accounts', { body: bad });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('bad-request');
    }
  });
});

describe('pre-login', () => {
  it('returns the account’s KDF parameters', async () => {
    const user = await registerUser(base);
    const res = await call(base, 'POST', '/v1/prelogin', { body: { email: user.email } });
    expect(res.body).toEqual({ kdf: user.record.kdf });
  });

  it('answers an unknown email with stable, plausible parameters, so emails cannot be enumerated', async () => {
    const a = await call(base, 'POST', '/v1/prelogin', { body: { email: 'nobody@example.com' } });
    const b = await call(base, 'POST', '/v1/prelogin', { body: { email: 'NOBODY@example.com' } });
    const c = await call(base, 'POST', '/v1/prelogin', { body: { email: 'someone-else@example.com' } });
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.kdf).toMatchObject({ alg: 'PBKDF2-SHA256', iterations: 600_000 });
    expect(fromBase64url(a.body.kdf.salt)).toHaveLength(16);
    expect(c.body.kdf.salt).not.toBe(a.body.kdf.salt);
  });

  it('serialises a real account\'s parameters exactly like made-up ones (same fields, same order)', async () => {
    const user = await registerUser(base);
    const real = await call(base, 'POST', '/v1/prelogin', { body: { email: user.email } });
    const made = await call(base, 'POST', '/v1/prelogin', { body: { email: `nobody-${crypto.randomUUID()}@example.com` } });
    const shape = (text: unknown) => JSON.stringify(text).replace(/"salt":"[^"]+"/, '"salt":"…"');
    expect(shape(real.body)).toBe(shape(made.body));
  });
});

describe('login and logout', () => {
  it('signs a new device in with the password-derived auth key', async () => {
    const user = await registerUser(base);
    const second = await loginNewDevice(base, user);
    const devices = await call(base, 'GET', '/v1/devices', { token: second.token });
    expect(devices.body.devices.map((d: { id: string }) => d.id).sort()).toEqual([user.device.id, second.id].sort());
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const user = await registerUser(base);
    const device = await newDeviceRegistration();
    const deviceBody = { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey };
    const wrong = await call(base, 'POST', '/v1/login', { body: { email: user.email, authKey: toBase64url(new Uint8Array(32)), device: deviceBody } });
    const unknown = await call(base, 'POST', '/v1/login', { body: { email: 'ghost@example.com', authKey: user.authKey, device: deviceBody } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({ code: 'invalid-credentials', message: 'wrong email or password' });
  });

  it('ends the session on logout', async () => {
    const user = await registerUser(base);
    expect((await call(base, 'POST', '/v1/logout', { token: user.device.token })).status).toBe(204);
    const after = await call(base, 'GET', '/v1/account', { token: user.device.token });
    expect(after.status).toBe(401);
  });
});

describe('account keyring blob', () => {
  it('is written with the revision it replaces, and a stale write gets 409 with the current revision', async () => {
    const user = await registerUser(base);
    const first = await call(base, 'PUT', '/v1/account/keyring', { token: user.device.token, body: { baseRevision: 1, keyring: 'next-ciphertext' } });
    expect(first.body).toEqual({ revision: 2 });
    const stale = await call(base, 'PUT', '/v1/account/keyring', { token: user.device.token, body: { baseRevision: 1, keyring: 'lost-update' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'revision-conflict', details: { revision: 2 } });
    expect((await call(base, 'GET', '/v1/account', { token: user.device.token })).body.keyring).toBe('next-ciphertext');
  });

  it('changes the password: new KDF and auth key, old one refused, other sessions ended', async () => {
    const user = await registerUser(base);
    const other = await loginNewDevice(base, user);
    const changed = await changePassword(user.record, user.password, 'a brand new passphrase');
    const res = await call(base, 'POST', '/v1/account/password', {
      token: user.device.token,
      body: { currentAuthKey: user.authKey, kdf: changed.record.kdf, authKey: toBase64url(changed.authKey), baseRevision: 1, keyring: JSON.stringify(changed.record) },
    });
    expect(res.body).toEqual({ revision: 2 });
    expect((await call(base, 'GET', '/v1/account', { token: user.device.token })).status).toBe(200);
    expect((await call(base, 'GET', '/v1/account', { token: other.token })).status).toBe(401);
    const pre = await call(base, 'POST', '/v1/prelogin', { body: { email: user.email } });
    expect(pre.body.kdf).toEqual(changed.record.kdf);
    const { authKey } = await derivePasswordKeys('a brand new passphrase', pre.body.kdf);
    const device = await newDeviceRegistration();
    const login = await call(base, 'POST', '/v1/login', {
      body: { email: user.email, authKey: toBase64url(authKey), device: { id: device.id, name: 'x', signingPublicKey: device.signingPublicKey } },
    });
    expect(login.status).toBe(200);
  });

  it('refuses a password change with the wrong current auth key', async () => {
    const user = await registerUser(base);
    const res = await call(base, 'POST', '/v1/account/password', {
      token: user.device.token,
      body: { currentAuthKey: toBase64url(new Uint8Array(32)), kdf: user.record.kdf, authKey: user.authKey, baseRevision: 1, keyring: 'x' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid-credentials');
  });
});

describe('identity lookup', () => {
  it('returns both public identity keys for an invitation', async () => {
    const alice = await registerUser(base);
    const bob = await registerUser(base);
    const res = await call(base, 'GET', `/v1/identity?email=${encodeURIComponent(bob.email)}`, { token: alice.device.token });
    expect(res.body).toEqual({
      accountId: bob.accountId,
      email: bob.email,
      identityPublicKey: bob.identitySpki,
      signingPublicKey: toBase64url(bob.signing.publicSpki),
      fingerprint: await fingerprint(fromBase64url(bob.identitySpki)),
    });
    expect((await call(base, 'GET', '/v1/identity?email=nobody%40example.com', { token: alice.device.token })).status).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 after too many sign-in attempts from one address, and keeps serving other routes', async () => {
    const limited = await startCluster(1, { loginRatePerMinute: 5 });
    try {
      const url = limited.servers[0]!.url;
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await call(url, 'POST', '/v1/prelogin', { body: { email: 'x@example.com' } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await call(url, 'POST', '/v1/login', { body: {} });
      expect(refused.body.error.code).toBe('rate-limited');
      expect((await call(url, 'GET', '/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted proxy, counts each client the proxy names, not the proxy: one client cannot lock everyone out', async () => {
    const limited = await startCluster(1, { loginRatePerMinute: 3, trustedProxies: ['127.0.0.1'] });
    try {
      const url = limited.servers[0]!.url;
      const from = (client: string) => call(url, 'POST', '/v1/prelogin', { body: { email: 'x@example.com' }, headers: { 'x-forwarded-for': client } });
      const attacker: number[] = [];
      for (let i = 0; i < 5; i++) attacker.push((await from('198.51.100.7')).status);
      expect(attacker).toEqual([200, 200, 200, 429, 429]);
      expect((await from('203.0.113.20')).status).toBe(200);
      // Another address in the attacker's IPv6 /64 is the same network, and shares its bucket.
      for (let i = 0; i < 3; i++) expect((await from(`2001:db8:0:1::${i + 1}`)).status).toBe(200);
      expect((await from('2001:db8:0:1::ff')).status).toBe(429);
      expect((await from('2001:db8:0:2::1')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('limits password changes (a guessing oracle otherwise) and account lookups by email (an address list otherwise)', async () => {
    const limited = await startCluster(1, { loginRatePerMinute: 3, lookupRatePerMinute: 3 });
    try {
      const url = limited.servers[0]!.url;
      const user = await registerUser(url); // one sign-in attempt of the three
      const wrong = { currentAuthKey: 'A'.repeat(43), kdf: user.record.kdf, authKey: user.authKey, baseRevision: 1, keyring: 'x' };
      const changes: number[] = [];
      for (let i = 0; i < 3; i++) changes.push((await call(url, 'POST', '/v1/account/password', { token: user.device.token, body: wrong })).status);
      expect(changes).toEqual([401, 401, 429]);
      const lookups: number[] = [];
      for (let i = 0; i < 4; i++) lookups.push((await call(url, 'GET', `/v1/identity?email=someone-${i}%40example.com`, { token: user.device.token })).status);
      expect(lookups).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

async function validRegistration() {
  const device = await newDeviceRegistration();
  const user = await registerUser(base);
  return {
    accountId: crypto.randomUUID(),
    email: `fresh-${crypto.randomUUID()}@example.com`,
    kdf: user.record.kdf,
    authKey: user.authKey,
    keyring: 'ciphertext',
    identityPublicKey: user.identitySpki,
    device: { id: device.id, name: 'd', signingPublicKey: device.signingPublicKey },
  };
}

async function registerUserBody(email: string) {
  const body = { ...(await validRegistration()), email };
  return call(base, 'POST', '/v1/accounts', { body });
}
