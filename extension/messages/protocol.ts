/**
 * The one message protocol between the extension's pages (popup, full-tab page) and the background
 * worker: every request is a member of one zod union, validated where it is received; every answer is
 * `{ok: true, data}` or `{ok: false, error: {code, message}}`. Pages never hold a key: they ask, and the
 * background answers with what the screen needs (a value only on an explicit reveal or copy, both audited).
 */
import { favouriteRequests, listRequestSchema, type FavouriteAnswers, type ListAnswer } from './list-protocol.js';
import { auditRequestSchema, type AuditAnswer } from './audit-protocol.js';
import { z } from 'zod';
import { deviceNameSchema, ITEM_TYPES, MAX_OVERLAP_HOURS, ROLES, type HealthFlag, type SigningKeyInfo, type SkippedEntry, type TeamRole } from '../../shared/index.js';
import { pageRequests, type PageAnswers } from './page-protocol.js';
import { tokenRequests, type TokenAnswers } from './token-protocol.js';
import { trashRequests, type TrashAnswers } from './trash-protocol.js';

const password = z.string().min(1).max(1024);
const itemId = z.string().min(1).max(200);
const server = z.url({ protocol: /^https?$/ });
const email = z.email().max(254);
const text = (max: number) => z.string().trim().max(max);
const reason = z.string().trim().min(1, 'give a reason').max(1_000);
const id = z.string().min(1).max(200);
/** Which vault an item request is about; without it, the default vault. */
const vaultId = id.optional();
const vaultName = z.string().trim().min(1, 'give the vault a name').max(100, 'a vault name is at most 100 characters');
const role = z.enum(ROLES);
/** The digits the person compared with the other person: the background checks them against the keys it fetched. */
const fingerprint = z.string().trim().min(1, 'compare the fingerprint first').max(200);
/** How long the old signing key still verifies after a rotation (docs/crypto.md §14); 0 stops it at once. */
const overlapHours = z.number().min(0, 'the overlap window is 0 to 720 hours').max(MAX_OVERLAP_HOURS, 'the overlap window is 0 to 720 hours');
const keyId = z.string().min(1).max(40);
/**
 * An earlier value of the key, as its page listed it: its place in the history (oldest first) and when it
 * was replaced. The worker checks both, so a history that a sync changed meanwhile is refused, never
 * answered with a neighbour's value.
 */
const earlier = z.strictObject({ index: z.number().int().min(0).max(100_000), retiredAt: z.iso.datetime({ offset: true }) }).optional();

/** What the UI's forms may change on an item; the value changes only through `rotate`. */
export const itemFieldsSchema = z.strictObject({
  type: z.enum(ITEM_TYPES),
  name: z.string().trim().min(1, 'give the key a name').max(200),
  provider: text(100),
  kind: text(100),
  environment: text(50),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
  url: text(2_048),
  notes: z.string().max(20_000),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  rotationDays: z.number().int().min(1).max(3_650).nullable(),
});
export type ItemFields = z.infer<typeof itemFieldsSchema>;

export const settingsSchema = z.strictObject({
  /** Idle minutes before the keys are dropped (DESIGN §3). */
  autoLockMinutes: z.number().int().min(1).max(480).default(15),
  /** Seconds after a copy before the clipboard is cleared, if it still holds the value. */
  clipboardSeconds: z.number().int().min(5).max(300).default(30),
  /** Rotation policy given to new keys; null: none. */
  defaultRotationDays: z.number().int().min(1).max(3_650).nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;

export const IMPORT_FORMATS = ['backup', 'env', 'json', 'csv'] as const;

export const requestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state') }),
  z.strictObject({ type: z.literal('create-local'), password }),
  z.strictObject({ type: z.literal('unlock'), password }),
  z.strictObject({ type: z.literal('lock') }),
  z.strictObject({ type: z.literal('signup'), server, email, password }),
  z.strictObject({ type: z.literal('login'), server, email, password }),
  listRequestSchema,
  z.strictObject({ type: z.literal('item'), vaultId, itemId }),
  z.strictObject({ type: z.literal('add'), vaultId, fields: itemFieldsSchema.partial().required({ name: true }), value: z.string().min(1).max(65_536) }),
  z.strictObject({ type: z.literal('edit'), vaultId, itemId, fields: itemFieldsSchema.partial() }),
  // Without `earlier`, the current value; with it, one from the key's history (audited the same way).
  z.strictObject({ type: z.literal('reveal'), vaultId, itemId, earlier }),
  z.strictObject({ type: z.literal('copy'), vaultId, itemId, earlier }),
  z.strictObject({ type: z.literal('rotate'), vaultId, itemId, value: z.string().min(1).max(65_536), reason: text(1_000).default('rotated') }),
  z.strictObject({ type: z.literal('revoke'), vaultId, itemId, reason }),
  // Without a value, the background generates the new key (with the old one's prefix, such as whsec_).
  z.strictObject({ type: z.literal('rotate-signing-key'), vaultId, itemId, overlapHours, value: z.string().min(1).max(65_536).optional(), reason: text(1_000).default('rotated') }),
  z.strictObject({ type: z.literal('revoke-signing-key'), vaultId, itemId, keyId, reason }),
  z.strictObject({ type: z.literal('reactivate-signing-key'), vaultId, itemId, keyId }),
  z.strictObject({ type: z.literal('reactivate'), vaultId, itemId }),
  z.strictObject({ type: z.literal('delete'), vaultId, itemId }),
  z.strictObject({ type: z.literal('undo-delete'), vaultId, itemId }),
  auditRequestSchema,
  z.strictObject({ type: z.literal('devices') }),
  z.strictObject({ type: z.literal('revoke-device'), deviceId: z.string().min(1).max(200), password }),
  z.strictObject({ type: z.literal('rotate-device-key') }),
  z.strictObject({ type: z.literal('rename-device'), deviceId: id, name: deviceNameSchema }),
  z.strictObject({ type: z.literal('settings') }),
  z.strictObject({ type: z.literal('save-settings'), settings: settingsSchema.partial() }),
  z.strictObject({ type: z.literal('change-password'), oldPassword: password, newPassword: password, iterations: z.number().int().optional() }),
  z.strictObject({ type: z.literal('import'), vaultId, format: z.enum(IMPORT_FORMATS), text: z.string().min(1).max(20_000_000), password: password.optional(), environment: text(50).optional() }),
  z.strictObject({ type: z.literal('export'), password }),
  z.strictObject({ type: z.literal('sync-now') }),
  z.strictObject({ type: z.literal('sign-in-again'), password }),
  z.strictObject({ type: z.literal('sign-in-new-device'), password }),
  z.strictObject({ type: z.literal('rotate-account-key'), password }),
  z.strictObject({ type: z.literal('transfer-item'), vaultId: id, itemId, to: id, mode: z.enum(['move', 'copy']) }),
  z.strictObject({ type: z.literal('vaults') }),
  z.strictObject({ type: z.literal('create-vault'), name: vaultName }),
  z.strictObject({ type: z.literal('rename-vault'), vaultId: id, name: vaultName }),
  z.strictObject({ type: z.literal('set-key-schedule'), vaultId: id, days: z.number().int().min(1, 'at least every day').max(3_650, 'at most every 3 650 days').nullable() }),
  z.strictObject({ type: z.literal('rotate-vault-key'), vaultId: id }),
  z.strictObject({ type: z.literal('default-vault'), vaultId: id }),
  z.strictObject({ type: z.literal('leave-vault'), vaultId: id }),
  z.strictObject({ type: z.literal('delete-vault'), vaultId: id }),
  z.strictObject({ type: z.literal('invitations') }),
  z.strictObject({ type: z.literal('accept-invitation'), vaultId: id, fingerprint }),
  z.strictObject({ type: z.literal('decline-invitation'), vaultId: id }),
  z.strictObject({ type: z.literal('members'), vaultId: id }),
  z.strictObject({ type: z.literal('find-person'), email }),
  z.strictObject({ type: z.literal('invite'), vaultId: id, email, role, fingerprint }),
  z.strictObject({ type: z.literal('invite-later'), vaultId: id, email, role }),
  z.strictObject({ type: z.literal('change-role'), vaultId: id, accountId: id, role }),
  z.strictObject({ type: z.literal('roster-to-trust'), vaultId: id }),
  z.strictObject({ type: z.literal('trust-roster'), vaultId: id, revision: z.number().int().positive(), fingerprints: z.array(fingerprint).min(1).max(1000) }),
  z.strictObject({ type: z.literal('remove-member'), vaultId: id, accountId: id }),
  ...tokenRequests,
  ...pageRequests,
  ...favouriteRequests,
  ...trashRequests,
]);
export type Request = z.input<typeof requestSchema>;
export type ParsedRequest = z.output<typeof requestSchema>;

export interface ItemSummary {
  id: string;
  vaultId: string;
  name: string;
  type: (typeof ITEM_TYPES)[number];
  provider: string;
  kind: string;
  environment: string;
  tags: string[];
  status: 'active' | 'revoked';
  masked: string;
  health: HealthFlag[];
  createdAt: string;
  /** When the value last changed (creation or rotation). */
  valueSince: string;
  /** When anything about the item last changed (an edit, a rotation, a revocation): "Recently changed" sorts by it. */
  updatedAt: string;
  /** The host of the key's address (the page it was saved from, or what the person typed); '' for none. "For this site" matches it. */
  urlHost: string;
  rotationDueAt: string | null;
  expiresAt: string | null;
  /** Starred in this browser (set on the rows a list or a key's page answers with; absent: not starred). */
  favourite?: boolean;
  /** 0-100 from the whole vault's view (shared/vault/health-score.ts), with the reasons in words, worst first. */
  healthScore: number;
  healthReasons: string[];
  /** Overdue, expiring, expired or scoring below 60 (and active): the badge counts these. */
  needsAttention: boolean;
}

/** A value the key had before a rotation, as its page lists it: never the value itself. */
export interface EarlierValue {
  /** Its place in the item's history, oldest first: what a reveal or copy of it names. */
  index: number;
  retiredAt: string;
  reason: string;
  /** Like the current value's (`sk-p…abcd`); null when the entry holds no value (the key had none then). */
  masked: string | null;
}

/** Everything about an item except its values (current and past). */
export interface ItemDetail extends ItemSummary {
  url: string;
  notes: string;
  revokedReason: string | null;
  revokedAt: string | null;
  rotationDays: number | null;
  /** Newest last, as the item keeps them; no value, only its mask (empty when none was kept). */
  history: EarlierValue[];
  /** A signing secret's keys and their windows, newest first (never a secret); null for other items. */
  signingKeys: SigningKeyInfo[] | null;
}

/** `revoked`: the server said this device was removed from the account; locked until it signs in as a new one. */
export type Phase = 'new' | 'locked' | 'unlocked' | 'revoked';

/** Why a revoked browser is locked: when and by which device (the server's word; null if it did not say). */
export interface RevokedInfo {
  at: string | null;
  by: string | null;
  /** Writes made here that were still waiting to be sent when the server refused this device. */
  unsent: number;
  email: string | null;
  server: string | null;
}

export type SyncState = { state: 'local' | 'syncing' | 'synced' } | { state: 'offline' | 'error' | 'signed-out'; message: string };

export interface StateAnswer {
  phase: Phase;
  /** Local-only until an account on a server exists. */
  server: string | null;
  pending: number;
  sync: SyncState;
  /** Changes whenever what the popup shows may have changed (a sync brought something). */
  revision: number;
  /** The password's PBKDF2 cost, so the unlock screen can say what it is waiting for. */
  kdfIterations: number | null;
  /** Long work under way in the background (an import), for a progress bar. */
  progress: Progress | null;
  /** What the last sync refused because it failed a check (a sign the server was tampered with). */
  warnings: IntegrityWarning[];
  /** Invitations waiting for this account, as of the last sync. */
  invitations: number;
  /** Set in the `revoked` phase. */
  revoked: RevokedInfo | null;
}

export interface IntegrityWarning {
  vault: string;
  item: string | null;
  reason: string;
  message: string;
}

export interface Progress {
  label: string;
  done: number;
  total: number;
}

export interface SettingsAnswer {
  settings: Settings;
  server: string | null;
  email: string | null;
  deviceName: string | null;
  kdfIterations: number;
  /** The account key's version: 1 until it is first rotated. */
  accountKeyVersion: number;
  /** What teammates compare before sharing with this account (null until it is on a server). */
  fingerprint: string | null;
}

export interface VaultInfo {
  id: string;
  name: string;
  default: boolean;
  /** This account's role as the vault's signed roster says; null for a vault nobody else is in. */
  role: TeamRole | null;
  members: number;
  items: number;
  keyVersion: number;
  /** When its key is next rotated on a schedule (sealed in the vault's meta; 90 days unless an admin chose). */
  keySchedule: { everyDays: number | null; since: string; dueAt: string | null; due: boolean };
  onServer: boolean;
  /** The server no longer lists it for this account (removed, or left on another device): kept here, not synced. */
  unlisted: boolean;
  /** Active keys a former member could read, until rotated at the provider. */
  exposed: number;
}

export interface InvitationInfo {
  vaultId: string;
  name: string | null;
  role: TeamRole;
  /** The admin who signed this account into the roster; null when the invitation does not check out. */
  from: { email: string; fingerprint: string; verified: boolean } | null;
  /** Why it cannot be accepted; null when it can. */
  problem: string | null;
}

export interface MemberInfo {
  accountId: string;
  email: string;
  role: TeamRole;
  fingerprint: string;
  /** Compared by this account before (or this account itself). */
  verified: boolean;
  you: boolean;
  /**
   * `invited`: not accepted yet; `left`: the server no longer lists them (they left, or declined), and an
   * admin finishes the removal (rotating the key).
   */
  status: 'joined' | 'invited' | 'left';
}

export interface MembersAnswer {
  vault: VaultInfo;
  /** The signed roster's revision; null for a vault that was never shared. */
  revision: number | null;
  members: MemberInfo[];
  former: { email: string; at: string }[];
  exposed: { itemId: string; name: string; to: { email: string; at: string }[] }[];
  /** Invitations to emails that had no account yet; `ready` once the account exists (compare, then invite). */
  waiting: { email: string; role: TeamRole; at: string; ready: boolean }[];
}

export interface PersonInfo {
  accountId: string;
  email: string;
  fingerprint: string;
  /** Compared before: inviting them asks nothing more. */
  verified: boolean;
  /** The fingerprint this browser knew for them, when it differs from the server's answer now. */
  changedFrom: string | null;
}

export interface DeviceInfo {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  current: boolean;
  /** The fingerprint of the key the device signs with now, to compare with `keyhaven devices`. */
  keyFingerprint: string;
  /** When its current key was certified (null for a device without a certificate), and how many keys it had before. */
  keySince: string | null;
  earlierKeys: number;
}

export type { AuditAnswer, AuditRow } from './audit-protocol.js';

/** What each request answers with, so callers get a typed result. */
export interface Answers extends TokenAnswers, PageAnswers, FavouriteAnswers, TrashAnswers {
  state: StateAnswer;
  'create-local': StateAnswer;
  unlock: StateAnswer;
  lock: StateAnswer;
  signup: StateAnswer;
  login: StateAnswer;
  list: ListAnswer;
  item: ItemDetail;
  add: ItemDetail;
  edit: ItemDetail;
  reveal: { value: string };
  copy: { value: string; clearAfterSeconds: number };
  rotate: ItemDetail;
  revoke: ItemDetail;
  reactivate: ItemDetail;
  'rotate-signing-key': ItemDetail;
  'revoke-signing-key': ItemDetail;
  'reactivate-signing-key': ItemDetail;
  delete: { name: string };
  'undo-delete': ItemDetail;
  audit: AuditAnswer;
  devices: { devices: DeviceInfo[] };
  'revoke-device': { name: string };
  'rotate-device-key': { devices: DeviceInfo[] };
  'rename-device': { devices: DeviceInfo[] };
  settings: SettingsAnswer;
  'save-settings': SettingsAnswer;
  'change-password': SettingsAnswer;
  import: { added: number; skipped: SkippedEntry[] };
  export: { fileName: string; text: string; items: number };
  'sync-now': StateAnswer;
  'sign-in-again': StateAnswer;
  'sign-in-new-device': StateAnswer;
  'rotate-account-key': SettingsAnswer;
  'transfer-item': ItemDetail;
  vaults: { vaults: VaultInfo[] };
  'create-vault': VaultInfo;
  'rename-vault': VaultInfo;
  'set-key-schedule': VaultInfo;
  'rotate-vault-key': VaultInfo;
  'default-vault': { vaults: VaultInfo[] };
  'leave-vault': { name: string };
  'delete-vault': { name: string };
  invitations: { invitations: InvitationInfo[] };
  'accept-invitation': VaultInfo;
  'decline-invitation': { vaultId: string };
  members: MembersAnswer;
  'find-person': PersonInfo;
  invite: MembersAnswer;
  'invite-later': MembersAnswer;
  'change-role': MembersAnswer;
  'roster-to-trust': { revision: number; members: { accountId: string; email: string; role: TeamRole; fingerprint: string }[] };
  'trust-roster': MembersAnswer;
  'remove-member': MembersAnswer & { keyVersion: number; tokensRevoked: number };
}

export type Answer<T extends Request['type']> = { ok: true; data: Answers[T] } | { ok: false; error: { code: string; message: string } };
