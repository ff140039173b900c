/** What each kind of AES key may do, in one place so that generation and unwrapping agree. */
export const ACCOUNT_KEY_USAGES = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'] as const satisfies readonly KeyUsage[];
export const VAULT_KEY_USAGES = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'] as const satisfies readonly KeyUsage[];
export const DEK_USAGES = ['encrypt', 'decrypt'] as const satisfies readonly KeyUsage[];
