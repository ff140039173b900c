/**
 * Device names on the server: renaming any device of one's own account (validated, never another
 * account's), and the refusal a revoked device gets, which says when and by which device.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { loginNewDevice, registerUser, revokeDevice } from '../../support/users.js';

const server = useCluster();

const rename = (token: string, deviceId: string, body: unknown) => call(server.base, 'PATCH', `/v1/devices/${deviceId}`, { token, body });
const names = async (token: string) => (await call(server.base, 'GET', '/v1/devices', { token })).body.devices.map((d: { id: string; name: string }) => [d.id, d.name]);

describe('PATCH /v1/devices/:id', () => {
  it('renames this device or another of the account, trimmed, and every device lists the new name', async () => {
    const user = await registerUser(server.base);
    const phone = await loginNewDevice(server.base, user, 'Chrome on Android');
    const own = await rename(user.device.token, user.device.id, { name: '  Work laptop  ' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: user.device.id, name: 'Work laptop' });
    expect((await rename(user.device.token, phone.id, { name: 'Pixel 💻 de Zoë' })).status).toBe(200);
    expect(await names(phone.token)).toEqual(expect.arrayContaining([[user.device.id, 'Work laptop'], [phone.id, 'Pixel 💻 de Zoë']]));
  });

  it('lets two devices carry the same name: names are labels, not identities', async () => {
    const user = await registerUser(server.base);
    const other = await loginNewDevice(server.base, user, 'Chrome on Linux');
    expect((await rename(user.device.token, user.device.id, { name: 'Chrome on Linux' })).status).toBe(200);
    expect((await names(other.token)).filter(([, n]: string[]) => n === 'Chrome on Linux')).toHaveLength(2);
  });

  it('refuses an empty, too long, control-character or bidi-override name, and unknown fields, naming the field', async () => {
    const user = await registerUser(server.base);
    for (const body of [{ name: '   ' }, { name: 'x'.repeat(101) }, { name: 'tab\there' }, { name: 'evil\u202Eexe.txt' }, { name: 'zero\u200Bwidth' }, { name: 'ok', admin: true }, {}]) {
      const res = await rename(user.device.token, user.device.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad-request');
    }
    const bad = await rename(user.device.token, user.device.id, { name: 'bell\u0007' });
    expect(bad.body.error.message).toMatch(/name/);
    expect(await names(user.device.token)).toEqual([[user.device.id, 'laptop']]);
  });

  it("answers 404 for another account's device or an unknown one, and 401 without a live session", async () => {
    const user = await registerUser(server.base);
    const stranger = await registerUser(server.base);
    expect((await rename(user.device.token, stranger.device.id, { name: 'mine now' })).status).toBe(404);
    expect((await rename(user.device.token, crypto.randomUUID(), { name: 'ghost' })).status).toBe(404);
    expect((await rename(user.device.token, 'not-a-uuid', { name: 'x' })).status).toBe(404);
    expect((await call(server.base, 'PATCH', `/v1/devices/${user.device.id}`, { body: { name: 'x' } })).status).toBe(401);
    expect(await names(stranger.device.token)).toEqual([[stranger.device.id, 'laptop']]);
  });

  it('refuses a name on registration by the same rule', async () => {
    const user = await registerUser(server.base);
    await expect(loginNewDevice(server.base, user, 'a\u202Eb')).rejects.toThrow(/400/);
  });
});

describe('a revoked device is told when, and by which device', () => {
  it("gets 401 device-revoked with the time and the revoking device's current name", async () => {
    const user = await registerUser(server.base);
    const lost = await loginNewDevice(server.base, user, 'Firefox on Linux');
    expect((await rename(user.device.token, user.device.id, { name: 'Chrome on macOS' })).status).toBe(200);
    const revoked = await revokeDevice(server.base, user, lost.id);
    expect(revoked.status).toBe(200);
    const refused = await call(server.base, 'GET', '/v1/devices', { token: lost.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'device-revoked', details: { revokedAt: revoked.body.revokedAt, revokedBy: 'Chrome on macOS' } });
    // Revoking again (from another device) changes neither the time nor who did it.
    const third = await loginNewDevice(server.base, user, 'third');
    await revokeDevice(server.base, user, lost.id, third.token);
    const again = await call(server.base, 'GET', '/v1/account', { token: lost.token });
    expect(again.body.error.details).toEqual({ revokedAt: revoked.body.revokedAt, revokedBy: 'Chrome on macOS' });
  });
});
