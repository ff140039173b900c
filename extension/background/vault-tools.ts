/**
 * Vault-wide work from the extension's pages: the audit log with its verification, devices, import,
 * export, and the badge count.
 */
import {
  createBackup,
  fingerprint,
  fromBase64url,
  importIntoVault,
  importPlaintext,
  openBackup,
  isTrashed,
  openSigningIdentity,
  revokeDeviceStatement,
  toBase64url,
  trustedDevices,
  unlockAccount,
  type ImportSource,
  type ItemPayload,
  type SkippedEntry,
} from '../../shared/index.js';
import type { AuditFilter } from '../messages/audit-protocol.js';
import type { AuditAnswer, DeviceInfo } from '../messages/protocol.js';
import { auditAnswer } from './audit-view.js';
import type { VaultContext } from './context.js';
import { BackgroundError } from './errors.js';
import { ItemActions } from './item-actions.js';


export class VaultTools {
  constructor(private readonly vault: VaultContext) {}

  private server() {
    if (!this.vault.api) throw new BackgroundError('no-server', 'this vault is only in this browser; connect a sync server in Settings first');
    return this.vault.api;
  }

  /** The vault's audit log in words, searched and filtered (audit-view.ts). */
  audit(input: { filter: AuditFilter; fresh: boolean }): Promise<AuditAnswer> {
    return auditAnswer(this.vault, input);
  }

  async devices(): Promise<{ devices: DeviceInfo[] }> {
    const { devices } = await this.server().devices();
    const current = this.vault.profile.device.id;
    // The key shown is the one the account's certificates name, not only the server's word.
    const trusted = await trustedDevices(devices, await this.vault.identities());
    return {
      devices: await Promise.all(
        devices.map(async (d) => {
          const t = trusted.get(d.id);
          return {
            id: d.id,
            name: d.name,
            createdAt: d.createdAt,
            revokedAt: d.revokedAt,
            current: d.id === current,
            keyFingerprint: await fingerprint(fromBase64url(t?.key ?? d.signingPublicKey)),
            keySince: t?.keySince ? new Date(t.keySince).toISOString() : null,
            earlierKeys: t?.retired.length ?? 0,
          };
        }),
      ),
    };
  }

  /** Needs the password: the server asks for it, and the revocation is signed with the identity key it opens. */
  async revokeDevice(deviceId: string, password: string): Promise<{ name: string }> {
    const { profile } = this.vault;
    if (deviceId === profile.device.id) throw new BackgroundError('exists', 'this is the browser you are using; lock it instead, or revoke it from another device');
    if (!profile.signing) throw new BackgroundError('no-server', 'this browser has no identity signing key yet; lock and unlock once while the server is reachable');
    const account = await unlockAccount(password, profile.account);
    const identity = await openSigningIdentity(profile.signing, account.accountKey, account.accountId);
    const statement = await revokeDeviceStatement(identity.signingKey, { accountId: account.accountId, deviceId, now: new Date() });
    const revoked = await this.server().revokeDevice(deviceId, { authKey: toBase64url(account.authKey), revocation: JSON.stringify(statement) });
    await this.vault.engine.recordAudit(this.vault.vaultId, 'device.revoke', null, { device: revoked.name });
    this.vault.afterWrite();
    return { name: revoked.name };
  }

  async import(input: { format: ImportSource; text: string; password?: string; environment?: string }): Promise<{ added: number; skipped: SkippedEntry[] }> {
    new ItemActions(this.vault).requireWriter(); // a viewer imports nothing either
    let items: ItemPayload[];
    let skipped: SkippedEntry[] = [];
    let origins: string[] | undefined;
    if (input.format === 'backup') {
      if (!input.password) throw new BackgroundError('bad-file', 'this is an encrypted backup: give the password it was exported with');
      items = (await openBackup(input.password, input.text)).vaults.flatMap((v) => v.items.map((i) => i.payload));
    } else {
      ({ items, skipped, origins } = importPlaintext(input.text, input.format, { now: new Date(), environment: input.environment }));
    }
    try {
      const onProgress = (done: number, total: number) => this.vault.progress({ label: 'Importing', done, total });
      return await importIntoVault(this.vault.engine, this.vault.vaultId, { items, origins, skipped, format: input.format, onProgress });
    } finally {
      this.vault.progress(null);
      this.vault.afterWrite();
    }
  }

  /** An encrypted backup of the vault, openable with the backup password alone (docs/crypto.md §13). */
  async export(password: string): Promise<{ fileName: string; text: string; items: number }> {
    const { engine, vaultId, vaultName } = this.vault;
    // Keys in the Trash are deleted as far as the person is concerned: a backup leaves them out, as the CLI's does.
    const items = (await engine.list(vaultId)).flatMap((r) => (r.ok && !isTrashed(r.payload) ? [{ id: r.itemId, payload: r.payload }] : []));
    const file = await createBackup(password, { v: 1, vaults: [{ id: vaultId, name: vaultName, items }] });
    await engine.recordAudit(vaultId, 'backup.export', null, { items: items.length });
    this.vault.afterWrite();
    return { fileName: `keyhaven-backup-${new Date().toISOString().slice(0, 10)}.json`, text: JSON.stringify(file, null, 2) + '\n', items: items.length };
  }

  /** Counts the keys that need attention and puts the number on the toolbar icon. */
  async refreshBadge(): Promise<number> {
    const { items } = await new ItemActions(this.vault).list();
    const count = items.filter((i) => i.needsAttention).length;
    this.vault.ports.setBadge(count);
    return count;
  }
}
