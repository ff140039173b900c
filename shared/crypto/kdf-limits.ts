/**
 * The PBKDF2 iteration limits, apart from kdf.ts (which carries zod and WebCrypto) so that a page can
 * name them without loading either: the popup's first screen says how many rounds it derives.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the floor below which a client refuses to derive. */
export const PBKDF2_MIN_ITERATIONS = 600_000;
export const PBKDF2_DEFAULT_ITERATIONS = 600_000;
/** Above this an unlock takes minutes on a laptop: a typo or an attempt to stall the client. */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;
