/**
 * What API keys look like, one entry per provider and key kind: data, not code paths. `pattern` matches
 * the whole key (no anchors; the detector adds its own boundaries).
 *
 * Entries marked `generic` have no distinctive prefix (32 hex, 40 alphanumerics, UUIDs): they count
 * only with a label next to them (`'label'`), or with a label or on the provider's dashboard host
 * (`'label-or-host'`), never on their own. Hex-only and UUID shapes need the label even on the host:
 * dashboards show commit hashes and request ids too.
 *
 * A pattern whose alphabet has `.` ends in a class without it, so a full stop after a key is not taken
 * for part of it.
 *
 * Formats are the providers' documented or widely observed ones; where a provider embeds a checksum,
 * `checksum` names it and the detector verifies it (checksum.ts).
 */

export type Checksum = 'github-crc32' | 'npm-crc32' | 'vercel-crc32' | 'gitlab-crc32' | 'keyhaven-crc32';

export interface CatalogueEntry {
  provider: string;
  kind: string;
  /** Regular expression source for the whole key, without anchors or flags. */
  pattern: string;
  /** No distinctive prefix: what else must be there for the shape to count. */
  generic?: 'label' | 'label-or-host';
  /** A label that names this provider's key outright (AWS's "Secret access key"), as regex source. */
  label?: string;
  checksum?: Checksum;
  /** Half of a pair the caller joins into one item (an AWS access key id and its secret). */
  pair?: { group: string; role: 'id' | 'secret' };
  /**
   * Where the format comes from: the provider's documentation or changelog (a URL), or a public
   * secret-scanning rule set read to check it (e.g. `gitleaks: rule-id`).
   */
  source: string;
  /** Dashboard hosts where this provider shows new keys (subdomains included; the content script runs there). */
  hosts?: string[];
}

/** The base62 alphabet, as a character-class body. */
export const b62 = 'A-Za-z0-9';

/** Whether `host` is one of the entry's dashboards, or a subdomain of one (a region, a tenant). */
export function onEntryHost(entry: CatalogueEntry, host: string | undefined): boolean {
  return !!host && !!entry.hosts?.some((h) => host === h || host.endsWith(`.${h}`));
}
