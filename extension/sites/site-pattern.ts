/**
 * Turning what a person types ("dash.example.com", "https://dash.example.com/keys?x=1") into the one
 * match pattern KeyHaven asks the browser for: that host, over HTTPS, every path. Nothing wider: no
 * wildcard hosts, no other schemes, so "Watch this site" never becomes "watch every site".
 */
import { BackgroundError } from '../background/errors.js';
import { DASHBOARD_HOSTS } from '../content/hosts.js';

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `https://host/*` for a site the person named; a clear error for anything else. */
export function sitePattern(input: string): string {
  const text = input.trim();
  if (!text) throw new BackgroundError('bad-site', 'Type the address of the site to watch, e.g. dash.example.com.');
  // Messages quote what the person typed, not the browser's encoding of it (`%20`, `%2A`).
  const notASite = new BackgroundError('bad-site', `"${text.slice(0, 80)}" is not a site's address (e.g. dash.example.com).`);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw notASite;
  }
  if (url.protocol !== 'https:') throw new BackgroundError('bad-site', 'Only HTTPS sites can be watched: dashboards that show keys are served over HTTPS.');
  // `example.com.` is the same site as `example.com`.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) throw notASite;
  return `https://${host}/*`;
}

/** The host a watch pattern is for. */
export function patternHost(pattern: string): string {
  return pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');
}

/** Dashboards KeyHaven watches without being asked: exactly the manifest's hosts (its matches name no subdomains). */
export function isBuiltInDashboard(host: string): boolean {
  return DASHBOARD_HOSTS.includes(host);
}
