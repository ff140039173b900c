/**
 * Starred keys. A star is a person's preference about their own list, so it is kept in this browser's
 * profile (IndexedDB), not in the item: an item's payload is shared with every member of a team vault and
 * synced, and a teammate's star must not reorder my list. Only ids are kept (`vaultId/itemId`, random,
 * already the keys of the items table), never a name or a value; a star does not follow the account to
 * another browser (docs/decisions.md, favourites). A star whose key is gone is forgotten at the next list.
 */
import { BackgroundError } from './errors.js';
import { updateProfile, type KeyHavenDatabase } from '../db/database.js';
import { favouriteKey, type AllRows } from './list-rows.js';

/** More stars than any list would show first; the profile row stays small. */
export const MOST_FAVOURITES = 5_000;

/** The set read last, per database; a new Set after each change, so orders made from the old one are made again. */
const read = new WeakMap<KeyHavenDatabase, ReadonlySet<string>>();
/** Row sets already compared with the stars: a list asked slice by slice checks once. */
const checked = new WeakSet<AllRows>();

export async function favourites(db: KeyHavenDatabase): Promise<ReadonlySet<string>> {
  const known = read.get(db);
  if (known) return known;
  const stored: unknown = (await db.profile.get('main'))?.favourites;
  // Junk on the disk is no star, and never breaks the list.
  const ids = new Set(Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string' && s.length <= 401) : []);
  read.set(db, ids);
  return ids;
}

export async function setFavourite(db: KeyHavenDatabase, rows: AllRows, vaultId: string, itemId: string, on: boolean): Promise<boolean> {
  const key = favouriteKey({ vaultId, id: itemId });
  if (on && !rows.items.some((i) => favouriteKey(i) === key)) throw new BackgroundError('not-found', 'that key no longer exists (deleted here or on another device)');
  const ids = new Set(await favourites(db));
  if (on) ids.add(key);
  else ids.delete(key);
  if (ids.size > MOST_FAVOURITES) throw new BackgroundError('too-many', `at most ${MOST_FAVOURITES} keys can be favourites`);
  await store(db, ids);
  return on;
}

/**
 * Forgets the stars of keys that are gone (deleted for good here or on another device, or in a vault
 * this browser left); a key in the Trash keeps its star for when it is restored. Not while some item
 * does not open: its key may be one of them.
 */
export async function forgetGone(db: KeyHavenDatabase, rows: AllRows): Promise<ReadonlySet<string>> {
  const ids = await favourites(db);
  if (checked.has(rows) || rows.unreadable > 0 || ids.size === 0) return ids;
  checked.add(rows);
  const present = new Set([...rows.items.map(favouriteKey), ...rows.trashed]);
  const kept = new Set([...ids].filter((k) => present.has(k)));
  if (kept.size === ids.size) return ids;
  await store(db, kept);
  return kept;
}

async function store(db: KeyHavenDatabase, ids: Set<string>): Promise<void> {
  await updateProfile(db, (p) => ({ ...p, favourites: [...ids] }));
  read.set(db, ids);
}
