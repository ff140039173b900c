/**
 * Host names as the site matching reads them (site-keys.ts). Apart from the matcher so that pages can
 * check a host without loading the catalogue of providers, which the popup's first screen does not need.
 */

/** A host name as browsers write one: lower case letters, digits, hyphens and dots (punycode for the rest). */
export const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The host of an http(s) address, lower case and without a trailing dot; '' for anything else. */
export function urlHost(address: string): string {
  const text = address.trim();
  if (!/^https?:\/\//i.test(text)) return '';
  try {
    const host = new URL(text).hostname.toLowerCase().replace(/\.$/, '');
    return HOST_PATTERN.test(host) ? host : '';
  } catch {
    return '';
  }
}
