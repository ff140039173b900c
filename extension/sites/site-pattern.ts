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
  if (!text) throw new BackgroundError('bad-site', 'type the address of the site to watch, e.g. dash.example.com');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new BackgroundError('bad-site', `"${text}" is not a web address`);
  }
  if (url.protocol !== 'https:') throw new BackgroundError('bad-site', 'only HTTPS sites can be watched: dashboards that show keys are served over HTTPS');
  const host = url.hostname.toLowerCase();
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    throw new BackgroundError('bad-site', `"${host}" is not a site's name (e.g. dash.example.com)`);
  }
  return `https://${host}/*`;
}

/** The host a watch pattern is for. */
export function patternHost(pattern: string): string {
  return pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');
}

/** Dashboards KeyHaven watches without being asked (the manifest's list). */
export function isBuiltInDashboard(host: string): boolean {
  return DASHBOARD_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}
