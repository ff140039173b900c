/** Where the content script runs: the catalogue's dashboard hosts (the manifest lists them). */
import { CATALOGUE } from '../../shared/detect/catalogue/index.js';

export const DASHBOARD_HOSTS = [...new Set(CATALOGUE.flatMap((e) => e.hosts ?? []))].sort();

export const DASHBOARD_MATCHES = DASHBOARD_HOSTS.map((host) => `https://${host}/*`);

export { providerName } from '../../shared/detect/catalogue/names.js';
