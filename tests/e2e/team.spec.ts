import { expect, test } from '@playwright/test';
import { cliUser, ok, type CliUser } from '../support/cli.js';
import { screenshot } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const whoami = async (user: CliUser) => (await ok(user, ['whoami', '--json'])).json<{ fingerprint: string; accountId: string }>();

test('a team vault shared through the CLI syncs in the browser without warnings, and a role the server raises is a security warning there', async () => {
  test.setTimeout(120_000);
  const [alice, bob] = [cliUser(), cliUser()];
  const [aliceEmail, bobEmail] = [`alice-${Date.now()}@example.com`, `bob-${Date.now()}@example.com`];
  await ok(alice, ['signup', '--server', server().url, '--email', aliceEmail]);
  await ok(bob, ['signup', '--server', server().url, '--email', bobEmail]);
  await ok(alice, ['vault', 'create', 'Payments']);
  await ok(alice, ['add', '--vault', 'Payments', '--name', 'Stripe live', '--provider', 'stripe'], 'sk_live_team_in_browser_000001');
  const [a, b] = [await whoami(alice), await whoami(bob)];
  await ok(alice, ['vault', 'invite', bobEmail, '--vault', 'Payments', '--role', 'viewer', '--fingerprint', b.fingerprint]);
  await ok(bob, ['vault', 'accept', 'Payments', '--fingerprint', a.fingerprint]);

  // Bob signs this browser in: the team vault comes with his account, its roster and Alice's writes check out.
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.locator('label.mode', { hasText: 'Sign in' }).click();
  await popup.getByLabel('Server').fill(server().url);
  await popup.getByLabel('Email').fill(bobEmail);
  await popup.getByLabel('Password', { exact: true }).fill(bob.password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 20_000 });
  await expect(popup.getByRole('alert', { name: 'Security warning' })).toHaveCount(0);

  // The operator makes Bob an admin behind the admins' backs; the browser's next sync names it.
  await server().sql`update vault_members set role = 'admin' where account_id = ${b.accountId} and role = 'viewer'`;
  await popup.getByRole('button', { name: 'Lock' }).click();
  await popup.getByLabel('Password').fill(bob.password);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  const warning = popup.getByRole('alert', { name: 'Security warning' });
  await expect(warning).toContainText(`The members of "Payments": the server gives ${bobEmail} the role admin; the signed roster says viewer`, { timeout: 20_000 });
  await screenshot(popup, '13-team-role-raised');
});
