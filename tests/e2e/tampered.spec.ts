import { expect, test } from '@playwright/test';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

test('a blob tampered in the database: that one item is reported unreadable, everything else opens', async () => {
  const popup = await browser.openPopup();
  await popup.getByLabel('Password', { exact: true }).fill('tamper test password');
  await popup.getByLabel('Password again').fill('tamper test password');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  for (const name of ['Alpha', 'Bravo', 'Charlie']) {
    await popup.getByRole('button', { name: 'Add key' }).click();
    await popup.getByLabel('Name').fill(name);
    await popup.getByLabel('Value', { exact: true }).fill(`sk-${name.toLowerCase()}-value-1234567890`);
    await popup.getByRole('button', { name: 'Save' }).click();
    await expect(popup.getByRole('button', { name: new RegExp(name) })).toBeVisible();
  }

  // Flip one character of Bravo's ciphertext in IndexedDB, as malware or a broken disk might.
  const flipped = await popup.evaluate(
    () =>
      new Promise<boolean>((resolve, reject) => {
        const request = indexedDB.open('keyhaven');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('items', 'readwrite');
          const items = tx.objectStore('items');
          const all = items.getAll();
          all.onsuccess = () => {
            const rows = all.result as { pending: { blob: string } | null }[];
            // Items are stored in id order, not in the order they were added: pick the second.
            const row = rows[1]!;
            const envelope = JSON.parse(row.pending!.blob) as { data: string };
            const c = envelope.data[40];
            envelope.data = envelope.data.slice(0, 40) + (c === 'A' ? 'B' : 'A') + envelope.data.slice(41);
            row.pending!.blob = JSON.stringify(envelope);
            items.put(row);
            tx.oncomplete = () => resolve(true);
          };
        };
      }),
  );
  expect(flipped).toBe(true);

  await popup.getByRole('button', { name: 'Lock' }).click();
  await popup.getByLabel('Password').fill('tamper test password');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'could not be decrypted' })).toHaveText(/1 item\(s\) could not be decrypted/);
  await expect(popup.getByRole('list', { name: 'Keys' }).getByRole('listitem')).toHaveCount(2);
  await screenshot(popup, '09-tampered-item');
});
