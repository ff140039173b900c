/**
 * The Trash of one vault (shared/vault/trash.ts): its keys as the Trash screen lists them, restoring one
 * (the same item, `trashedAt` cleared: id, history and rotation state kept), deleting one for good, and
 * the 30-day purge run after each sync. Changes need a writer, as every item change does; a viewer sees
 * the Trash and is told why its buttons are not there.
 */
import { isTrashed, purgeAt, purgeDueTrash, purgeTrashed, restoreItem, sightTrash, trashDaysLeft, trashedSince, type IndexedItem, type TrashSightings } from '../../shared/index.js';
import type { ItemDetail } from '../messages/protocol.js';
import type { TrashRow } from '../messages/trash-protocol.js';
import type { VaultContext } from './context.js';
import { BackgroundError } from './errors.js';
import { ItemActions } from './item-actions.js';

export class TrashActions {
  private readonly items: ItemActions;

  constructor(private readonly vault: VaultContext) {
    this.items = new ItemActions(vault);
  }

  /** The vault's keys in the Trash, from the summary index: nothing is opened. */
  async rows(now: Date): Promise<TrashRow[]> {
    const { trashed } = await this.items.indexed();
    // Days left as the purge counts them: from this browser's first sight of each key in the Trash too.
    const seen = await sightTrash(this.vault.trashSightings, this.vault.vaultId, trashed, now);
    return trashed.map((item) => this.row(item, now, seen));
  }

  private row({ itemId, facts }: IndexedItem, now: Date, seen: TrashSightings): TrashRow {
    const seenAt = seen[itemId];
    return {
      id: itemId,
      vaultId: this.vault.vaultId,
      vaultName: this.vault.vaultName,
      name: facts.name,
      provider: facts.provider,
      environment: facts.environment,
      type: facts.type,
      masked: facts.masked,
      trashedAt: trashedSince(facts, now)!.toISOString(),
      purgeAt: purgeAt(facts, now, seenAt)!.toISOString(),
      daysLeft: trashDaysLeft(facts, now, seenAt),
      canChange: this.vault.writable,
    };
  }

  /** Back from the Trash as the same item: an ordinary update, audited as a restore older clients word too. */
  async restore(itemId: string): Promise<ItemDetail> {
    this.items.requireWriter();
    const done = await this.vault.engine.update(this.vault.vaultId, itemId, (p) => restoreItem(p, new Date()));
    if (!done) throw gone();
    // `restored: true` is what older clients word ("Restored … (undid its delete)"); `trash` says from where.
    await this.vault.engine.recordAudit(this.vault.vaultId, 'item.create', itemId, { name: done.before.name, restored: true, trash: 'restored' });
    this.vault.afterWrite();
    return this.items.item(itemId);
  }

  /** Deletes one trashed key for good, whatever its days left (the person asked, and confirmed). */
  async purge(itemId: string): Promise<{ name: string }> {
    this.items.requireWriter();
    const payload = await this.vault.engine.read(this.vault.vaultId, itemId);
    if (!payload) throw gone();
    if (!isTrashed(payload)) throw new BackgroundError('not-found', `"${payload.name}" is not in the Trash (restored on another device?)`);
    if (!(await purgeTrashed(this.vault.engine, this.vault.vaultId, itemId, new Date(), { onlyDue: false }))) throw gone();
    this.vault.afterWrite();
    return { name: payload.name };
  }

  /** The chosen keys of the vault's Trash deleted for good; a vault this account may not change is left as it is. */
  async empty(chosen: ReadonlySet<string>): Promise<number> {
    if (!this.vault.writable) return 0;
    let purged = 0;
    for (const { itemId } of (await this.items.indexed()).trashed) {
      if (!chosen.has(itemId)) continue;
      if (await purgeTrashed(this.vault.engine, this.vault.vaultId, itemId, new Date(), { onlyDue: false })) purged++;
    }
    if (purged) this.vault.afterWrite();
    return purged;
  }

  /** The 30-day rule (shared/sync/trash-purge.ts), by a device that may write the vault. */
  async purgeDue(now: Date): Promise<number> {
    if (!this.vault.writable) return 0;
    const purged = await purgeDueTrash(this.vault.engine, this.vault.vaultId, (await this.items.indexed()).trashed, now, this.vault.trashSightings);
    if (purged) this.vault.afterWrite();
    return purged;
  }
}

const gone = () => new BackgroundError('not-found', 'that key is no longer in the Trash (deleted for good here or on another device)');
