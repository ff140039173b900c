/** The identity signing key and the statements it signs (docs/crypto.md §20). */
import { describe, expect, it } from 'vitest';
import {
  certifyDevice,
  createAccount,
  createSigningIdentity,
  generateDeviceKey,
  openSigningIdentity,
  readCertificate,
  readRevocation,
  revokeDeviceStatement,
  toBase64url,
} from '../../../shared/index.js';

async function setup() {
  const { unlocked } = await createAccount('a long and careful password', { accountId: 'acct' });
  const { identity, record } = await createSigningIdentity(unlocked.accountKey, 'acct');
  const device = await generateDeviceKey({ extractable: false });
  return { unlocked, identity, record, device };
}

describe('identity signing key', () => {
  it('is non-extractable once opened, and opens only with its own public key beside it', async () => {
    const { unlocked, identity, record } = await setup();
    expect(identity.signingKey.extractable).toBe(false);
    const reopened = await openSigningIdentity(record, unlocked.accountKey, 'acct');
    expect(toBase64url(reopened.publicSpki)).toBe(record.publicSpki);
    // A server swapping in a public key of its own makes the private half fail to open, not believed.
    const other = await createSigningIdentity(unlocked.accountKey, 'acct');
    await expect(openSigningIdentity({ ...record, publicSpki: other.record.publicSpki }, unlocked.accountKey, 'acct')).rejects.toMatchObject({ code: 'tampered' });
    await expect(openSigningIdentity(record, unlocked.accountKey, 'another-account')).rejects.toMatchObject({ code: 'tampered' });
  });
});

describe('device certificates and revocations', () => {
  it('reads a certificate only for its account and device, signed by that identity, unchanged', async () => {
    const { identity, device } = await setup();
    const cert = await certifyDevice(identity.signingKey, { accountId: 'acct', deviceId: 'dev-1', deviceSpki: device.publicSpki, now: new Date() });
    const text = JSON.stringify(cert);
    expect(await readCertificate(text, { accountId: 'acct', deviceId: 'dev-1' }, identity.verifyKey)).toEqual(cert);
    expect(await readCertificate(text, { accountId: 'acct', deviceId: 'dev-2' }, identity.verifyKey)).toBeNull();
    expect(await readCertificate(text, { accountId: 'other', deviceId: 'dev-1' }, identity.verifyKey)).toBeNull();
    const stranger = (await setup()).identity;
    expect(await readCertificate(text, { accountId: 'acct', deviceId: 'dev-1' }, stranger.verifyKey)).toBeNull();
    const swapped = JSON.stringify({ ...cert, key: toBase64url(stranger.publicSpki) });
    expect(await readCertificate(swapped, { accountId: 'acct', deviceId: 'dev-1' }, identity.verifyKey)).toBeNull();
    for (const junk of [null, '', 'not json', '{"v":2}', JSON.stringify({ ...cert, extra: 1 })]) {
      expect(await readCertificate(junk, { accountId: 'acct', deviceId: 'dev-1' }, identity.verifyKey)).toBeNull();
    }
  });

  it('reads a revocation the same way, and not one with a changed time', async () => {
    const { identity } = await setup();
    const statement = await revokeDeviceStatement(identity.signingKey, { accountId: 'acct', deviceId: 'dev-1', now: new Date(1_800_000_000_000) });
    expect(await readRevocation(JSON.stringify(statement), { accountId: 'acct', deviceId: 'dev-1' }, identity.verifyKey)).toMatchObject({ revokedAt: 1_800_000_000_000 });
    const backdated = JSON.stringify({ ...statement, revokedAt: 0 });
    expect(await readRevocation(backdated, { accountId: 'acct', deviceId: 'dev-1' }, identity.verifyKey)).toBeNull();
  });
});
