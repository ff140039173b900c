/**
 * Every audit action in words: one table over the whole action list of the audit format
 * (AUDIT_ACTIONS_V2), so a new action without wording fails to compile here and fails
 * tests/unit/extension/audit-words.test.ts. Each entry reads what its sealed detail really holds (see
 * the `recordAudit` calls in extension/background, cli/ and shared/sync), and says no more than that.
 */
import { plural } from '../ui/plural.js';
import type { AuditActionV2 } from '../../shared/index.js';
import { tokenEntryWords } from './token-words.js';

/** What a sentence is made from: the opened detail (an object, empty when there is none), the key's name as shown. */
export interface WordsInput {
  detail: Readonly<Record<string, unknown>>;
  /** The key's name now, its last known name, or "a deleted key"; "a key" when the entry names none. */
  key: string;
  at: string;
  /** Token names from the log's `token.create` entries: a use or refusal names only the token's id. */
  tokenNames: ReadonlyMap<string, string>;
}

interface Wording {
  /** For the action menu. */
  label: string;
  words(e: WordsInput): string;
}

const str = (d: WordsInput['detail'], k: string) => (typeof d[k] === 'string' && d[k] !== '' ? d[k] : null);
const num = (d: WordsInput['detail'], k: string) => (typeof d[k] === 'number' ? d[k] : null);
const strings = (d: WordsInput['detail'], k: string) => (Array.isArray(d[k]) ? d[k].filter((x): x is string => typeof x === 'string') : null);
const quoted = (name: string) => `“${name}”`;
/** "rotated" is what clients write when the person gave no reason: it says nothing. */
const because = (sentence: string, reason: string | null) => (reason && reason !== 'rotated' ? `${sentence}: ${reason}` : sentence);

/** Field names as a person reads them (`rotationDays` is how the extension's form named the rotation policy). */
const FIELD_WORDS: Readonly<Record<string, string>> = { url: 'URL', expiresAt: 'expiry date', rotation: 'rotation schedule', rotationDays: 'rotation schedule' };
export const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;

/** A move to another vault, to the Trash (decision 118), out of it for good, or (older clients) a plain delete. */
function deleteWords(e: WordsInput): string {
  const to = str(e.detail, 'to');
  if (to) return `Moved ${e.key} to ${quoted(to)}`;
  if (e.detail.trash === 'moved') return `Moved ${e.key} to the Trash`;
  if (e.detail.trash === 'purged') return `Deleted ${e.key} for good from the Trash`;
  return `Deleted ${e.key}`;
}

/** `changed` (since decision #107: only the fields whose values differ) or `fields` (before: the fields the edit set). */
function editWords(e: WordsInput): string {
  const changed = strings(e.detail, 'changed');
  if (changed) {
    if (changed.length === 0) return `Saved ${e.key} without changing anything`;
    const was = str(e.detail, 'renamedFrom');
    return `Changed ${e.key}: ${changed.map((f) => (f === 'name' && was ? `name (was ${quoted(was)})` : fieldWords(f))).join(', ')}`;
  }
  const fields = strings(e.detail, 'fields');
  return fields?.length ? `Edited ${e.key} (fields saved: ${fields.map(fieldWords).join(', ')})` : `Edited ${e.key}`;
}

/** `vault.key-rotate` also records account-key and device-key rotations (`scope`), step by step (`phase`). */
function keyRotationWords({ detail: d }: WordsInput): string {
  const scope = str(d, 'scope');
  const what = scope === 'account-key' ? 'the account key' : scope === 'device-key' ? 'this device’s signing key' : 'the vault key';
  const to = num(d, 'toVersion');
  const version = to === null || scope === 'device-key' ? '' : ` to version ${to}`;
  switch (str(d, 'phase')) {
    case 'start':
      return `Started rotating ${what}`;
    case 'resume':
      return `Resumed rotating ${what}${version}`;
    case 'checkpoint':
      return `Rotating ${what}${version}: ${num(d, 'done') ?? '?'} of ${num(d, 'total') ?? '?'} re-encrypted`;
    case 'published':
      return `Published the new ${what.slice('the '.length)}${to === null ? '' : ` (version ${to})`}`;
    case 'failed':
      return because(`Rotating ${what} failed`, str(d, 'reason'));
    case 'done': {
      const rewrapped = num(d, 'rewrapped');
      return `Rotated ${what}${version}${rewrapped === null ? '' : ` (${plural(rewrapped, 'key')} re-encrypted)`}`;
    }
    default:
      return `Rotated ${what}`;
  }
}

const IMPORT_SOURCES: Readonly<Record<string, string>> = { backup: 'an encrypted backup', env: 'a .env file', json: 'a JSON file', csv: 'a CSV file' };

const signingKey = (e: WordsInput) => str(e.detail, 'signingKey');
/**
 * A reveal or copy of a value from the key's history names when that value was replaced (`retiredAt`,
 * decision #113), by the day the key's page shows beside it.
 */
const which = (e: WordsInput) => {
  const retired = str(e.detail, 'retiredAt');
  return retired ? `the value of ${e.key} replaced on ${retired.slice(0, 10)}` : e.key;
};
/** An entry whose detail names no token (unreadable, or none) says only what happened. */
const token = (action: AuditActionV2, fallback: string) => (e: WordsInput) => (str(e.detail, 'tokenId') ? tokenEntryWords(action, e.detail, e.tokenNames, e.at) : null) ?? fallback;

export const AUDIT_WORDING: Readonly<Record<AuditActionV2, Wording>> = {
  'item.create': {
    label: 'Added',
    words: (e) => {
      const from = str(e.detail, 'from');
      if (e.detail.trash === 'restored') return `Restored ${e.key} from the Trash`;
      if (e.detail.restored === true) return `Restored ${e.key} (undid its delete)`;
      if (from) return `Copied ${e.key} here from ${quoted(from)}`;
      return e.detail.generated === true ? `Added ${e.key} (generated)` : `Added ${e.key}`;
    },
  },
  'item.edit': { label: 'Changed', words: editWords },
  'item.reveal': { label: 'Revealed', words: (e) => `Revealed ${which(e)}` },
  'item.copy': {
    label: 'Copied',
    words: (e) => (str(e.detail, 'to') ? `Copied ${e.key} to ${quoted(str(e.detail, 'to')!)}` : `Copied ${which(e)} to the clipboard`),
  },
  'item.fill': { label: 'Filled', words: (e) => `Filled ${e.key} ${str(e.detail, 'site') ? `on ${str(e.detail, 'site')}` : 'into a page'}` },
  'item.rotate': {
    label: 'Rotated',
    words: (e) => {
      const key = signingKey(e);
      const overlap = num(e.detail, 'overlapHours');
      const old = overlap === null ? '' : overlap === 0 ? ', the old one stopped at once' : `, the old one verifies for ${overlap} h`;
      return because(key ? `Rotated the signing key of ${e.key} to ${key}${old}` : `Rotated ${e.key}`, str(e.detail, 'reason'));
    },
  },
  'item.revoke': {
    label: 'Revoked',
    words: (e) => because(signingKey(e) ? `Revoked signing key ${signingKey(e)} of ${e.key}` : `Revoked ${e.key}`, str(e.detail, 'reason')),
  },
  'item.reactivate': { label: 'Reactivated', words: (e) => (signingKey(e) ? `Reactivated signing key ${signingKey(e)} of ${e.key}` : `Reactivated ${e.key}`) },
  'item.delete': { label: 'Deleted', words: deleteWords },
  'member.add': { label: 'Member invited', words: (e) => `Invited ${str(e.detail, 'email') ?? 'someone'}${str(e.detail, 'role') ? ` as ${str(e.detail, 'role')}` : ''}` },
  'member.role': { label: 'Role changed', words: (e) => `Changed ${str(e.detail, 'email') ?? 'a member'}’s role${str(e.detail, 'role') ? ` to ${str(e.detail, 'role')}` : ''}` },
  'member.remove': { label: 'Member removed', words: (e) => `Removed ${str(e.detail, 'email') ?? 'a member'} from the vault` },
  'device.add': { label: 'Device added', words: (e) => (str(e.detail, 'device') ? `Device ${quoted(str(e.detail, 'device')!)} added` : 'Added a device') },
  'device.revoke': { label: 'Device revoked', words: (e) => (str(e.detail, 'device') ? `Device ${quoted(str(e.detail, 'device')!)} revoked` : 'Revoked a device') },
  'vault.create': { label: 'Vault created', words: (e) => (str(e.detail, 'name') ? `Created the vault ${quoted(str(e.detail, 'name')!)}` : 'Created the vault') },
  'vault.key-rotate': { label: 'Key rotation (vault, account or device)', words: keyRotationWords },
  'backup.export': { label: 'Backup exported', words: (e) => `Exported an encrypted backup${num(e.detail, 'items') === null ? '' : ` of ${plural(num(e.detail, 'items')!, 'key')}`}` },
  'backup.import': {
    label: 'Imported',
    words: (e) => {
      const added = num(e.detail, 'added');
      const skipped = num(e.detail, 'skipped');
      const source = IMPORT_SOURCES[str(e.detail, 'format') ?? ''] ?? 'a file';
      return `Imported ${added === null ? 'keys' : plural(added, 'key')} from ${source}${skipped ? ` (${skipped} skipped)` : ''}`;
    },
  },
  'item.write': { label: 'Sync record: a stored change', words: (e) => `Stored a change to ${e.key} (sync record)` },
  'item.baseline': { label: 'Sync record: a starting state', words: (e) => `Recorded the stored state of ${e.key} (sync record)` },
  'vault.upgrade': { label: 'Sync record: log upgraded', words: () => 'Moved this vault’s log to format v2 (sync record)' },
  'token.create': { label: 'Access token made', words: token('token.create', 'Made an access token') },
  'token.revoke': { label: 'Access token revoked', words: token('token.revoke', 'Revoked an access token') },
  'token.use': { label: 'Access token used', words: token('token.use', 'An access token was used') },
  'token.refuse': { label: 'Access token refused', words: token('token.refuse', 'An access token was refused') },
};

const known = (action: string): action is AuditActionV2 => Object.hasOwn(AUDIT_WORDING, action);

/** An entry as a sentence; an action this version does not know is named as it is, never dropped. */
export function auditSentence(action: string, e: WordsInput): string {
  return known(action) ? AUDIT_WORDING[action].words(e) : `${action} (an action this version of KeyHaven does not know)`;
}

export function actionLabel(action: string): string {
  return known(action) ? AUDIT_WORDING[action].label : action;
}
