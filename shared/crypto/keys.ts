/**
 * Branded key types, so that handing a vault key where a DEK is expected does not compile.
 * At run time they are ordinary CryptoKeys; the brand exists only for the type checker.
 */
declare const keyBrand: unique symbol;
type Branded<Name extends string> = CryptoKey & { readonly [keyBrand]: Name };

/** AES-256-GCM, derived from the password; wraps the account key. */
export type Kek = Branded<'Kek'>;
/** AES-256-GCM, random, versioned; wraps personal vault keys, the identity key and CLI device keys. */
export type AccountKey = Branded<'AccountKey'>;
/** AES-256-GCM, random, one per vault and version; wraps DEKs and seals audit details. */
export type VaultKey = Branded<'VaultKey'>;
/** AES-256-GCM, random, fresh for every write of an item; seals the item payload. */
export type Dek = Branded<'Dek'>;
/** AES-256-GCM, derived from a backup password; seals a backup file's body. */
export type BackupKey = Branded<'BackupKey'>;
/** AES-256-GCM, derived by ECDH-ES for one member and one vault key version. */
export type ShareKey = Branded<'ShareKey'>;
/** AES-256-GCM, derived from an access token's secret; wraps the vault keys or the DEKs the token may read. */
export type TokenKey = Branded<'TokenKey'>;
/** HKDF base key holding the PBKDF2 output; only ever used to derive the keys above. */
export type MasterSecret = Branded<'MasterSecret'>;

/** ECDH P-256: receives team vault keys. */
export type IdentityPrivateKey = Branded<'IdentityPrivateKey'>;
export type IdentityPublicKey = Branded<'IdentityPublicKey'>;
/** ECDSA P-256, one per user: certifies the user's devices and signs their revocations. */
export type IdentitySigningKey = Branded<'IdentitySigningKey'>;
export type IdentityVerifyKey = Branded<'IdentityVerifyKey'>;
/** ECDSA P-256: signs this device's audit entries. */
export type DeviceSigningKey = Branded<'DeviceSigningKey'>;
export type DeviceVerifyKey = Branded<'DeviceVerifyKey'>;

/** Keys that can seal and open AEAD blobs directly. */
export type SealingKey = AccountKey | VaultKey | Dek | BackupKey | TokenKey;
/** Keys that can wrap and unwrap other keys. */
export type WrappingKey = Kek | AccountKey | VaultKey | ShareKey | TokenKey;

export const AES_GCM_KEY = { name: 'AES-GCM', length: 256 } as const;
export const P256_ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
export const P256_ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
