/**
 * The vaults a person sees in the extension: each with its role, members and what needs doing; creating
 * (on the server too when signed in), renaming (admins only in a team vault), picking the default,
 * leaving a team vault; and moving or copying an item to another vault, where it is sealed under that
 * vault's key as a new item.
 */
import { isTrashed, createVaultKeyring, encodeVaultKeyEntry, exposedItems, freeName, memberOf, newId, rankOf, keySchedule, sealVaultMeta, SyncError, updateVaultMeta, vaultMetaOf, VaultError, type TeamRole, type VaultKeyringRecord } from '../../shared/index.js';
import type { ItemDetail, VaultInfo } from '../messages/protocol.js';
import type { AccountContext } from './context.js';
import { BackgroundError, inTrash } from './errors.js';
import { detail } from './item-views.js';

export class VaultActions {
  constructor(private readonly ctx: AccountContext) {}

  async list(): Promise<VaultInfo[]> {
    const out: VaultInfo[] = [];
    for (const v of await this.ctx.vaults.list()) out.push(await this.info(v.id));
    return out;
  }

  async info(vaultId: string): Promise<VaultInfo> {
    const { ctx } = this;
    const v = await ctx.vaults.find(vaultId);
    const profile = (await ctx.db.profile.get('main'))!;
    const roster = await ctx.team.roster(v.id);
    const { items, unreadable } = await ctx.index.summary(v.id);
    return {
      id: v.id,
      name: v.name,
      default: v.id === (profile.defaultVault ?? profile.vaults[0]?.id),
      role: roster ? (memberOf(roster, ctx.account.accountId)?.role ?? null) : null,
      // Who is in it: not those invited who have not accepted, nor those gone.
      members: roster ? roster.members.filter((m) => !ctx.invited.get(v.id)?.includes(m.account) && !ctx.departed.get(v.id)?.includes(m.account)).length : 1,
      items: items.length + unreadable,
      keyVersion: v.keyring.current,
      keySchedule: scheduleOf(v),
      onServer: Boolean(ctx.api),
      unlisted: ctx.vaults.unlisted.has(v.id),
      exposed: exposedItems(roster, items).length,
    };
  }

  /** The vault's role for this account, refusing what it may not do. */
  async requireRole(vaultId: string, needed: TeamRole, what: string): Promise<void> {
    const roster = await this.ctx.team.roster(vaultId);
    if (!roster) return; // nobody else is in it: its owner may do anything
    const role = memberOf(roster, this.ctx.account.accountId)?.role;
    if (!role || rankOf(role) < rankOf(needed)) throw new VaultError('forbidden', `you are ${role ? `a ${role}` : 'not a member'} in "${(await this.ctx.vaults.find(vaultId)).name}": only ${needed === 'admin' ? 'admins' : 'editors and admins'} can ${what}`);
  }

  async create(name: string): Promise<VaultInfo> {
    const { ctx } = this;
    const vaults = await ctx.vaults.list();
    if (vaults.some((v) => v.name.toLowerCase() === name.toLowerCase())) throw new BackgroundError('exists', `a vault named "${name}" exists; pick another name`);
    const { record, keyring } = await createVaultKeyring(ctx.account.accountKey);
    if (ctx.api) await ctx.api.createVault({ id: record.vaultId, meta: await sealVaultMeta({ name }, keyring), keys: [{ keyVersion: 1, blob: encodeVaultKeyEntry(record.keys[0]!) }] });
    await ctx.vaults.add({ id: record.vaultId, name, keyring: record });
    if (ctx.api) await ctx.engine.recordAudit(record.vaultId, 'vault.create', null, { name });
    ctx.afterWrite();
    return this.info(record.vaultId);
  }

  async rename(vaultId: string, name: string): Promise<VaultInfo> {
    const { ctx } = this;
    await this.requireRole(vaultId, 'admin', 'rename it');
    if ((await ctx.vaults.list()).some((v) => v.id !== vaultId && v.name.toLowerCase() === name.toLowerCase())) throw new BackgroundError('exists', `a vault named "${name}" exists; pick another name`);
    if (ctx.api) await updateVaultMeta(ctx.api, ctx.vaults.keyring(vaultId), { name }, vaultMetaOf(await ctx.vaults.find(vaultId)));
    await ctx.vaults.rename(vaultId, name);
    ctx.afterWrite();
    return this.info(vaultId);
  }

  /** How often the vault key is rotated on a schedule (null: never), sealed in the vault's meta for every device. */
  async setKeySchedule(vaultId: string, keyRotationDays: number | null): Promise<VaultInfo> {
    const { ctx } = this;
    await this.requireRole(vaultId, 'admin', 'change its key rotation schedule');
    if (ctx.api) await updateVaultMeta(ctx.api, ctx.vaults.keyring(vaultId), { keyRotationDays }, vaultMetaOf(await ctx.vaults.find(vaultId)));
    await ctx.vaults.setKeySchedule(vaultId, keyRotationDays);
    ctx.afterWrite();
    return this.info(vaultId);
  }

  async setDefault(vaultId: string): Promise<VaultInfo[]> {
    await this.ctx.vaults.setDefault(vaultId);
    return this.list();
  }

  /** Leaves a team vault: the server drops this account, and the vault goes from this browser. */
  async leave(vaultId: string): Promise<{ name: string }> {
    const v = await this.ctx.vaults.find(vaultId);
    const roster = await this.ctx.team.roster(vaultId);
    // A copy the server no longer lists is simply dropped from this browser.
    if (!roster && !this.ctx.vaults.unlisted.has(vaultId)) throw new VaultError('invalid-state', `"${v.name}" is not shared with anyone; there is nothing to leave`);
    const admins = roster?.members.filter((m) => m.role === 'admin') ?? [];
    if (roster && !this.ctx.vaults.unlisted.has(vaultId) && roster.members.length > 1 && admins.length === 1 && admins[0]!.account === this.ctx.account.accountId) {
      throw new VaultError('invalid-state', `you are the only admin of "${v.name}": make someone else admin first, or delete the vault`);
    }
    return this.drop(vaultId, () => this.ctx.api?.removeMember(vaultId, this.ctx.account.accountId));
  }

  /** Deletes a vault for every member (admins only): gone from the server and this browser. */
  async delete(vaultId: string): Promise<{ name: string }> {
    await this.requireRole(vaultId, 'admin', 'delete it');
    return this.drop(vaultId, () => this.ctx.api?.deleteVault(vaultId));
  }

  private async drop(vaultId: string, onServer: () => Promise<unknown> | undefined): Promise<{ name: string }> {
    const { ctx } = this;
    const v = await ctx.vaults.find(vaultId);
    if ((await ctx.vaults.list()).length === 1) throw new VaultError('invalid-state', 'this is your only vault; create another one first');
    if (!ctx.vaults.unlisted.has(vaultId)) {
      await onServer()?.catch((error: unknown) => {
        // Already gone on the server (removed, left or deleted on another device): only this copy remains.
        if (!(error instanceof SyncError && error.code === 'not-found')) throw error;
      });
    }
    await ctx.vaults.forget(vaultId);
    ctx.afterWrite();
    return { name: v.name };
  }

  /**
   * Copies an item into another vault as a new item sealed under that vault's key, or moves it (the
   * copy first, then the delete: a failure in between leaves two copies, never none).
   */
  async transfer(vaultId: string, itemId: string, to: string, mode: 'move' | 'copy'): Promise<ItemDetail> {
    const { ctx } = this;
    if (vaultId === to) throw new VaultError('invalid-input', 'the key is already in that vault');
    const [from, target] = [await ctx.vaults.find(vaultId), await ctx.vaults.find(to)];
    await this.requireRole(to, 'editor', 'add keys to it');
    if (mode === 'move') await this.requireRole(vaultId, 'editor', 'move keys out of it');
    if (ctx.vaults.unlisted.has(to)) throw new VaultError('forbidden', `"${target.name}" is no longer shared with you: nothing can be added to it`);
    const payload = await ctx.engine.read(vaultId, itemId);
    if (!payload) throw new BackgroundError('not-found', 'that item no longer exists (deleted here or on another device)');
    if (isTrashed(payload)) throw inTrash(payload.name);
    // Moved away, a key a former member could read would drop off every member's exposed list.
    if (mode === 'move' && exposedItems(await ctx.team.roster(vaultId), [{ itemId, facts: payload }]).length > 0) {
      throw new VaultError('invalid-state', `a former member of "${from.name}" could read this key: rotate it at the provider first, or copy it instead`);
    }
    const taken = (await ctx.index.summary(to)).items.map((i) => ({ name: i.facts.name }));
    const copy = { ...payload, name: freeName(payload.name, taken) };
    const newItemId = newId();
    await ctx.engine.write(to, newItemId, copy);
    await ctx.engine.recordAudit(to, 'item.create', newItemId, { name: copy.name, from: from.name });
    if (mode === 'move') {
      await ctx.engine.write(vaultId, itemId, null);
      await ctx.engine.recordAudit(vaultId, 'item.delete', itemId, { name: payload.name, to: target.name });
    } else {
      // Its value now lives elsewhere too: the vault it came from says so, like any copy of a value.
      await ctx.engine.recordAudit(vaultId, 'item.copy', itemId, { name: payload.name, to: target.name });
    }
    ctx.afterWrite();
    return detail(to, newItemId, copy);
  }
}

function scheduleOf(v: { keyring: VaultKeyringRecord; keyRotationDays?: number | null }): VaultInfo['keySchedule'] {
  const s = keySchedule(v.keyring, v.keyRotationDays, new Date());
  return { everyDays: s.everyDays, since: s.since.toISOString(), dueAt: s.dueAt?.toISOString() ?? null, due: s.due };
}
