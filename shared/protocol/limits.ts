/** Size limits of the sync protocol, shared so clients can split their work before the server refuses it. */
export const PROTOCOL_LIMITS = {
  /** One opaque blob (item envelope, keyring, vault meta, wrapped key), in characters. */
  blobChars: 256 * 1024,
  /** Items in one push. */
  pushItems: 500,
  /** Entries in one audit append. */
  auditEntries: 100,
  /** A whole request body, in bytes. */
  bodyBytes: 8 * 1024 * 1024,
  /** Changes or audit entries in one page. */
  pageSize: 1000,
} as const;
