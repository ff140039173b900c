/**
 * The CLI's state file. Everything secret in it is ciphertext: the account key is wrapped under the
 * password, vault keys and the device key under the account key, the session token sealed under the
 * account key, items are envelopes. Names, ids, the server URL and the email are in the clear.
 */
import { z } from 'zod';
import { accountKeyRecordSchema, accountRotationStateSchema, rotationStateSchema, signingIdentityRecordSchema, syncSnapshotSchema, teamMemorySchema, vaultKeyringRecordSchema } from '../shared/index.js';

export const vaultStateSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  keyring: vaultKeyringRecordSchema,
  /** Created on the server yet? Local-only vaults are uploaded at signup. */
  remote: z.boolean(),
  /** Days between scheduled key rotations, from the vault's sealed meta; null: never; absent: 90. */
  keyRotationDays: z.number().int().min(1).max(3_650).nullable().optional(),
  /** When this device first saw each key in the vault's Trash (shared/sync/trash-sightings.ts): item id → time. */
  trashSeen: z.record(z.string(), z.string()).optional(),
});
export type VaultState = z.infer<typeof vaultStateSchema>;

export const stateSchema = z.strictObject({
  v: z.literal(1),
  server: z.string().nullable(),
  email: z.string().nullable(),
  account: accountKeyRecordSchema,
  accountKeyringRevision: z.number().int().nullable(),
  identity: z.strictObject({ publicSpki: z.string(), wrappedPrivateKey: z.string() }),
  /** The identity signing key (docs/crypto.md §20); a home from before v2 gets it at its next sync. */
  signing: signingIdentityRecordSchema.optional(),
  /** Set once this device's certificate is on the server (so commands do not check it every time). */
  certified: z.boolean().optional(),
  device: z.strictObject({ id: z.string(), name: z.string(), publicSpki: z.string(), wrappedSigningKey: z.string() }),
  session: z.strictObject({ sealedToken: z.string() }).nullable(),
  vaults: z.array(vaultStateSchema).min(1),
  defaultVault: z.string(),
  rotations: z.record(z.string(), rotationStateSchema),
  /** An account-key rotation under way (shared/sync/account-key-rotation.ts), finished by the next command. */
  accountRotation: accountRotationStateSchema.optional(),
  /** A device-key rotation under way (shared/sync/device-key-rotation.ts): the new key, wrapped like `device`'s, finished by the next command. */
  deviceRotation: z.strictObject({ publicSpki: z.string(), wrappedSigningKey: z.string() }).optional(),
  /** Team vaults' verified rosters and the people this device has seen (docs/crypto.md §23). */
  team: teamMemorySchema.optional(),
  sync: syncSnapshotSchema,
});
export type CliState = z.infer<typeof stateSchema>;

export const emptySync = () => ({ items: [], cursors: {}, auditOutbox: [], auditHeads: {} });
