/**
 * The sync protocol, v1: every request and response body as a zod schema. The server validates what
 * it receives with these, and the client sync engine validates what it gets back. Requests are strict
 * (unknown fields refused); the server never sees plaintext, only the opaque `blob` strings.
 */
import { z } from 'zod';
import { acceptableKdfParamsSchema as kdfParamsSchema } from '../crypto/kdf.js';
import { PROTOCOL_LIMITS } from './limits.js';

/** Client-chosen ids: the ids are bound into AADs before the server ever sees them. */
export const idSchema = z.uuid();
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const b64urlSchema = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
export const blobSchema = z.string().min(1).max(PROTOCOL_LIMITS.blobChars);
export const revisionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const roleSchema = z.enum(['admin', 'editor', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

/** A 32-byte auth key in base64url (43 characters). */
const authKeySchema = b64urlSchema(43, 43);
/** An SPKI public key in base64url (P-256 SPKI is 91 bytes; room left for other encodings). */
const spkiSchema = b64urlSchema(64, 400);

/**
 * A device's name, as the account's devices list it (the server sees it in the clear). Any letters, but
 * no control or invisible formatting characters: a right-to-left override or a zero-width space would
 * let one device's name pass for another's on the list a person revokes from. Not unique: two laptops
 * may both be "Chrome on Linux"; the list tells them apart by key and date.
 */
export const DEVICE_NAME_MAX = 100;
export const deviceNameSchema = z
  .string()
  .trim()
  .min(1, 'a device needs a name')
  .max(DEVICE_NAME_MAX, `at most ${DEVICE_NAME_MAX} characters`)
  .regex(/^[^\p{Cc}\p{Cf}]*$/u, 'no control or invisible formatting characters');

export const deviceRegistrationSchema = z.strictObject({
  id: idSchema,
  name: deviceNameSchema,
  signingPublicKey: spkiSchema,
});

export const registerRequestSchema = z.strictObject({
  accountId: idSchema,
  email: emailSchema,
  kdf: kdfParamsSchema,
  authKey: authKeySchema,
  keyring: blobSchema,
  identityPublicKey: spkiSchema,
  /** The identity signing key (docs/crypto.md §20); clients from before v2 leave it out and add it later. */
  signingPublicKey: spkiSchema.optional(),
  device: deviceRegistrationSchema,
});

export const preloginRequestSchema = z.strictObject({ email: emailSchema });
export const preloginResponseSchema = z.strictObject({ kdf: kdfParamsSchema });

export const loginRequestSchema = z.strictObject({ email: emailSchema, authKey: authKeySchema, device: deviceRegistrationSchema });

export const sessionResponseSchema = z.strictObject({
  accountId: idSchema,
  deviceId: idSchema,
  token: z.string(),
  expiresAt: z.iso.datetime(),
});

export const accountResponseSchema = z.strictObject({
  accountId: idSchema,
  email: z.string(),
  kdf: kdfParamsSchema,
  keyring: blobSchema,
  keyringRevision: revisionSchema,
  identityPublicKey: spkiSchema,
  signingPublicKey: spkiSchema.nullable(),
});

export const putSigningKeyRequestSchema = z.strictObject({ publicSpki: spkiSchema });
/** A device certificate or a revocation statement, as the client's JSON text (docs/crypto.md §20). */
const statementSchema = z.string().min(1).max(2000);
export const putCertificateRequestSchema = z.strictObject({ certificate: statementSchema });
export const revokeDeviceRequestSchema = z.strictObject({ authKey: authKeySchema, revocation: statementSchema });
export const renameDeviceRequestSchema = z.strictObject({ name: deviceNameSchema });
/** The `details` of a `device-revoked` refusal: when, and by which of the account's devices (null if unknown). */
export const deviceRevokedDetailsSchema = z.object({ revokedAt: z.iso.datetime().nullable(), revokedBy: z.string().max(DEVICE_NAME_MAX).nullable() });
export type DeviceRevokedDetails = z.infer<typeof deviceRevokedDetailsSchema>;

export const putKeyringRequestSchema = z.strictObject({ baseRevision: revisionSchema, keyring: blobSchema });
export const revisionResponseSchema = z.strictObject({ revision: revisionSchema });

export const changePasswordRequestSchema = z.strictObject({
  currentAuthKey: authKeySchema,
  kdf: kdfParamsSchema,
  authKey: authKeySchema,
  baseRevision: revisionSchema,
  keyring: blobSchema,
});

export const deviceSchema = z.strictObject({
  id: idSchema,
  accountId: idSchema,
  name: z.string(),
  signingPublicKey: spkiSchema,
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  certificate: z.string().nullable(),
  /** Certificates of the keys this device signed with before it rotated its key (docs/crypto.md §20); absent from older servers. */
  earlierCertificates: z.array(z.string()).max(100).optional(),
  revocation: z.string().nullable(),
});
export const deviceListSchema = z.strictObject({ devices: z.array(deviceSchema) });

export const identityResponseSchema = z.strictObject({
  accountId: idSchema,
  email: z.string(),
  identityPublicKey: spkiSchema,
  /** The identity signing key (null for an account that has not signed in since v2). */
  signingPublicKey: spkiSchema.nullable(),
  /** The server's own computation, of the identity key only: clients compute and show their own (docs/crypto.md §23). */
  fingerprint: z.string(),
});

const wrappedKeySchema = z.strictObject({ keyVersion: z.number().int().positive().max(1_000_000), blob: blobSchema });

export const createVaultRequestSchema = z.strictObject({
  id: idSchema,
  meta: blobSchema,
  keys: z.array(wrappedKeySchema).min(1).max(100),
});

export const auditHeadSchema = z.strictObject({ seq: revisionSchema, hash: z.string(), ts: z.number().int().nonnegative() });

export const vaultSummarySchema = z.strictObject({
  id: idSchema,
  role: roleSchema,
  meta: blobSchema,
  metaRevision: revisionSchema,
  seq: revisionSchema,
  auditHead: auditHeadSchema,
  /** For an admin: the access-token events waiting to be signed into the chain (docs/api.md "Access tokens"). */
  tokenEvents: z.number().int().positive().optional(),
});
export const vaultListSchema = z.strictObject({ vaults: z.array(vaultSummarySchema) });

export const putMetaRequestSchema = z.strictObject({ baseRevision: revisionSchema, meta: blobSchema });

export const memberSchema = z.strictObject({
  accountId: idSchema,
  email: z.string(),
  role: roleSchema,
  /** `invited` until they accept: the vault does not reach them before. */
  status: z.enum(['invited', 'active']),
  identityPublicKey: spkiSchema,
  signingPublicKey: spkiSchema.nullable(),
});

const invitationSchema = z.strictObject({ vaultId: idSchema, role: roleSchema, invitedAt: z.iso.datetime(), invitedBy: z.strictObject({ accountId: idSchema, email: z.string() }).nullable() });
export const invitationListSchema = z.strictObject({ invitations: z.array(invitationSchema) });

/** A team vault's roster revisions, oldest first (docs/crypto.md §23). */
export const rosterPageSchema = z.strictObject({ rosters: z.array(z.strictObject({ revision: z.number().int().positive(), blob: blobSchema })), hasMore: z.boolean() });

/** An account's sealed team memory (docs/crypto.md §23); `blob` null until a device first writes it. */
export const teamMemoryResponseSchema = z.strictObject({ blob: blobSchema.nullable(), revision: revisionSchema });

/** What an invitee needs to decide: the wrapped keys that came with the invitation, the vault's name and roster. */
export const invitationDetailSchema = invitationSchema.extend({
  meta: blobSchema,
  keys: z.array(z.strictObject({ keyVersion: z.number().int().positive(), blob: blobSchema, revision: revisionSchema })).max(10_000),
  rosters: rosterPageSchema.shape.rosters.max(100_000),
});
export const memberListSchema = z.strictObject({ members: z.array(memberSchema) });
export const addMemberRequestSchema = z.strictObject({ accountId: idSchema, role: roleSchema, keys: z.array(wrappedKeySchema).min(1).max(100) });
export const changeRoleRequestSchema = z.strictObject({ role: roleSchema });

export const vaultKeySchema = z.strictObject({ accountId: idSchema, keyVersion: z.number().int().positive(), blob: blobSchema, revision: revisionSchema });
export const vaultKeyListSchema = z.strictObject({ keys: z.array(vaultKeySchema) });
export const putVaultKeyRequestSchema = z.strictObject({ baseRevision: revisionSchema, blob: blobSchema });

export const changesQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(PROTOCOL_LIMITS.pageSize).default(PROTOCOL_LIMITS.pageSize),
});

export const itemChangeSchema = z.strictObject({
  itemId: idSchema,
  revision: revisionSchema,
  seq: revisionSchema,
  blob: blobSchema.nullable(),
  deleted: z.boolean(),
  /** The audit record that names this write (docs/crypto.md §22); null for a write from before v2. */
  recordSeq: revisionSchema.nullable(),
});
export type ItemChange = z.infer<typeof itemChangeSchema>;
export const changesResponseSchema = z.strictObject({ changes: z.array(itemChangeSchema), cursor: revisionSchema, hasMore: z.boolean() });

export const pushItemSchema = z.strictObject({
  itemId: idSchema,
  /** The revision this write replaces; 0 creates the item. */
  baseRevision: revisionSchema,
  /** The new envelope, or null to delete (a tombstone). */
  blob: blobSchema.nullable(),
  /** The signed v2 audit entry that names this write (`item.write`, rev = baseRevision + 1, the blob's hash). */
  record: z.unknown().optional(),
  /** The item's DEK wrapped for each narrowed access token whose scope holds it after this write (docs/crypto.md §25). */
  grants: z.array(z.strictObject({ tokenId: idSchema, blob: blobSchema })).max(50).optional(),
});
export type PushItem = z.infer<typeof pushItemSchema>;
export const pushRequestSchema = z.strictObject({
  items: z.array(pushItemSchema).min(1).max(PROTOCOL_LIMITS.pushItems),
  /** The vault's access-token list revision the grants were made for; a push on an older one is refused (`tokens-changed`). */
  tokenSeq: revisionSchema.optional(),
});
export const pushResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ itemId: idSchema, status: z.literal('ok'), revision: revisionSchema, seq: revisionSchema, recordSeq: revisionSchema.nullable() }),
  z.strictObject({
    itemId: idSchema,
    status: z.literal('conflict'),
    current: z.strictObject({ revision: revisionSchema, blob: blobSchema.nullable(), deleted: z.boolean(), recordSeq: revisionSchema.nullable() }),
  }),
]);
export type PushResult = z.infer<typeof pushResultSchema>;
export const pushResponseSchema = z.strictObject({ results: z.array(pushResultSchema), seq: revisionSchema });

export const auditAppendRequestSchema = z.strictObject({ entries: z.array(z.unknown()).min(1).max(PROTOCOL_LIMITS.auditEntries) });
export const auditAppendResponseSchema = z.strictObject({ head: auditHeadSchema });
/** Records `{seq, prev, entry}`, checked by the client (shared/audit/verify.ts), not here. */
export const auditListResponseSchema = z.strictObject({ records: z.array(z.unknown()), head: auditHeadSchema, hasMore: z.boolean() });

export const API_ERROR_CODES = [
  'bad-request',
  'invalid-credentials',
  'unauthorized',
  'device-revoked',
  'forbidden',
  'not-found',
  'email-taken',
  'id-taken',
  'revision-conflict',
  'audit-head-moved',
  'audit-rejected',
  'last-admin',
  'payload-too-large',
  'rate-limited',
  /** The server or its database cannot take the request now: retry after the Retry-After seconds. */
  'unavailable',
  /** An account reached a quota (vaults made, items in a vault, bytes stored, invitations waiting). */
  'quota-exceeded',
  /** Access tokens (docs/api.md): each refusal says why, so a CI log names the fix. */
  'token-unknown',
  'token-revoked',
  'token-expired',
  'token-ip-refused',
  'token-read-only',
  /** A push made for an older access-token list: fetch the list, make the grants again, push again. */
  'tokens-changed',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export const errorResponseSchema = z.strictObject({
  error: z.strictObject({ code: z.enum(API_ERROR_CODES), message: z.string(), details: z.unknown().optional() }),
});

/** Realtime (WebSocket /v1/events). The client authenticates with its first message. */
export const clientEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('pong'), t: z.number() }),
]);
export const CHANGE_KINDS = ['items', 'audit', 'keys', 'members', 'meta', 'tokens'] as const;
export const serverEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('ping'), t: z.number() }),
  z.strictObject({ type: z.literal('changed'), vaultId: idSchema, kind: z.enum(CHANGE_KINDS), seq: revisionSchema }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
