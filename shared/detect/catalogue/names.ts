/**
 * How providers are called where a person reads them (the save prompt, the fill menu). A provider not
 * listed here is shown with its id capitalised, which is right for most (`stripe` → Stripe).
 */
export const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'OpenAI', github: 'GitHub', gitlab: 'GitLab', aws: 'AWS', xai: 'xAI', huggingface: 'Hugging Face',
  digitalocean: 'DigitalOcean', sendgrid: 'SendGrid', openrouter: 'OpenRouter', pypi: 'PyPI', npm: 'npm', keyhaven: 'KeyHaven', unknown: 'API',
  deepseek: 'DeepSeek', togetherai: 'Together AI', nvidia: 'NVIDIA', langsmith: 'LangSmith', wandb: 'Weights & Biases', elevenlabs: 'ElevenLabs',
  assemblyai: 'AssemblyAI', runpod: 'RunPod', minimax: 'MiniMax', brave: 'Brave Search', rubygems: 'RubyGems', nuget: 'NuGet', cratesio: 'crates.io',
  dockerhub: 'Docker Hub', jfrog: 'JFrog', circleci: 'CircleCI', travisci: 'Travis CI', droneci: 'Drone CI', terraform: 'HCP Terraform',
  sonarqube: 'SonarQube', octopusdeploy: 'Octopus Deploy', packagecloud: 'packagecloud', readme: 'ReadMe', endorlabs: 'Endor Labs', flyio: 'Fly.io',
  alibaba: 'Alibaba Cloud', ibm: 'IBM Cloud', vault: 'HashiCorp Vault', ngrok: 'ngrok', deno: 'Deno Deploy', upcloud: 'UpCloud', valtown: 'Val Town',
  newrelic: 'New Relic', posthog: 'PostHog', launchdarkly: 'LaunchDarkly', pagerduty: 'PagerDuty', planetscale: 'PlanetScale', clickhouse: 'ClickHouse',
  hubspot: 'HubSpot', clickup: 'ClickUp', gocardless: 'GoCardless', easypost: 'EasyPost', messagebird: 'MessageBird', sumologic: 'Sumo Logic',
  logzio: 'Logz.io', onepassword: '1Password', authzero: 'Auth0', paypal: 'PayPal', twitter: 'X (Twitter)', frameio: 'Frame.io', age: 'age',
  yandex: 'Yandex Cloud',
};

export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}

/** A catalogue kind as a person writes it (`classic-pat` → `classic PAT`, `oauth` → `OAuth`). */
export function kindWords(kind: string): string {
  return kind.split('-').map((w) => (w === 'oauth' ? 'OAuth' : ['api', 'pat'].includes(w) ? w.toUpperCase() : w)).join(' ');
}

/** "OpenAI project key", "GitHub classic PAT key", "Telegram bot token" (not "token key"): what the add form and the save prompt call a key. */
export function keyPhrase(provider: string, kind: string): string {
  return `${providerName(provider)} ${kindWords(kind)} key`.replace(/ (key|token) key$/, ' $1');
}
