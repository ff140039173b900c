/**
 * The one way a page copies a key's value: the background hands it out (audited) and schedules the
 * clipboard's clearing (offscreen document; the page may close at once), then the page writes it.
 * The key's page, its value history and the list's rows all copy through here.
 */
import { ask } from './client.js';

/**
 * Copies the value (or, with `earlier`, one from the key's history); resolves to the seconds after which
 * the clipboard is cleared if it still holds it.
 */
export async function copyValue(vaultId: string, itemId: string, earlier?: { index: number; retiredAt: string }): Promise<number> {
  const { value, clearAfterSeconds } = await ask({ type: 'copy', vaultId, itemId, ...(earlier ? { earlier } : {}) });
  await navigator.clipboard.writeText(value);
  return clearAfterSeconds;
}
