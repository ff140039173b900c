/**
 * Which of an item's user-set fields an edit changed, by name only. An `item.edit` audit entry records
 * this list, so the log can say "changed environment, tags" rather than every field the form sent back,
 * without the entry holding any value (names, not contents: a note may hold a secret).
 */
import canonicalize from 'canonicalize';
import type { ItemPayload } from './item.js';

/** The fields an edit may change (itemPatchSchema), in the order a person reads them on the key's page. */
export const EDITABLE_FIELDS = ['name', 'type', 'provider', 'kind', 'environment', 'tags', 'url', 'notes', 'expiresAt', 'rotation'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

// Compared as canonical JSON: `tags` and `rotation` are arrays and objects, and key order must not count.
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);

/** The editable fields whose values differ between two versions of an item (empty when nothing changed). */
export function changedFields(before: ItemPayload, after: ItemPayload): EditableField[] {
  return EDITABLE_FIELDS.filter((field) => !same(before[field], after[field]));
}
