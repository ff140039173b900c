/** A blob tampered on disk: that one item is reported unreadable, everything else opens. Both lanes. */
import { createLocalVault } from '../lanes/account.js';
import { test } from '../lanes/lane.js';
import { button, label, role } from '../lanes/screen.js';

const PASSWORD = 'tamper test password';

/** Flips one character of the second item's ciphertext in IndexedDB, as malware or a broken disk might. */
function flipSecondItem(): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
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
  });
}

test('a blob tampered in the database: that one item is reported unreadable, everything else opens', async ({ lane }) => {
  const browser = await lane.launch();
  const popup = await createLocalVault(browser, PASSWORD);
  for (const name of ['Alpha', 'Bravo', 'Charlie']) {
    await popup.click(button('Add key'));
    await popup.fill(label('Name'), name);
    await popup.fill(label('Value'), `sk-${name.toLowerCase()}-value-1234567890`);
    await popup.click(button('Save'));
    await popup.expectVisible(button(new RegExp(name)));
  }

  // The extension's pages share its IndexedDB: the popup's page reaches the stored rows.
  if (!(await popup.run(flipSecondItem, undefined))) throw new Error('the item was not changed');

  await popup.click(button('Lock'));
  await popup.fill(label('Password'), PASSWORD);
  await popup.click(button('Unlock'));
  await popup.expectText(role('status', undefined, { hasText: 'could not be decrypted' }), /^1 key could not be decrypted \(altered, or from a key this browser does not have\) and is hidden\.$/);
  await popup.expectCount(role('listitem', undefined, { within: [role('list', 'Keys')] }), 2);
  await lane.screenshot(popup, '09-tampered-item');
});
