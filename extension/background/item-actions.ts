/**
 * What a person does to items from the extension's pages: list, look at, add, edit, reveal, copy,
 * rotate, revoke, reactivate, and delete (a move to the Trash, undone by a restore: trash-actions.ts).
 * Every change goes through the sync engine with its audit entry; reveals and copies are audited too.
 * Values leave the background only for reveal and copy, which a page asks for on a click. A key in the
 * Trash is none of these: it is not opened, copied, filled or changed until it is restored.
 */
import {
  changedFields,
  createItem,
  editItem,
  newId,
  reactivateItem,
  revokeItem,
  rotateValue,
  type AuditAction,
  type ItemPatch,
  type ItemPayload,
  compareNames,
  isTrashed,
  trashItem,
  type IndexedItem,
  type VaultSummary,
  VaultError,
} from '../../shared/index.js';
import type { ItemDetail, ItemFields, ItemSummary } from '../messages/protocol.js';
import type { VaultContext } from './context.js';
import { healthScores } from './item-health.js';
import { detail, summary } from './item-views.js';
import { BackgroundError, inTrash } from './errors.js';
import { earlierValue, type EarlierRef } from './earlier-values.js';

/** The UI's field names → the item's (`rotationDays` is the item's rotation policy). */
function toPatch(fields: Partial<ItemFields>): ItemPatch {
  const { rotationDays, ...rest } = fields;
  return rotationDays === undefined ? rest : { ...rest, rotation: rotationDays === null ? null : { everyDays: rotationDays } };
}

type Extra = Record<string, unknown>;

export class ItemActions {
  constructor(private readonly vault: VaultContext) {}

  /** The vault's keys for a list, from the summary index: no value is opened. */
  async list(): Promise<{ items: ItemSummary[]; unreadable: number }> {
    const { items, unreadable } = await this.indexed();
    return { items: this.rows(items, new Date()).sort((a, b) => compareNames(a.name, b.name)), unreadable };
  }

  /** List rows of indexed items, scored against the whole vault. */
  rows(items: readonly IndexedItem[], now: Date): ItemSummary[] {
    const scores = healthScores(this.vault, items, now);
    return items.map((i) => summary(this.vault.vaultId, i.itemId, i.facts, now, scores.get(i.itemId)));
  }

  /** The list ids (favouriteKey) of this vault's keys in the Trash: their stars wait for a restore. */
  trashedKeys(summary: VaultSummary): string[] {
    return summary.trashed.map((t) => `${this.vault.vaultId}/${t.itemId}`);
  }

  /** Moves when the rows of this vault may differ: its index moved, or its roster (who left, for exposure). */
  listKey(): string {
    const roster = this.vault.roster;
    return `${this.vault.vaultId}:${this.vault.index.version(this.vault.vaultId)}:${roster ? `${roster.revision}` : '-'}`;
  }

  /** The vault's items as facts, caught up with the store. */
  async indexed(): Promise<VaultSummary> {
    const found = await this.vault.index.summary(this.vault.vaultId);
    this.vault.saveIndexSoon();
    return found;
  }

  /** An item's page, scored against the rest of its vault (duplicates and exposure are vault facts). */
  private async scored(itemId: string, payload: ItemPayload): Promise<ItemDetail> {
    const now = new Date();
    const scores = healthScores(this.vault, (await this.indexed()).items, now);
    return detail(this.vault.vaultId, itemId, payload, now, scores.get(itemId));
  }

  /** Every readable item's current value, for the background's "already saved?" index (never leaves it). */
  async savedValues(): Promise<string[]> {
    const views = await this.vault.engine.list(this.vault.vaultId);
    // A key in the Trash is on its way out: a page showing it again is offered a save, as for any new key.
    return views.flatMap((v) => (v.ok && !isTrashed(v.payload) ? [v.payload.value] : []));
  }

  private async payload(itemId: string): Promise<ItemPayload> {
    const payload = await this.vault.engine.read(this.vault.vaultId, itemId);
    if (!payload) throw gone();
    if (isTrashed(payload)) throw inTrash(payload.name);
    return payload;
  }

  async item(itemId: string): Promise<ItemDetail> {
    return this.scored(itemId, await this.payload(itemId));
  }

  private async saved(itemId: string, next: ItemPayload, action: AuditAction, extra: Record<string, unknown> = {}): Promise<ItemDetail> {
    await this.vault.engine.recordAudit(this.vault.vaultId, action, itemId, { name: next.name, ...extra });
    this.vault.afterWrite();
    return this.scored(itemId, next);
  }

  /** A viewer's change is refused here, before it is queued for a server that would refuse it too. */
  requireWriter(): void {
    if (this.vault.writable) return;
    if (!this.vault.role || this.vault.role === 'viewer') {
      const who = this.vault.role ? `a ${this.vault.role}` : 'not a member';
      throw new VaultError('forbidden', `you are ${who} in "${this.vault.vaultName}": only editors and admins can change its keys`);
    }
    throw new VaultError('forbidden', `"${this.vault.vaultName}" is no longer shared with you: its copy here is read-only`);
  }

  private async save(itemId: string, next: ItemPayload, action: AuditAction, extra: Record<string, unknown> = {}): Promise<ItemDetail> {
    this.requireWriter();
    await this.vault.engine.write(this.vault.vaultId, itemId, next);
    return this.saved(itemId, next, action, extra);
  }

  /**
   * A change applied to the item as it is now, which a sync may have updated since the screen showed it.
   * `extra` may read the result and what it replaced: a rotation's audit entry names the key it made, an
   * edit's the fields it changed.
   */
  async change(itemId: string, action: AuditAction, make: (p: ItemPayload, now: Date) => ItemPayload, extra: Extra | ((next: ItemPayload, before: ItemPayload) => Extra) = {}): Promise<ItemDetail> {
    this.requireWriter();
    const done = await this.vault.engine.update(this.vault.vaultId, itemId, (p) => {
      if (isTrashed(p)) throw inTrash(p.name);
      return make(p, new Date());
    });
    if (!done) throw gone();
    return this.saved(itemId, done.after!, action, typeof extra === 'function' ? extra(done.after!, done.before) : extra);
  }

  async add(fields: Partial<ItemFields> & { name: string }, value: string): Promise<ItemDetail> {
    this.requireWriter();
    const existing = (await this.list()).items.find((i) => i.name.toLowerCase() === fields.name.trim().toLowerCase());
    if (existing) throw new BackgroundError('exists', `a key named "${existing.name}" already exists; rotate it or pick another name`);
    const defaults = this.vault.settings.defaultRotationDays ? { rotation: { everyDays: this.vault.settings.defaultRotationDays } } : {};
    const payload = createItem({ type: 'api-key', ...defaults, ...toPatch(fields), name: fields.name, value }, new Date());
    return this.save(newId(), payload, 'item.create');
  }

  edit(itemId: string, fields: Partial<ItemFields>): Promise<ItemDetail> {
    const patch = toPatch(fields);
    // The form sends every field back: the entry names only those whose values changed (names, never
    // contents), and the old name after a rename, so the log can say what the edit did.
    return this.change(itemId, 'item.edit', (p, now) => editItem(p, patch, now), (next, before) => {
      const changed = changedFields(before, next);
      return { changed, ...(changed.includes('name') ? { renamedFrom: before.name } : {}) };
    });
  }

  rotate(itemId: string, value: string, reason: string): Promise<ItemDetail> {
    return this.change(itemId, 'item.rotate', (p, now) => rotateValue(p, value, { reason, now }), { reason });
  }

  revoke(itemId: string, reason: string): Promise<ItemDetail> {
    return this.change(itemId, 'item.revoke', (p, now) => revokeItem(p, reason, now), { reason });
  }

  reactivate(itemId: string): Promise<ItemDetail> {
    return this.change(itemId, 'item.reactivate', (p, now) => reactivateItem(p, now));
  }

  /**
   * The value, for a reveal, copy or fill the person clicked: audited before it is handed out. With
   * `earlier`, a value from the key's history instead, and its entry names which one (`retiredAt`).
   */
  async value(itemId: string, action: 'item.reveal' | 'item.copy' | 'item.fill', extra: Record<string, unknown> = {}, earlier?: EarlierRef): Promise<string> {
    const payload = await this.payload(itemId);
    const value = earlier ? earlierValue(payload, earlier) : payload.value;
    const which = earlier ? { retiredAt: earlier.retiredAt } : {};
    await this.vault.engine.recordAudit(this.vault.vaultId, action, itemId, { name: payload.name, ...which, ...extra });
    this.vault.afterWrite();
    return value;
  }

  /** Through the same clearing as any copy: the clipboard is wiped after the setting if it still holds this value. */
  async copy(itemId: string, earlier?: EarlierRef): Promise<{ value: string; clearAfterSeconds: number }> {
    const value = await this.value(itemId, 'item.copy', {}, earlier);
    const seconds = this.vault.settings.clipboardSeconds;
    await this.vault.ports.clearClipboardLater(value, seconds);
    return { value, clearAfterSeconds: seconds };
  }

  /**
   * Moves the key to the Trash: an ordinary update of its sealed payload (`trashedAt`), so the move
   * reaches every device like an edit and "Undo" (a restore, trash-actions.ts) keeps its id and history.
   * Audited as `item.delete` with `trash: 'moved'`: older clients know the action (decision 118).
   */
  async delete(itemId: string): Promise<{ name: string }> {
    this.requireWriter();
    const done = await this.vault.engine.update(this.vault.vaultId, itemId, (p) => trashItem(p, new Date()));
    if (!done) throw gone();
    await this.vault.engine.recordAudit(this.vault.vaultId, 'item.delete', itemId, { name: done.before.name, trash: 'moved' });
    this.vault.afterWrite();
    return { name: done.before.name };
  }
}

const gone = () => new BackgroundError('not-found', 'that item no longer exists (deleted here or on another device)');
