/**
 * A user's whole first day against a real server: create an account, add three keys, lock, unlock,
 * search, copy (the clipboard holds the key, then is cleared), rotate one, revoke one and reactivate it,
 * check the audit log, export a backup and import it into a fresh profile. Both lanes.
 */
import { readFileSync } from 'node:fs';
import { addKey, createLocalVault, startSynced } from '../lanes/account.js';
import { expect, test } from '../lanes/lane.js';
import { button, label, role, text } from '../lanes/screen.js';

const PASSWORD = 'first day at the new job, long passphrase';
const BACKUP_PASSWORD = 'a separate backup passphrase';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => B62[b % 62]).join('');
const rows = role('listitem', undefined, { within: [role('list', 'Keys')] });

test('a first day: account, three keys, lock/unlock, search, copy with clearing, rotate, revoke, backup to a fresh profile', async ({ lane }) => {
  test.setTimeout(120_000);
  const { browser, popup } = await startSynced(lane, { mode: 'Create an account', email: `first-day-${Date.now()}@example.com`, password: PASSWORD });
  await popup.expectVisible(text('No keys yet.'));

  const keys = [
    { name: 'OpenAI production', value: `sk-proj-${random(64)}`, environment: 'production' },
    { name: 'Stripe test', value: `sk_test_${random(32)}`, environment: 'test' },
    { name: 'Webhook secret', value: `whsec_${random(32)}`, environment: 'production' },
  ];
  // The provider is guessed from the value as it is pasted.
  await popup.click(button('Add key'));
  await popup.fill(label('Value'), keys[0]!.value);
  await popup.expectValue(label('Provider'), 'openai');
  await popup.expectValue(label('Kind'), 'project');
  await popup.fill(label('Name'), keys[0]!.name);
  await lane.screenshot(popup, '03-add-key-guessed');
  await popup.click(button('Cancel'));
  for (const key of keys) await addKey(popup, key);
  await popup.expectCount(rows, 3);
  await popup.expectNoText(keys[0]!.value.slice(10, 30));

  await popup.click(button('Lock'));
  await popup.expectVisible(role('heading', 'Unlock'));
  await popup.expectNoText('OpenAI production');
  await popup.fill(label('Password'), PASSWORD);
  await popup.press('Enter');
  await popup.expectCount(rows, 3);

  await popup.fill(label('Search keys'), 'product');
  await popup.expectCount(rows, 2); // by environment
  await popup.fill(label('Search keys'), '');
  await popup.select(label('Environment'), 'test');
  await popup.expectCount(rows, 1);
  await popup.select(label('Environment'), '');

  // Copy: a short clearing time (Settings) keeps the test quick; the default is 30 s.
  await popup.click(button('Settings'));
  await popup.fill(label(/Clear a copied key/), '5');
  await popup.click(button('Save preferences'));
  await popup.expectVisible(text('Settings saved.'));
  await lane.screenshot(popup, '09-settings');
  await popup.click(button('Keys'));
  await popup.click(button(/Stripe test/));
  await popup.click(button('Copy'));
  await popup.expectVisible(text(/Copied\. The clipboard is cleared in 5 s/));
  expect(await browser.clipboard()).toBe(keys[1]!.value);
  await expect.poll(() => browser.clipboard(), { timeout: 12_000 }).toBe('');
  // Something the user copied afterwards is theirs: it is not cleared.
  await popup.front();
  await popup.click(button('Copy'));
  await expect.poll(() => browser.clipboard()).toBe(keys[1]!.value);
  await browser.setClipboard('my own text');
  await popup.wait(7_000);
  expect(await browser.clipboard()).toBe('my own text');

  // Rotate one: the new value is in place, the old one in history.
  await popup.front();
  await popup.click(button('Rotate'));
  const rotated = `sk_test_${random(32)}`;
  await popup.fill(label('New value'), rotated);
  await popup.fill(label('Reason'), 'first-day rotation');
  await popup.click(button('Rotate'));
  await popup.expectVisible(text(/Rotated “Stripe test”/));
  await popup.expectText(role('region', 'Value history'), /first-day rotation/);
  await popup.click(button('Reveal'));
  await popup.expectText(label('Key value'), rotated);
  await lane.screenshot(popup, '05-item-rotated');

  // Revoke another, with a reason; then reactivate it.
  await popup.click(button('← Keys'));
  await popup.click(button(/Webhook secret/));
  await popup.click(button('Revoke'));
  await popup.fill(label('Why is it revoked?'), 'pasted into a public issue');
  await popup.click(button('Revoke'));
  await popup.expectText(role('note'), /pasted into a public issue/);
  await lane.screenshot(popup, '06-item-revoked');
  await popup.click(button('Reactivate'));
  await popup.expectCount(role('note'), 0);
  await popup.click(button('Show this key’s audit entries'));
  await popup.expectCount(role('row', undefined, { within: [role('region', 'Audit entries for this key')] }), 4); // header + create, revoke, reactivate

  // The vault's audit log verifies.
  await popup.click(button('Audit'));
  await popup.expectVisible(text(/✓ Verified: all \d+ entries/), 15_000);
  await lane.screenshot(popup, '10-audit-verified');
  await popup.click(button('Devices'));
  await popup.expectText(role('list', 'Devices'), /\(this browser\)/);
  await lane.screenshot(popup, '11-devices');

  // Export a backup …
  await popup.click(button('Import/Export'));
  await popup.fill(label('Backup password'), BACKUP_PASSWORD);
  await popup.fill(label('Backup password again'), BACKUP_PASSWORD);
  const file = await browser.download(popup, () => popup.click(button('Export backup')));
  const backup = readFileSync(file, 'utf8');
  expect(backup).toContain('keyhaven-backup');
  expect(backup).not.toContain(rotated);
  await lane.screenshot(popup, '12-import-export');

  // … and import it into a fresh browser profile with its own local vault.
  const fresh = await lane.launch();
  const other = await createLocalVault(fresh, 'the second profile password');
  await other.click(button('Import/Export'));
  const importForm = other.within(role('form', 'Import'));
  await importForm.upload(label('File'), file);
  await other.expectVisible(text(/an encrypted KeyHaven backup/));
  await importForm.fill(label('Backup password'), 'not the backup password');
  await importForm.click(button('Import'));
  await other.expectText(role('alert'), 'Wrong password.');
  await importForm.fill(label('Backup password'), BACKUP_PASSWORD);
  await importForm.click(button('Import'));
  await other.expectVisible(text('Imported 3 keys.'));
  await other.click(button('Keys'));
  await other.expectCount(rows, 3);
  await other.click(button(/Stripe test/));
  await other.click(button('Reveal'));
  await other.expectText(label('Key value'), rotated);
});
