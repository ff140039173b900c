/**
 * The item payload: the plaintext JSON inside an item's AEAD blob (DESIGN §4). Everything a user
 * typed is in here; the server sees none of it.
 *
 * Unknown fields are kept (`looseObject`), so a client that is older than the one that wrote an item
 * never strips a field it does not understand when it saves the item again.
 */
import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });
const shortText = (max: number) => z.string().max(max);

export const ITEM_TYPES = ['api-key', 'secret', 'note'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const MAX_VALUE_LENGTH = 65_536;

export const itemStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('active') }),
  z.strictObject({ state: z.literal('revoked'), reason: shortText(1_000), at: iso }),
]);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

export const retiredValueSchema = z.strictObject({
  value: z.string().max(MAX_VALUE_LENGTH),
  retiredAt: iso,
  reason: shortText(1_000),
});
export type RetiredValue = z.infer<typeof retiredValueSchema>;

/**
 * A webhook endpoint's signing keys (shared/vault/signing-keys.ts): the current one (its secret is the
 * item's value) and older ones that still verify until their overlap window ends.
 */
export const MAX_LIVE_SIGNING_KEYS = 20;
export const signingKeySchema = z.strictObject({
  id: z.string().regex(/^k_[0-9a-f]{8}$|^k_\d{17}$/, 'a signing key id looks like k_3fa9c2d1'),
  secret: z.string().min(1).max(MAX_VALUE_LENGTH),
  createdAt: iso,
  /** When a newer key replaced it as the signing key; null for the current key. */
  retiredAt: iso.nullable(),
  /** The end of its overlap window (it verifies until then); null for the current key. */
  verifiesUntil: iso.nullable(),
  status: itemStatusSchema,
});
export type SigningKey = z.infer<typeof signingKeySchema>;

export const signingKeySetSchema = z
  .strictObject({ keys: z.array(signingKeySchema).min(1).max(MAX_LIVE_SIGNING_KEYS + 1) })
  .refine((set) => new Set(set.keys.map((k) => k.id)).size === set.keys.length, 'signing key ids must be unique')
  .refine((set) => set.keys.filter((k) => k.retiredAt === null).length === 1, 'exactly one signing key is current')
  .refine((set) => set.keys.every((k) => (k.retiredAt === null) === (k.verifiesUntil === null)), 'a retired key has an overlap end, the current one none');
export type SigningKeySet = z.infer<typeof signingKeySetSchema>;

export const rotationPolicySchema = z.strictObject({ everyDays: z.number().int().min(1).max(3_650) });

export const itemPayloadSchema = z.looseObject({
  type: z.enum(ITEM_TYPES),
  name: z.string().trim().min(1).max(200),
  provider: shortText(100),
  kind: shortText(100),
  value: z.string().max(MAX_VALUE_LENGTH),
  environment: shortText(50),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
  url: shortText(2_048),
  notes: shortText(20_000),
  status: itemStatusSchema,
  expiresAt: iso.nullable(),
  rotation: rotationPolicySchema.nullable(),
  lastRotatedAt: iso.nullable(),
  history: z.array(retiredValueSchema),
  /** Only on items that have been rotated as signing keys; older items and clients go without. */
  signing: signingKeySetSchema.optional(),
  /** When the key was moved to the Trash (shared/vault/trash.ts); absent on keys that are not in it. */
  trashedAt: iso.optional(),
  createdAt: iso,
  updatedAt: iso,
});
export type ItemPayload = z.infer<typeof itemPayloadSchema>;

/** The fields a user sets directly (everything but status, history and timestamps). */
const editableFields = {
  type: z.enum(ITEM_TYPES),
  name: itemPayloadSchema.shape.name,
  provider: shortText(100),
  kind: shortText(100),
  environment: shortText(50),
  tags: itemPayloadSchema.shape.tags,
  url: shortText(2_048),
  notes: shortText(20_000),
  expiresAt: iso.nullable(),
  rotation: rotationPolicySchema.nullable(),
};

/** What a user provides to create an item; everything but the name and value has a default. */
export const itemDraftSchema = z.strictObject({
  ...editableFields,
  value: itemPayloadSchema.shape.value,
  type: editableFields.type.default('api-key'),
  provider: editableFields.provider.default(''),
  kind: editableFields.kind.default(''),
  environment: editableFields.environment.default(''),
  tags: editableFields.tags.default([]),
  url: editableFields.url.default(''),
  notes: editableFields.notes.default(''),
  expiresAt: editableFields.expiresAt.default(null),
  rotation: editableFields.rotation.default(null),
});
export type ItemDraft = z.input<typeof itemDraftSchema>;

/**
 * What an edit may change. The value changes only through `rotateValue` (so the old one lands in
 * history), the status only through revoke/reactivate, and history and timestamps never by hand.
 * Built from the fields without defaults: a patch must never fill in what it does not mention.
 */
export const itemPatchSchema = z.strictObject(editableFields).partial();
export type ItemPatch = z.input<typeof itemPatchSchema>;

/** A deleted item: what remains in storage and on the server so that every device learns of the delete. */
export interface Tombstone {
  deleted: true;
  deletedAt: string;
}
