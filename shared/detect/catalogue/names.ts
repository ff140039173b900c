/**
 * How providers are called where a person reads them (the save prompt, the fill menu). A provider not
 * listed here is shown with its id capitalised, which is right for most (`stripe` → Stripe).
 */
export const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'OpenAI', github: 'GitHub', gitlab: 'GitLab', aws: 'AWS', xai: 'xAI', huggingface: 'Hugging Face',
  digitalocean: 'DigitalOcean', sendgrid: 'SendGrid', openrouter: 'OpenRouter', pypi: 'PyPI', npm: 'npm', keyhaven: 'KeyHaven', unknown: 'API',
};

export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}
