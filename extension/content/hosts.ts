/** Where the content script runs: the catalogue's dashboard hosts (the manifest lists them). */
import { CATALOGUE } from '../../shared/detect/catalogue/index.js';

export const DASHBOARD_HOSTS = [...new Set(CATALOGUE.flatMap((e) => e.hosts ?? []))].sort();

export const DASHBOARD_MATCHES = DASHBOARD_HOSTS.map((host) => `https://${host}/*`);

/** Display names where a provider's id is not its name. */
const NAMES: Record<string, string> = {
  openai: 'OpenAI', github: 'GitHub', gitlab: 'GitLab', aws: 'AWS', xai: 'xAI', huggingface: 'Hugging Face',
  digitalocean: 'DigitalOcean', sendgrid: 'SendGrid', openrouter: 'OpenRouter', pypi: 'PyPI', npm: 'npm', keyhaven: 'KeyHaven', unknown: 'API',
};

export function providerName(provider: string): string {
  return NAMES[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}
