/**
 * `keyhaven devices rotate-key` against a real server: the device keeps its id, what it signed before
 * and after still verifies on another device, and a run killed after the publish is finished by the
 * next command with nothing queued lost.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ok, cliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
let base: string;
beforeAll(() => {
  base = server.base;
});


type Verification = { verification: { ok: boolean; verified: number; reason?: string } };

describe('keyhaven devices rotate-key', () => {
  it('gives this device a new key; another device verifies everything it signed before and after, also when a run was killed after the publish', async () => {
    const email = `rot-${crypto.randomUUID()}@example.com`;
    const laptop = cliUser();
    await ok(laptop, ['signup', '--server', base, '--email', email, '--device-name', 'laptop']);
    await ok(laptop, ['add', '--name', 'Before'], { input: 'sk-before-device-rotation-0001' });
    const phone = cliUser(laptop.password);
    await ok(phone, ['login', '--server', base, '--email', email, '--device-name', 'phone']);

    const rotated = (await ok(laptop, ['devices', 'rotate-key', '--json'])).json<{ device: string; fingerprint: string }>();
    expect(rotated.fingerprint).toMatch(/\S/);
    const devices = (await ok(laptop, ['devices', '--json'])).json<{ id: string; current: boolean; earlierCertificates: string[] }[]>();
    expect(devices.find((d) => d.current)).toMatchObject({ id: rotated.device, earlierCertificates: [expect.any(String)] });
    await ok(laptop, ['add', '--name', 'After'], { input: 'sk-after-device-rotation-00002' });

    // A second rotation killed after the server took the certificate: the home still holds the old
    // key as its device key and the new one as pending (as a crash would leave it).
    const before = readFileSync(join(laptop.home, 'state.json'), 'utf8');
    await ok(laptop, ['devices', 'rotate-key']);
    const after = JSON.parse(readFileSync(join(laptop.home, 'state.json'), 'utf8')) as { device: { publicSpki: string; wrappedSigningKey: string } };
    const killed = JSON.parse(before) as { device: unknown; deviceRotation?: unknown };
    killed.deviceRotation = { publicSpki: after.device.publicSpki, wrappedSigningKey: after.device.wrappedSigningKey };
    writeFileSync(join(laptop.home, 'state.json'), JSON.stringify(killed));
    const next = await ok(laptop, ['add', '--name', 'While killed'], { input: 'sk-while-killed-rotation-0003' });
    expect(next.stderr).toMatch(/finished an interrupted rotation of this device's signing key/);

    await ok(phone, ['sync']);
    for (const name of ['Before', 'After', 'While killed']) expect((await ok(phone, ['get', name, '--json'])).json<{ name: string }>().name).toBe(name);
    const audit = (await ok(phone, ['audit', '--verify', '--json'])).json<Verification & { entries: { detail: { scope?: string; phase?: string } | null }[] }>();
    expect(audit.verification).toMatchObject({ ok: true });
    expect(audit.entries.filter((e) => e.detail?.scope === 'device-key').map((e) => e.detail!.phase)).toEqual(['start', 'done', 'start', 'done', 'done']);
  });
});
